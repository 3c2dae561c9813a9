"""Ingest benchmark: a synthetic corpus of N documents into pyoxigraph, side by side with rdflib, then
the two halves of an ingest (extraction, the store's bulk load) timed apart.

Documents are the bundled ones rewritten: region names, years and amounts varied per copy.
Usage: python benchmarks/bench_build.py [N] [--rdflib-cap 100]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import re
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from budgetkg.kg.build import ingest, prepare_all
from budgetkg.kg.store import EmbeddedStore
from budgetkg.kg.terms import concept_iri, graph_iri, org_iri, slice_iri, sparql_prologue
from budgetkg.nlp.extract import extract_file
from budgetkg.nlp.facts import DocumentInfo
from budgetkg.nlp.read import read_text

YEAR = re.compile(r"(?<![\d.])20\d\d(?![\d.])")
STEMS = "甲乙丙丁戊己庚辛壬癸"  # one per decimal digit of the copy's number
AMOUNT = re.compile(r"(?<![\d.])\d[\d,]*\.\d\d(?!\d)")

SUBJECT = concept_iri("功能", "2101301")
# One organisation's 合计 for one 科目 and year, three ways (docs/rdf-model.md, "Writing fast queries"):
# by its bkg:slice key (one index probe), as a star led by the bound organisation, and the star with the
# organisation bound by pyoxigraph substitutions (planned as if unbound: the old way).
POINT_QUERY = """SELECT ?slice ?amount ?line WHERE {
  ?o bkg:slice ?slice ; bkg:measure "合计" ; bkg:amount ?amount ; bkg:sourceLine ?line .
}"""
STAR_QUERY = f"""SELECT ?org ?year ?amount ?line WHERE {{
  ?o bkg:organisation ?org ; bkg:subject <{SUBJECT}> ; bkg:measure "合计" ; bkg:amount ?amount ;
     bkg:sourceLine ?line ; qb:dataSet ?table .
  ?table bkg:fiscalYear ?year .
}}"""

# Sums per table first, then per year and phase (docs/rdf-model.md: a sub-SELECT keeps the join small).
AGGREGATE_QUERY = """SELECT ?year ?phase (SUM(?sum) AS ?total) (SUM(?cells) AS ?n) WHERE {
  { SELECT ?table (SUM(?amount) AS ?sum) (COUNT(*) AS ?cells) WHERE {
      ?o qb:dataSet ?table ; bkg:measure "合计" ; bkg:amount ?amount .
    } GROUP BY ?table }
  ?table bkg:fiscalYear ?year ; bkg:phase ?phase .
} GROUP BY ?year ?phase"""


Target = tuple[str, int, str]  # organisation, year and phase of a copy


def synthesise(n: int, folder: Path) -> list[Target]:
    """Write `n` rewritten copies of the bundled documents; return (organisation, year, phase) of each."""
    with resources.as_file(resources.files("budgetkg.corpus")) as corpus:
        sources = sorted(Path(corpus).glob("*.txt"))
        infos = [extract_file(p).info for p in sources]
        texts = [read_text(p) for p in sources]
    made = []
    for i in range(n):
        k = i % len(sources)
        text, org, year = rewrite(texts[k], infos[k], i)
        (folder / f"{i:05d}_{sources[k].stem}.txt").write_text(text, encoding="utf-8")
        made.append((org, year, infos[k].phase))
    return made


def rewrite(text: str, info: DocumentInfo, i: int) -> tuple[str, str, int]:
    """Copy `i` of a document: its region renamed, years shifted, amounts scaled; with its org and year."""
    region = "样本" + "".join(STEMS[int(d)] for d in str(i)) + "县"  # no digits: real names have none
    shift, scale = i % 3, Decimal(100 + i % 17) / 100
    names = sorted(filter(None, {info.region_full, info.region}), key=len, reverse=True)
    org = info.org
    for name in names:
        text, org = text.replace(name, region), org.replace(name, region)
    text = YEAR.sub(lambda m: str(int(m.group()) + shift), text)
    text = AMOUNT.sub(lambda m: f"{Decimal(m.group().replace(',', '')) * scale:,.2f}", text)
    return text, org, info.year + shift


def p50_ms(run: Callable[[], object], repeat: int = 20) -> float:
    """Median wall time of `run` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def peak_rss_mib() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_oxigraph(folder: Path, target: Target, cap: int) -> tuple[dict[str, float], bytes]:
    """Ingest the folder into a fresh embedded store and time queries; figures and the first `cap` graphs."""
    store = EmbeddedStore(str(folder / "store"))
    paths = sorted(folder.glob("*.txt"))
    summary = ingest(store, paths)
    org, year, phase = target
    bind = {"org": ox.NamedNode(org_iri(org)), "year": ox.Literal(year)}
    point = {"slice": ox.NamedNode(slice_iri(org, year, phase, SUBJECT))}
    star, aggregate = sparql_prologue() + STAR_QUERY, sparql_prologue() + AGGREGATE_QUERY
    substitutions = {ox.Variable(k): v for k, v in bind.items()}

    def substituted() -> list[ox.QuerySolution]:
        return list(store.oxigraph.query(star, use_default_graph_as_union=True, substitutions=substitutions))

    figures = {
        "documents": summary.documents,
        "triples": summary.triples,
        "seconds": summary.seconds,
        "documents/s": summary.documents / summary.seconds,
        "triples/s": summary.triples / summary.seconds,
        "store MiB": store.size_bytes() / 2**20,
        "point p50 ms": p50_ms(lambda: list(store.query(sparql_prologue() + POINT_QUERY, point))),
        "point star p50 ms": p50_ms(lambda: list(store.query(star, bind))),
        "point subst p50 ms": p50_ms(substituted, repeat=5),
        "aggregate p50 ms": p50_ms(lambda: list(store.query(aggregate)), repeat=5),
        "peak RSS MiB": peak_rss_mib(),
    }
    graphs = [ox.NamedNode(graph_iri(p.stem)) for p in paths[:cap]]
    quads = (q for g in graphs for q in store.oxigraph.quads_for_pattern(None, None, None, g))
    return figures, ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def bench_stages(folder: Path) -> dict[str, float]:
    """The two halves of an ingest run alone: extraction to N-Triples (worker processes, no store), then
    the store's bulk load of those graphs (no extraction); shows which one bounds documents/s."""
    paths = sorted(folder.glob("*.txt"))
    start = time.perf_counter()
    docs = list(prepare_all(paths))
    extracted = time.perf_counter() - start
    quads = sum(d.triples for d in docs)
    start = time.perf_counter()
    EmbeddedStore(str(folder / "stage-store")).replace_documents(docs, exclusive=True)
    loaded = time.perf_counter() - start
    return {
        "extract docs/s": len(docs) / extracted,
        "load-only docs/s": len(docs) / loaded,
        "load-only quads/s": quads / loaded,
        "quads/document": quads / len(docs),
    }


def bench_rdflib(nquads: bytes, target: Target, queue: mp.Queue) -> None:
    """Load the same quads into an rdflib memory Dataset and time the same queries (run in a child)."""
    from rdflib import Dataset, Literal, URIRef
    from rdflib.namespace import XSD

    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(data=nquads, format="nquads")
    seconds = time.perf_counter() - start
    triples = len(ds)
    org, year, _ = target
    bind = {"org": URIRef(org_iri(org)), "year": Literal(year, datatype=XSD.integer)}
    queue.put(
        {
            "triples": triples,
            "seconds": seconds,
            "triples/s": triples / seconds,
            "point star p50 ms": p50_ms(
                lambda: list(ds.query(sparql_prologue() + STAR_QUERY, initBindings=bind)), 5
            ),
            "aggregate p50 ms": p50_ms(lambda: list(ds.query(sparql_prologue() + AGGREGATE_QUERY)), 3),
            "peak RSS MiB": peak_rss_mib(),
        }
    )


def main() -> None:
    """Run both sides and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="?", default=200)
    parser.add_argument("--rdflib-cap", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        targets = synthesise(args.n, folder)
        ox_figures, nquads = bench_oxigraph(folder, targets[0], args.rdflib_cap)
        ox_figures |= bench_stages(folder)
        fork = mp.get_context("fork")
        queue = fork.Queue()
        child = fork.Process(target=bench_rdflib, args=(nquads, targets[0], queue))
        child.start()
        rdflib_figures = queue.get()
        child.join()
    print(f"{'':20}{'pyoxigraph N=' + str(args.n):>22}{'rdflib N=' + str(min(args.n, args.rdflib_cap)):>22}")
    for key, left in ox_figures.items():
        right = rdflib_figures.get(key)
        print(f"{key:20}{_figure(left):>22}{_figure(right):>22}")


def _figure(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


if __name__ == "__main__":
    main()
