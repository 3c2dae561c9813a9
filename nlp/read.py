"""Bytes -> text: detect the encoding of a disclosure file and refuse what is not text."""

from __future__ import annotations

from pathlib import Path

from budgetkg.errors import InputError

_ENCODINGS = ("utf-8-sig", "gb18030")

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space map one-to-one onto ASCII, so a
# normalised line keeps the length and tab positions of the printed one.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def read_text(path: str | Path) -> str:
    """Read a disclosure file as text (UTF-8, UTF-8 with BOM or GB18030); raise InputError if unusable."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a document")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    if b"\x00" in data:
        raise InputError(f"{path}: binary content (NUL bytes), not a text document")
    return decode(data, str(path))


def decode(data: bytes, name: str) -> str:
    """Decode bytes with the first encoding that reads them strictly; raise InputError if none does."""
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text.replace("\r\n", "\n").replace("\r", "\n")
    raise InputError(f"{name}: not decodable as UTF-8 or GB18030 text")


def _looks_like_text(text: str) -> bool:
    """True when control characters other than tab/newline are rare (binary decoded by luck is not)."""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls <= len(text) // 1000


def normalise(text: str) -> str:
    """Full-width digits, letters and punctuation -> ASCII, one character for one (for parsing only)."""
    return text.translate(_HALF_WIDTH)
