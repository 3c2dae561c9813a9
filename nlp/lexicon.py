"""The question lexicon, read from the graph: every surface form a user may type, with what it names.

It feeds jieba's user dictionary and the spaCy EntityRuler, so both know the same names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from ..kg.store import Store
from .normalize import normalise

PREFIX = """PREFIX bkg: <https://budgetkg.org/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
ORGS = (
    PREFIX
    + """SELECT DISTINCT ?org ?label ?alt ?region ?full ?dept WHERE {
  ?org a <http://www.w3.org/ns/org#Organization> ; rdfs:label ?label .
  BIND(EXISTS { ?org a bkg:Department } AS ?dept)
  OPTIONAL { ?org skos:altLabel ?alt }
  OPTIONAL { ?org bkg:region ?r . ?r rdfs:label ?region OPTIONAL { ?r bkg:fullName ?full } }
}"""
)
ITEMS = (
    PREFIX
    + """SELECT DISTINCT ?kind ?label WHERE {
  { ?s bkg:rowLabel ?label BIND("ITEM" AS ?kind) }
  UNION { ?s bkg:measure ?label BIND("ITEM" AS ?kind) }
  UNION { ?s bkg:topic ?label FILTER NOT EXISTS { ?s bkg:statementKind "说明" } BIND("ITEM" AS ?kind) }
  UNION { ?s a bkg:Subject ; skos:prefLabel ?label BIND("ITEM" AS ?kind) }
  UNION { ?s a bkg:Subject ; skos:notation ?label BIND("ITEM" AS ?kind) }
  UNION { ?s a bkg:GlossaryTerm ; skos:prefLabel ?label BIND("ITEM" AS ?kind) }
  UNION { ?s a bkg:Project ; rdfs:label ?label BIND("PROJ" AS ?kind) }
  UNION { ?s a bkg:Indicator ; rdfs:label ?label BIND("IND" AS ?kind) }
  UNION { ?s a bkg:StaffCount ; bkg:staffKind ?label BIND("STAFF" AS ?kind) }
}"""
)
_ORDINAL = re.compile(r"^[(（]?[一二三四五六七八九十\d]+[)）、.．]\s*|[(（](类|款|项)[)）]$")
GENERIC = {
    "预算",
    "决算",
    "项目",
    "资金",
    "合计",
    "总计",
    "小计",
    "金额",
    "预算数",
    "决算数",
    "年初预算",
    "年初预算数",
    "预算收入",
    "收入",
    "支出",
}
PHASE_SUFFIXES = ("预算", "决算", "预算数", "决算数")
_BRACKETS = re.compile(r"[()（）]")
_ORG_SUFFIX = (("医疗保障", "医保"),)


@dataclass
class OrgName:
    """An organisation node and the region it belongs to."""

    iri: str
    label: str
    region: str | None
    region_full: str | None
    department: bool = False


@dataclass
class Lexicon:
    """Surface form -> (kind, canonical label) pairs; kinds are ORG, REGION, ITEM, PROJ, IND and STAFF
    (a head-count kind such as 事业编制, left unmasked so the intent model reads it)."""

    surfaces: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    orgs: dict[str, OrgName] = field(default_factory=dict)  # by label
    regions: dict[str, str] = field(default_factory=dict)  # short or full name -> short name

    def add(self, surface: str, kind: str, canonical: str) -> None:
        """Register one surface form (normalised the way questions are)."""
        surface = normalise(surface)
        if len(surface) >= 2 and not (kind in ("ITEM", "STAFF") and surface in GENERIC):
            self.surfaces[surface].add((kind, canonical))


def clean_label(label: str) -> str:
    """A printed row label without its ordinal (十九、) or level mark (（类）)."""
    return _ORDINAL.sub("", _ORDINAL.sub("", label)).strip()


def org_surfaces(o: OrgName, alts: set[str]) -> set[str]:
    """Names a user may type for an organisation: printed names, region-prefixed forms, 医保 short forms."""
    names = {o.label, *alts}
    for region in filter(None, (o.region_full, o.region)):
        base = {n[len(region) :] for n in names if n.startswith(region)}
        for prefix in filter(None, (o.region, o.region_full)):
            names |= {prefix + b for b in base if b}
    names |= {_BRACKETS.sub("", n) for n in names}  # 威县医疗保障局（本级） typed without brackets
    for long, short in _ORG_SUFFIX:
        names |= {n.replace(long, short) for n in names}
    return names


def build_lexicon(store: Store, question_words: Collection[str] = ()) -> Lexicon:
    """Read every organisation, region, 科目, row, topic, term, project and indicator name from `store`.

    A project or indicator name that is one of `question_words` (the templates' own wording between their
    slots), such as an indicator called 预算完成率, is how questions are asked rather than a name: left out.
    """
    lex = Lexicon()
    alts: dict[str, set[str]] = defaultdict(set)
    for row in store.query(ORGS):
        label = row["label"].value
        region, full = (row[v].value if row[v] else None for v in ("region", "full"))
        lex.orgs[label] = OrgName(row["org"].value, label, region, full, row["dept"].value == "true")
        if row["alt"]:
            alts[label].add(row["alt"].value)
        if region:
            lex.regions[region] = region
            lex.regions[full or region] = region
    for label, o in lex.orgs.items():
        for surface in org_surfaces(o, alts[label]):
            lex.add(surface, "ORG", label)
    for name, short in lex.regions.items():
        lex.add(name, "REGION", short)
    regions_longest_first = sorted(lex.regions, key=len, reverse=True)
    for row in store.query(ITEMS):
        label = row["label"].value
        if row["kind"].value in ("PROJ", "IND") and label in question_words:
            continue
        lex.add(label, row["kind"].value, label)
        if "、" in label:  # 财政拨款收、支总计 typed 财政拨款收支总计
            lex.add(label.replace("、", ""), row["kind"].value, label)
        if row["kind"].value == "ITEM" and clean_label(label) not in GENERIC:
            for suffix in PHASE_SUFFIXES:
                lex.add(clean_label(label) + suffix, "ITEM", label)
        if row["kind"].value == "ITEM" and clean_label(label) != label:
            lex.add(clean_label(label), "ITEM", label)
        if row["kind"].value == "PROJ":
            for prefix in (p for p in regions_longest_first if label.startswith(p)):
                lex.add(label[len(prefix) :], "PROJ", label)
                break
    return lex
