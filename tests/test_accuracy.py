"""Answer accuracy on question sets whose answers were read from the documents by hand.

`heldout_questions.jsonl` and `eval_questions.jsonl` are written apart from the templates' examples, so
they measure how `ask` does on wordings it has not seen; `refusal_questions.jsonl` holds only questions the
corpus cannot answer (absent organisations, years, 科目, projects, indicators, standards), all to be
refused. Scoring follows the rules of the sample scorer:
amounts within 0.5 元, numbers within 0.005, texts contained in the answer, every NOT_FOUND refused.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from budgetkg.ask import ask

HERE = Path(__file__).parent
FLOORS = {"heldout_questions.jsonl": 0.97, "eval_questions.jsonl": 0.975, "refusal_questions.jsonl": 1.0}


def _norm(value: object) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).replace("，", ",")


def _number(value: object) -> float | None:
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace(",", "")
    return float(text) if re.fullmatch(r"[-+]?\d*\.?\d+", text) else None


def correct(gold: dict, out: dict) -> bool:
    """True when `out` answers `gold` by the sample scorer's rules."""
    if gold["answer"] == "NOT_FOUND":
        return out["status"] == "not_found"
    if out["status"] != "ok":
        return False
    value, kind = out["answer"]["value"], gold["answer_type"]
    if kind in ("amount", "percent", "number"):
        got = _number(value)
        tolerance = 0.5 if kind == "amount" else 0.005 + 1e-9
        return got is not None and abs(got - float(gold["answer"])) <= tolerance
    hay = _norm(out["answer"]["text"]) + _norm(json.dumps(value, ensure_ascii=False))
    wanted = gold["answer"] if isinstance(gold["answer"], list) else [gold["answer"]]
    return all(_norm(item) in hay for item in wanted)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_on_unseen_wordings(name: str, built_store) -> None:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    gold = [json.loads(line) for line in lines if line.strip()]
    results = [(q, ask(q["question"], built_store)) for q in gold]
    refusals = [q["id"] for q, out in results if q["answer"] == "NOT_FOUND" and out["status"] != "not_found"]
    accuracy = sum(correct(q, out) for q, out in results) / len(results)
    assert not refusals, f"answered questions the corpus cannot answer: {refusals}"
    assert accuracy >= FLOORS[name], f"{name}: accuracy {accuracy:.3f}"
