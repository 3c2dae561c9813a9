"""Prose sections -> typed facts (duties, structure, staffing, performance, glossary, statements)."""

from ..facts import DocumentFacts


def add_prose_facts(facts: DocumentFacts, lines: list[str]) -> None:
    """Fill the prose fields of `facts` from the document's lines (0-based list, line n is lines[n-1])."""
