"""Question normalisation: NFKC, no spaces, Chinese digits in years and counts, 万/亿 amounts in 元."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4"}
DIGITS |= {"五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
SCALE = {"万": Decimal(10000), "亿": Decimal(100000000)}

_YEAR_CN = re.compile(r"([〇零○一二三四五六七八九]{4})(?=年)")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)([万亿])(?=元)")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "《": '"', "》": '"'})


def normalise(text: str) -> str:
    """NFKC, drop spaces and quotes, Chinese year digits to Arabic, 〇/零 to 0."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).replace('"', "").replace("'", "")
    text = _SPACE.sub("", text)
    return _YEAR_CN.sub(lambda m: "".join(DIGITS[c] for c in m.group(1)), text)


def amounts_in_yuan(text: str) -> list[Decimal]:
    """Amounts written with 万元/亿元 in a normalised text, converted exactly to 元."""
    return [Decimal(n) * SCALE[s] for n, s in _AMOUNT.findall(text)]
