"""A question -> normalised text, entities and the masked text the intent model reads.

Entities come from a spaCy `zh` pipeline segmented by jieba (whose user dictionary holds the lexicon's
surface forms) with an EntityRuler built from the same lexicon; years and unknown places come from rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import jieba

from .lexicon import Lexicon
from .normalize import normalise

_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d{2})(年度|年)?(?![\d/])")
_PLACE = re.compile(r"([\u4e00-\u9fff]{1,5}?[省市区县])(?=医疗保障|医保|局|本级|机关)")
_OTHER_BODY = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:局|委员会|委|厅)")  # 卫生健康局 after a region
_ORG_TAIL = re.compile(r"(医疗保障局|医保局)?(机关|本级)?")
# a printed scope note on an organisation's name: the 部门 with its units, not a question about units
_SCOPE_NOTE = re.compile(r"\((?:含|包括|包含)(?:所属|下属)?(?:各)?单位\)|\(汇总\)")
_PROJECT_HINT = re.compile(r"项目|绩效|指标|自评|资金")
PHASES = (("年初预算", "年初预算"), ("决算", "决算"), ("执行", "决算"), ("实际", "决算"), ("预算", "预算"))


@dataclass(frozen=True)
class Entity:
    """One recognised span: its kind (ORG, REGION, ITEM, PROJ, IND, STAFF, YEAR) and canonical labels."""

    kind: str
    text: str
    start: int
    end: int
    labels: tuple[str, ...]
    kinds: tuple[str, ...] = ()


@dataclass
class Question:
    """A parsed question: what the user typed, its normalised form, entities and masked text."""

    raw: str
    text: str
    entities: list[Entity] = field(default_factory=list)
    unknown_places: list[str] = field(default_factory=list)
    masked: str = ""

    def of(self, kind: str) -> list[Entity]:
        """The entities of one kind, in question order."""
        return [e for e in self.entities if e.kind == kind]

    @property
    def years(self) -> list[int]:
        """Years named in the question, in order."""
        return [int(e.text) for e in self.of("YEAR")]

    @property
    def phase(self) -> str | None:
        """预算 | 决算 | 年初预算 when the question says so."""
        return next((p for word, p in PHASES if word in self.text), None)


class QuestionParser:
    """Recognises the lexicon's names in questions; build once per lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        import spacy

        self.lexicon = lexicon
        for surface in lexicon.surfaces:
            jieba.add_word(surface, freq=200000)
        self.nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        ruler = self.nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
        ruler.add_patterns([{"label": "NAME", "pattern": s, "id": s} for s in lexicon.surfaces])

    def parse(self, raw: str) -> Question:
        """Normalise, recognise entities and mask them."""
        q = Question(raw, normalise(raw))
        years = [
            Entity("YEAR", m.group(1), m.start(), m.end(), (m.group(1),)) for m in _YEAR.finditer(q.text)
        ]
        for ent in self.nlp(q.text).ents:
            pairs = self.lexicon.surfaces.get(ent.text)
            start, stop = ent.start_char, ent.end_char
            beside = q.text[max(start - 1, 0) : start] + q.text[stop : stop + 1]
            numbered = ent.text.isdigit() and "/" in beside  # 201 of 冀财社/2020/201号 is no 科目 code
            if pairs and not numbered and not any(y.start < stop and start < y.end for y in years):
                end = ent.end_char
                if pairs & {("REGION", lbl) for _, lbl in pairs} and (m := _ORG_TAIL.match(q.text, end)):
                    end = m.end()
                if {k for k, _ in pairs} & {"ORG", "REGION"} and (m := _SCOPE_NOTE.match(q.text, end)):
                    end = m.end()
                q.entities.append(
                    self._entity(q.text, q.text[ent.start_char : end], ent.start_char, end, pairs)
                )
        q.entities += years
        q.entities.sort(key=lambda e: e.start)
        q.unknown_places = [m.group(1) for m in _PLACE.finditer(blank(q.text, q.entities))] + [
            e.text + m.group(0)
            for e in q.of("REGION")
            if (m := _OTHER_BODY.match(q.text, e.end)) and not re.search("医疗保障|医保", m.group(0))
        ]
        q.masked = mask(q.text, q.entities)
        return q

    def _entity(self, text: str, surface: str, start: int, end: int, pairs: set[tuple[str, str]]) -> Entity:
        kinds = sorted({k for k, _ in pairs}, key=("ORG", "REGION", "IND", "PROJ", "STAFF", "ITEM").index)
        kind = kinds[0]
        if kind == "PROJ" and "ITEM" in kinds and not _PROJECT_HINT.search(text):
            kind = "ITEM"
        return Entity(
            kind, surface, start, end, tuple(sorted(lbl for k, lbl in pairs if k == kind)), tuple(kinds)
        )


def blank(text: str, entities: list[Entity]) -> str:
    """The text with entity spans replaced by a non-word character (keeps offsets)."""
    chars = list(text)
    for e in entities:
        chars[e.start : e.end] = "#" * (e.end - e.start)
    return "".join(chars)


def mask(text: str, entities: list[Entity]) -> str:
    """The text with every entity but STAFF replaced by its mask token (REGION masks as ORG)."""
    out, pos = [], 0
    for e in sorted(entities, key=lambda e: e.start):
        if e.start < pos or e.kind == "STAFF":
            continue
        out += [text[pos : e.start], f" {'ORG' if e.kind == 'REGION' else e.kind} "]
        pos = e.end
    return "".join(out + [text[pos:]])


def bigrams(text: str) -> set[str]:
    """The character bigrams of a text."""
    return {text[i : i + 2] for i in range(len(text) - 1)}
