"""Refuse SPARQL that reaches outside the store: SERVICE, LOAD and other host- or file-reading operations."""

from __future__ import annotations

import re

from .errors import QueryError

# Lexemes whose contents must not be mistaken for keywords: long and short strings, IRIs, comments.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
)
# Keywords stand alone: not part of a prefixed name (ex:load), a variable (?service) or a longer word.
_FORBIDDEN = re.compile(r"(?<![\w:?$.-])(SERVICE|LOAD)(?![\w:-])", re.IGNORECASE)


def keywords_only(sparql: str) -> str:
    """The query text with strings, IRIs and comments blanked out, so only syntax remains."""
    return _OPAQUE.sub(" ", sparql)


def check(sparql: str) -> None:
    """Raise QueryError when `sparql` uses an operation that reads other hosts or files."""
    found = _FORBIDDEN.search(keywords_only(sparql))
    if found:
        raise QueryError(f"{found.group(1).upper()} is not allowed: this endpoint only reads its own store")
