"""Extraction entry points: a disclosure file or text -> `DocumentFacts` (tables, then prose)."""

from __future__ import annotations

from pathlib import Path

from budgetkg.errors import InputError

from . import vocab
from .document import add_unit_orgs, canonical, document_info
from .facts import DocumentFacts, TableInfo
from .layout import squeeze
from .observations import TableContext, read_table
from .prose import add_prose_facts
from .read import normalise, read_text
from .tables import RawTable, find_tables

__all__ = ["extract_file", "extract_tables", "extract_text", "read_text"]


def extract_file(path: str | Path) -> DocumentFacts:
    """Read and extract one document; the document key is the file stem."""
    path = Path(path)
    return extract_text(read_text(path), path.stem)


def extract_text(text: str, doc: str) -> DocumentFacts:
    """Extract every numeric table and, via `nlp.prose`, the prose facts of one document's text."""
    facts = extract_tables(text, doc)
    add_prose_facts(facts, text.removeprefix("\ufeff").split("\n"))
    return facts


def extract_tables(text: str, doc: str) -> DocumentFacts:
    """Document info, tables and observations of one document's text (no prose facts)."""
    lines = text.removeprefix("\ufeff").split("\n")
    raws = find_tables(lines)
    if not raws:
        raise InputError(f"{doc}: no budget tables found")
    info = document_info(doc, lines, [raw.unit for raw in raws], [raw.org for raw in raws if raw.org])
    facts = DocumentFacts(info)
    ctx = TableContext(doc, info.year, info.phase, lines)
    ctx.unit_orgs.update({raw.org_code: raw.org for raw in raws if raw.org_code and raw.org})
    previous: tuple[RawTable, TableInfo] | None = None
    for raw in raws:
        if previous and _continues(previous[0], raw):
            table = previous[1]
        else:
            table = _table_info(raw, doc, f"t{len(facts.tables) + 1:02d}", info.org)
            facts.tables.append(table)
        observations = read_table(raw, table, ctx)
        table.empty = table.empty and not observations
        facts.observations.extend(observations)
        previous = (raw, table)
    if not facts.observations:
        raise InputError(f"{doc}: no budget tables found (only empty tables)")
    renames = add_unit_orgs(info, ctx.unit_orgs)
    for item in [*facts.tables, *facts.observations]:
        item.org = renames.get(canonical(item.org), canonical(item.org))
    facts.skipped.extend(ctx.skipped)
    return facts


def _table_info(raw: RawTable, doc: str, key: str, default_org: str) -> TableInfo:
    """The TableInfo of a newly found table (marked empty until it yields an observation)."""
    return TableInfo(
        doc=doc,
        key=key,
        kind=vocab.table_kind(squeeze(normalise(raw.title))),
        title=raw.title,
        number=raw.number,
        unit=raw.unit,
        org=canonical(raw.org) if raw.org else default_org,
        line=raw.title_line,
        empty=True,
    )


def _continues(before: RawTable, after: RawTable) -> bool:
    """True when a table is printed again after a page break (same title, number and organisation)."""
    same_title = squeeze(normalise(before.title)) == squeeze(normalise(after.title))
    return same_title and before.number == after.number and before.org == after.org
