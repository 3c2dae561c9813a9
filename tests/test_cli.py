"""The `budgetkg` command: summaries, query formats, refusals that leave the store unchanged, README."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from budgetkg.kg.store import EmbeddedStore
from typer.testing import CliRunner

from budgetkg.cli import app

ROOT = Path(__file__).resolve().parents[1]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?o a <https://budgetkg.org/ontology#Observation> }"


def run(store: Path, *args: str, stdin: str | None = None):
    """Invoke the CLI on `store`."""
    return CliRunner().invoke(app, ["--store", str(store), *args], input=stdin)


def triples(store: Path) -> int:
    """Quads in the store at `store` (opened and closed again)."""
    s = EmbeddedStore(str(store), read_only=True)
    try:
        return s.triple_count()
    finally:
        s.close()


def test_build_prints_the_summary(tmp_path, corpus_dir):
    result = run(tmp_path / "s", "build", "--corpus", str(corpus_dir))
    assert result.exit_code == 0, result.output
    found = re.fullmatch(r"(\d+) documents, (\d+) observations, (\d+) triples in [\d.]+ s\n", result.stdout)
    assert found and int(found[1]) == len(list(corpus_dir.glob("*.txt")))
    assert int(found[3]) == triples(tmp_path / "s")


def test_first_use_builds_the_bundled_corpus(tmp_path):
    result = run(tmp_path / "fresh", "sparql", COUNT, "--format", "csv")
    assert result.exit_code == 0
    assert "building the graph from the bundled corpus" in result.stderr
    assert int(result.stdout.splitlines()[1]) > 0


@pytest.mark.parametrize(
    ("fmt", "parse"),
    [
        ("json", lambda out: int(json.loads(out)["results"]["bindings"][0]["n"]["value"])),
        ("csv", lambda out: int(out.splitlines()[1])),
        ("tsv", lambda out: int(out.splitlines()[1].split("^^")[0].strip('"'))),
        ("table", lambda out: int(out.splitlines()[2])),
    ],
)
def test_sparql_formats_agree(store_copy, fmt, parse):
    result = run(store_copy, "sparql", COUNT, "--format", fmt)
    assert result.exit_code == 0, result.output
    s = EmbeddedStore(str(store_copy), read_only=True)
    expected = int(next(iter(s.query(COUNT)))["n"].value)
    s.close()
    assert parse(result.stdout) == expected


def test_construct_prints_turtle(store_copy):
    query = "CONSTRUCT WHERE { ?d a <https://budgetkg.org/ontology#Document> }"
    result = run(store_copy, "sparql", query)
    assert result.exit_code == 0 and "bkg:Document" in result.stdout


@pytest.mark.parametrize(
    "update", ["DROP ALL", "# SELECT * {}\nCLEAR DEFAULT", "LOAD <http://example.org/x.ttl>"]
)
def test_updates_are_refused(store_copy, update):
    before = triples(store_copy)
    result = run(store_copy, "sparql", update)
    assert result.exit_code == 3
    assert result.stderr.startswith("budgetkg: ") and "--allow-update" in result.stderr
    assert triples(store_copy) == before


def test_update_allowed(store_copy):
    result = run(store_copy, "sparql", "DROP ALL", "--allow-update")
    assert result.exit_code == 0 and triples(store_copy) == 0


def test_syntax_error_is_one_line(store_copy):
    result = run(store_copy, "sparql", "SELEKT * {}")
    assert result.exit_code == 3
    assert len(result.stderr.splitlines()) == 1 and "syntax" in result.stderr


def _no_tables(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("关于加强医疗保障基金监管的通知\n各单位：请认真落实。\n", encoding="utf-8")
    return path


def _binary(tmp_path: Path) -> Path:
    path = tmp_path / "scan.txt"
    path.write_bytes(bytes(range(256)) * 8)
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path


def _folder(tmp_path: Path) -> Path:
    path = tmp_path / "folder"
    path.mkdir()
    return path


def _absurd(tmp_path: Path) -> Path:
    source = min(Path(str(ROOT / "corpus")).glob("*.txt"), key=lambda p: p.stat().st_size)
    path = tmp_path / "absurd.txt"
    text = source.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\d[\d,]*\.\d\d", "9" * 20 + ".00", text, count=1), encoding="utf-8")
    return path


@pytest.mark.parametrize("make", [_binary, _empty, _folder, _no_tables, _absurd])
def test_ingest_refusals_leave_the_store_unchanged(store_copy, tmp_path, make):
    bad = make(tmp_path)
    before = triples(store_copy)
    result = run(store_copy, "ingest", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith("budgetkg: ") and bad.name in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    assert triples(store_copy) == before


def test_ingest_gb18030_copy(store_copy, tmp_path, corpus_dir):
    source = min(corpus_dir.glob("*.txt"), key=lambda p: p.stat().st_size)
    copy = tmp_path / source.name
    copy.write_bytes(source.read_text(encoding="utf-8").encode("gb18030"))
    before = run(store_copy, "export", "--format", "facts-csv").stdout
    result = run(store_copy, "ingest", str(copy))
    assert result.exit_code == 0, result.output
    assert run(store_copy, "export", "--format", "facts-csv").stdout == before


def test_export_to_file(store_copy, tmp_path):
    out = tmp_path / "facts.csv"
    result = run(store_copy, "export", "--format", "facts-csv", "-o", str(out))
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("doc,org,year,phase,table,subject_code,")


def test_stats(store_copy, corpus_dir):
    result = run(store_copy, "stats")
    assert result.exit_code == 0
    assert f"documents: {len(list(corpus_dir.glob('*.txt')))}\n" in result.stdout
    assert f"triples: {triples(store_copy)}\n" in result.stdout


def test_readme_first_command(store_copy, monkeypatch):
    block = (ROOT / "README.md").read_text(encoding="utf-8").split("```")[1]
    command = block.strip().splitlines()[0].split("&&")[1]
    argv = shlex.split(command)
    assert argv[0] == "budgetkg"
    monkeypatch.chdir(ROOT)
    result = run(store_copy, *argv[1:])
    assert result.exit_code == 0, result.output
    answer = result.stdout.strip()
    assert "1538万元" in answer and "15,380,000元" in answer
    assert "威县医疗保障局" in answer and "2021" in answer and re.search(r"001_\w+:\d+", answer)


def test_example_query_prints_the_medical_aid_row(store_copy, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run(store_copy, "sparql", "@queries/examples/weixian-medical-aid.rq")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "15380000 元" in line)
    assert "威县医疗保障局" in row and "2021" in row and re.search(r"\s\d+$", row)
