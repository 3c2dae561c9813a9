"""The `budgetkg` command: a thin Typer layer over the library; every user error is one stderr line."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated, BinaryIO

import click
import typer
from typer.core import TyperGroup

from .errors import BudgetKGError, QueryError
from .kg.export import FORMATS, RESULT_FORMATS
from .kg.store import EmbeddedStore, Store, default_location, is_remote, is_update, open_store


class _Group(TyperGroup):
    """Turns a `BudgetKGError` into `budgetkg: <message>` on stderr and its exit code, with no traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BudgetKGError as e:
            typer.echo(f"budgetkg: {e}", err=True)
            raise typer.Exit(e.exit_code) from None


app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="A knowledge graph of Chinese budget disclosures (部门预算/决算), queried in SPARQL or Chinese.",
)

ResultFormat = Enum("ResultFormat", {f: f for f in ("table", *RESULT_FORMATS)}, type=str)
ExportFormat = Enum("ExportFormat", {f: f for f in FORMATS}, type=str)

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store", envvar="BUDGETKG_STORE", help="Store folder or SPARQL endpoint URL.", show_default=False
    ),
]


@app.callback()
def _options(ctx: typer.Context, store: StoreOption = None) -> None:
    ctx.obj = store or default_location()


def _store(ctx: typer.Context) -> Store:
    """The chosen store, opened for writing."""
    return open_store(ctx.obj)


def _graph(ctx: typer.Context) -> Store:
    """The chosen store; an empty embedded one is first built from the bundled corpus, saying so."""
    from .kg.build import build, is_built

    store = _store(ctx)
    if not is_remote(store.location) and not is_built(store):
        typer.echo(f"budgetkg: building the graph from the bundled corpus into {store.location} …", err=True)
        typer.echo(f"budgetkg: {build(store).line()}", err=True)
    return store


def _stdout() -> BinaryIO:
    """Standard output as bytes, after any text already echoed."""
    sys.stdout.flush()
    return sys.stdout.buffer


def _output(path: Path | None) -> AbstractContextManager[BinaryIO]:
    return path.open("wb") if path else nullcontext(_stdout())


@app.command()
def build(
    ctx: typer.Context,
    corpus: Annotated[
        Path | None, typer.Option(help="Folder of *.txt documents (default: bundled corpus).")
    ] = None,
) -> None:
    """Rebuild the graph from a corpus; e.g. `budgetkg build --corpus ./corpus`."""
    from rich.console import Console
    from rich.progress import Progress

    from .kg.build import build as build_graph

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("extracting", total=None)
        summary = build_graph(
            _store(ctx),
            corpus,
            lambda done, total, name: bar.update(task, completed=done, total=total, description=name),
        )
    typer.echo(summary.line())


@app.command()
def ingest(
    ctx: typer.Context, files: Annotated[list[Path], typer.Argument(help="Documents (.txt).")]
) -> None:
    """Add or replace documents, all or none; e.g. `budgetkg ingest 2024年某县医保局部门预算.txt`."""
    from .kg.build import ingest as ingest_files

    typer.echo(ingest_files(_store(ctx), files).line())


@app.command()
def sparql(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="A SPARQL query, or @file.rq.")],
    fmt: Annotated[ResultFormat, typer.Option("--format")] = ResultFormat.table,
    allow_update: Annotated[
        bool, typer.Option(help="Allow SPARQL updates (INSERT, DELETE, DROP, LOAD …).")
    ] = False,
) -> None:
    """Run SPARQL over all documents; e.g. `budgetkg sparql @queries/examples/weixian-medical-aid.rq`."""
    from .kg.export import write_results

    text = _read_query(query)
    store = _graph(ctx)
    if not is_update(text):
        try:
            write_results(store.query(text), fmt.value, _stdout())
        except (RuntimeError, OSError) as e:
            raise QueryError(f"query failed: {str(e).splitlines()[0]}") from e
    elif not allow_update:
        raise QueryError("this is a SPARQL update; add --allow-update to change the store")
    else:
        store.update(text)
        typer.echo("update applied", err=True)


def _read_query(query: str) -> str:
    if not query.startswith("@"):
        return query
    try:
        return Path(query[1:]).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"cannot read query file {query[1:]}: {e}") from e


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Export the whole graph; e.g. `budgetkg export --format facts-csv -o facts.csv`."""
    from .kg.export import export as export_graph

    store = _graph(ctx)
    with _output(output) as out:
        export_graph(store, fmt.value, out)


@app.command()
def validate(ctx: typer.Context) -> None:
    """Check the graph against the SHACL shapes and sanity rules; e.g. `budgetkg validate`."""
    from .kg.validate import validate as check

    conforms, report, _ = check(_graph(ctx))
    typer.echo(report)
    raise typer.Exit(0 if conforms else 1)


@app.command()
def stats(ctx: typer.Context) -> None:
    """Count documents, organisations, observations and triples; e.g. `budgetkg stats`."""
    from .kg.terms import sparql_prologue

    store = _graph(ctx)
    counts = next(iter(store.query(sparql_prologue() + STATS_QUERY)))
    for name in ("documents", "organisations", "observations"):
        typer.echo(f"{name}: {counts[name].value}")
    typer.echo(f"triples: {store.triple_count()}")
    typer.echo(f"store: {store.location}")
    if isinstance(store, EmbeddedStore):
        typer.echo(f"size: {store.size_bytes() / 2**20:.1f} MiB")


STATS_QUERY = """SELECT ?documents ?organisations ?observations WHERE {
  { SELECT (COUNT(DISTINCT ?d) AS ?documents) WHERE { ?d a bkg:Document } }
  { SELECT (COUNT(DISTINCT ?o) AS ?organisations) WHERE { ?o a org:Organization } }
  { SELECT (COUNT(*) AS ?observations) WHERE { ?x a bkg:Observation } }
}"""


@app.command()
def describe(
    ctx: typer.Context,
    org: Annotated[str, typer.Argument(help="Organisation or region as people say it, e.g. 威县医保局.")],
    year: Annotated[int | None, typer.Option(help="Fiscal year.")] = None,
) -> None:
    """Summarise one organisation's documents; e.g. `budgetkg describe 威县医疗保障局 --year 2021`."""
    from .kg.describe import describe as summary

    typer.echo(summary(_graph(ctx), org, year))


@app.command()
def ask(
    ctx: typer.Context,
    question: Annotated[str | None, typer.Argument(help="A question in Chinese.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Answer as one JSON object.")] = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Read questions from stdin, one JSON answer a line.")
    ] = False,
    embed_model: Annotated[Path | None, typer.Option(help="Folder of a sentence-transformers model.")] = None,
) -> None:
    """Answer a Chinese question from the graph; e.g. `budgetkg ask "威县2021年城乡医疗救助预算是多少？"`."""
    from . import ask as qa

    qa.run(_graph(ctx), question, json_out=json_out, jsonl=jsonl, embed_model=embed_model)


@app.command()
def serve(
    ctx: typer.Context,
    host: str = "127.0.0.1",
    port: int = 7878,
    allow_update: Annotated[bool, typer.Option(help="Accept SPARQL updates.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run.")] = 30,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(help="Another host name clients may use to reach the server (repeatable; * for any)."),
    ] = None,
) -> None:
    """Serve the SPARQL endpoint and the web page; e.g. `budgetkg serve --port 7878`."""
    from . import server

    _graph(ctx).close()
    hosts = tuple(allowed_host or ())
    server.serve(ctx.obj, host=host, port=port, allow_update=allow_update, timeout=timeout, hosts=hosts)


def main() -> None:
    """Console-script entry point."""
    app()
