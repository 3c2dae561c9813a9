"""Corpus → graph: extract every document and write each as its own named graph, all at once.

Triples about nodes several documents describe (organisations, regions, 科目) go to one shared graph.
A rebuild streams documents into a fresh store as they are extracted and swaps it in at the end; a
failed extraction raises before the store changes, so a failed ingest leaves it as it was.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

from ..errors import InputError, StoreError
from ..nlp.facts import DocumentFacts
from .store import DocumentGraph, Store, ntriples
from .terms import graph_iri

Progress = Callable[[int, int, str], None]  # (documents done, documents in all, name of the last one)

PARALLEL_FROM = 8  # documents per extra worker process: below that, start-up costs more than it saves
MAX_AMOUNT_YUAN = Decimal(10) ** 14  # above any government's whole budget: a misread, not a number


@dataclass(frozen=True)
class BuildSummary:
    """What a build or an ingest wrote."""

    documents: int
    observations: int
    triples: int
    seconds: float

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        return (
            f"{self.documents} documents, {self.observations} observations, "
            f"{self.triples} triples in {self.seconds:.2f} s"
        )


@dataclass(frozen=True)
class Prepared(DocumentGraph):
    """One document ready to write, with its observation count and the number of its own triples."""

    observations: int
    triples: int


def corpus_files(corpus_dir: str | Path) -> list[Path]:
    """The `*.txt` documents of a corpus folder, in name order."""
    folder = Path(corpus_dir)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of documents")
    return sorted(folder.glob("*.txt"))


def read_facts(path: Path) -> DocumentFacts:
    """Extract one file, refusing what is not a budget disclosure (errors name the file)."""
    from ..nlp.extract import extract_file

    try:
        facts = extract_file(path)
    except InputError as e:
        if path.name in str(e):
            raise
        raise InputError(f"{path}: {e}") from e
    if not facts.observations:
        raise InputError(f"{path}: no budget table with amounts found")
    absurd = next((o for o in facts.observations if abs(o.amount_yuan) >= MAX_AMOUNT_YUAN), None)
    if absurd is not None:
        raise InputError(f"{path}: line {absurd.source.line}: implausible amount {absurd.printed_value}")
    return facts


def ingest(store: Store, paths: Iterable[str | Path], progress: Progress | None = None) -> BuildSummary:
    """Extract all `paths`, then replace each document's named graph; nothing is written if one fails."""
    return _write(store, [Path(p) for p in paths], progress, exclusive=False)


def build(
    store: Store, corpus_dir: str | Path | None = None, progress: Progress | None = None
) -> BuildSummary:
    """Rebuild the store from a corpus folder (default: the bundled corpus); other graphs are dropped."""
    if corpus_dir is not None:
        return _write(store, corpus_files(corpus_dir), progress, exclusive=True)
    with resources.as_file(resources.files("budgetkg.corpus")) as folder:
        return _write(store, corpus_files(folder), progress, exclusive=True)


def is_built(store: Store) -> bool:
    """True when the store holds at least one named graph."""
    return bool(store.query("ASK { GRAPH ?g { ?s ?p ?o } }"))


def prepare(path: Path) -> Prepared:
    """Extract one document and serialise its graphs (runs in a worker process for big batches)."""
    from .rdf import document_graphs

    facts = read_facts(path)
    own, shared = (dict.fromkeys(ts) for ts in document_graphs(facts))
    return Prepared(
        graph_iri(facts.info.doc), ntriples(own), ntriples(shared), len(facts.observations), len(own)
    )


@dataclass
class _Tally:
    """Counts of what a write has seen so far."""

    documents: int = 0
    observations: int = 0
    triples: int = 0


def _write(store: Store, paths: list[Path], progress: Progress | None, exclusive: bool) -> BuildSummary:
    start = time.perf_counter()
    if not paths:
        raise InputError("no documents to ingest")
    tally = _Tally()

    def counted() -> Iterator[Prepared]:
        for path, doc in zip(paths, prepare_all(paths), strict=True):
            tally.documents += 1
            tally.observations += doc.observations
            tally.triples += doc.triples
            if progress:
                progress(tally.documents, len(paths), path.name)
            yield doc

    try:
        shared = store.replace_documents(counted(), exclusive=exclusive)
    except (OSError, SyntaxError) as e:
        raise StoreError(f"cannot write to store {store.location}: {e}") from e
    seconds = time.perf_counter() - start
    return BuildSummary(tally.documents, tally.observations, tally.triples + shared, seconds)


def prepare_all(paths: list[Path]) -> Iterator[Prepared]:
    """`prepare` each path, in order; big batches run in worker processes, one per core."""
    workers = min(os.cpu_count() or 1, len(paths) // PARALLEL_FROM)
    if workers < 2:
        yield from map(prepare, paths)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(prepare, paths, chunksize=4)
