"""The question templates of `budgetkg ask`: templates.toml plus one SPARQL file each under templates/."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent
PLACEHOLDERS = {"org": "ORG", "year": "YEAR", "item": "ITEM", "proj": "PROJ", "ind": "IND"}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Template:
    """One question kind: its SPARQL, the slots it reads, the shape of its answer and example questions."""

    name: str
    file: str
    sparql: str
    answer: str  # amount | percent | number | text | list
    slots: tuple[str, ...]
    description: str
    examples: tuple[str, ...]
    statement_kinds: tuple[str, ...] = ()


def mask_example(example: str) -> str:
    """An example with its {placeholders} replaced by the mask tokens the pipeline puts in questions."""
    return PLACEHOLDER.sub(lambda m: f" {PLACEHOLDERS[m.group(1)]} ", example)


@lru_cache(maxsize=1)
def load_templates() -> tuple[Template, ...]:
    """Every template of queries/templates.toml, with its SPARQL text read."""
    data = tomllib.loads((HERE / "templates.toml").read_text(encoding="utf-8"))
    return tuple(
        Template(
            name=t["name"],
            file=t["file"],
            sparql=(HERE / "templates" / t["file"]).read_text(encoding="utf-8"),
            answer=t["answer"],
            slots=tuple(t["slots"]),
            description=t["description"],
            examples=tuple(t["examples"]),
            statement_kinds=tuple(t.get("statements", ())),
        )
        for t in data["template"]
    )


def statements_query() -> str:
    """The query of every statement of ?org, shared by the templates that prose can answer."""
    return (HERE / "templates" / "statements.rq").read_text(encoding="utf-8")


def template(name: str) -> Template:
    """The template called `name`."""
    return next(t for t in load_templates() if t.name == name)
