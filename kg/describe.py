"""A readable profile of one organisation, read from the graph; every line names its source (doc:line)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pyoxigraph as ox

from ..errors import QueryError
from .store import Store
from .terms import sparql_prologue

_FACT = "bkg:fiscalYear ?year ; prov:wasDerivedFrom/dcterms:identifier ?doc ; bkg:sourceLine ?line"

_RESOLVE = """SELECT DISTINCT ?org ?rank ?name WHERE {
  { ?org rdfs:label ?name . BIND(0 AS ?rank) }
  UNION { ?org skos:altLabel ?name . BIND(1 AS ?rank) }
  UNION { ?r a bkg:Region . { ?r rdfs:label ?name } UNION { ?r bkg:fullName ?name }
          ?org bkg:region ?r . ?d bkg:about ?org . BIND(2 AS ?rank) }
  ?org a org:Organization .
  OPTIONAL { ?org a bkg:Department . BIND(1 AS ?dept) }
} ORDER BY ?rank DESC(?dept) ?org"""

_SEARCH = """SELECT DISTINCT ?org ?name WHERE {
  ?org a org:Organization . { ?org rdfs:label ?l } UNION { ?org skos:altLabel ?l }
  FILTER(CONTAINS(?l, ?name) || CONTAINS(?name, ?l))
} ORDER BY STRLEN(STR(?org))"""

_IDENTITY = """SELECT ?org ?label (GROUP_CONCAT(DISTINCT ?alias; separator="、") AS ?aliases)
  (SAMPLE(?code) AS ?unitCode) (SAMPLE(?rl) AS ?region) (SAMPLE(?rf) AS ?regionFull) WHERE {
  ?org rdfs:label ?label .
  OPTIONAL { ?org skos:altLabel ?alias }
  OPTIONAL { ?org bkg:unitCode ?code }
  OPTIONAL { ?org bkg:region ?r . ?r rdfs:label ?rl . OPTIONAL { ?r bkg:fullName ?rf } }
} GROUP BY ?org ?label"""

_DOCUMENTS = """SELECT DISTINCT ?org ?doc ?title ?year ?phase ?scope WHERE {
  ?d bkg:about ?org ; dcterms:identifier ?doc ; bkg:fiscalYear ?year ; bkg:phase ?phase ; bkg:scope ?scope .
  OPTIONAL { ?d dcterms:title ?title }
} ORDER BY ?year ?doc"""

# Relations between organisations live in the shared graph; a document that names either side sources one
# (looked up per organisation: bound first, the graphs naming it are one index probe away).
_RELATIONS = """SELECT DISTINCT ?org ?u ?name ?relation WHERE {
  { ?org org:hasSubOrganization ?u . BIND("下属" AS ?relation) }
  UNION { ?org org:subOrganizationOf ?u . BIND("上级" AS ?relation) }
  ?u rdfs:label ?name .
} ORDER BY ?relation ?name"""
_NAMED_IN = """SELECT DISTINCT ?doc WHERE {
  GRAPH ?g { ?x ?p ?org . ?d a bkg:Document ; dcterms:identifier ?doc }
}"""

_DUTIES = f"""SELECT DISTINCT ?org ?number ?text ?year ?doc ?line WHERE {{
  ?s a bkg:Duty ; bkg:organisation ?org ; bkg:number ?number ; bkg:text ?text ; {_FACT} .
}} ORDER BY DESC(?year) ?number"""

_BODIES = f"""SELECT DISTINCT ?org ?name ?kind ?rank ?year ?doc ?line WHERE {{
  ?s a bkg:Body ; bkg:organisation ?org ; rdfs:label ?name ; bkg:bodyKind ?kind ; {_FACT} .
  OPTIONAL {{ ?s bkg:rank ?rank }}
}} ORDER BY DESC(?year) ?line"""

_STAFF = f"""SELECT DISTINCT ?org ?category ?kind ?count ?asOf ?year ?doc ?line WHERE {{
  ?s a bkg:StaffCount ; bkg:organisation ?org ; bkg:category ?category ; bkg:staffKind ?kind ;
     bkg:count ?count ; {_FACT} .
  OPTIONAL {{ ?s bkg:asOf ?asOf }}
}} ORDER BY DESC(?year) ?line"""

_TOTALS = """SELECT DISTINCT ?org ?phase ?side ?row ?measure ?amount ?year ?doc ?line WHERE {
  ?o a bkg:Observation ; bkg:organisation ?org ; bkg:isTotal true ; bkg:rowLabel ?row ;
     bkg:measure ?measure ; bkg:amount ?amount ; bkg:sourceLine ?line ; qb:dataSet ?table .
  ?table bkg:tableKind "收支总表" ; bkg:phase ?phase ; bkg:fiscalYear ?year ;
         prov:wasDerivedFrom/dcterms:identifier ?doc .
  OPTIONAL { ?o bkg:side ?side }
} ORDER BY DESC(?year) ?doc ?line"""

_PROJECTS = f"""SELECT ?org ?project ?kind ?year ?doc ?line
  (GROUP_CONCAT(DISTINCT ?fund; separator="|") AS ?funds)
  (GROUP_CONCAT(DISTINCT ?target; separator="；") AS ?targets)
  WHERE {{
  ?p a bkg:Project ; bkg:organisation ?org ; rdfs:label ?project ; bkg:performanceTable ?perf .
  ?perf bkg:tableKind ?kind ; {_FACT} .
  OPTIONAL {{ ?perf bkg:fundAmount ?f . ?f bkg:measure ?m ; bkg:amount ?a .
             BIND(CONCAT(?m, "=", STR(?a)) AS ?fund) }}
  OPTIONAL {{ ?perf bkg:indicator ?i . ?i rdfs:label ?name . OPTIONAL {{ ?i bkg:targetText ?value }}
             BIND(CONCAT(?name, " ", COALESCE(?value, "")) AS ?target) }}
}} GROUP BY ?org ?perf ?project ?kind ?year ?doc ?line ORDER BY DESC(?year) ?line"""


def _rows(store: Store, sparql: str, org: ox.NamedNode, year: int | None) -> Iterator[dict[str, str]]:
    """Solutions of a query over one organisation (and year), as plain strings keyed by variable."""
    bindings: dict[str, ox.NamedNode | ox.Literal] = {"org": org}
    if year is not None:
        bindings["year"] = ox.Literal(year)
    solutions = store.query(sparql_prologue() + sparql, bindings)
    names = [v.value for v in solutions.variables]
    for s in solutions:
        yield {n: s[n].value for n in names if s[n] is not None}


def resolve(store: Store, name: str) -> ox.NamedNode:
    """The organisation a user means by a name, alias or region (a 部门 is preferred)."""
    literal = {"name": ox.Literal(name.strip())}
    for query in (_RESOLVE, _SEARCH):
        found = [s["org"] for s in store.query(sparql_prologue() + query, literal)]
        if found:
            return found[0]
    raise QueryError(f"no organisation, alias or region named {name!r} in the store")


def _yuan(text: str) -> str:
    """An amount in 元 with thousands separators."""
    return f"{Decimal(text):,.2f} 元"


def _funds(packed: str) -> str:
    """Fund amounts packed as measure=amount|… , written out in 元."""
    pairs = [item.split("=", 1) for item in packed.split("|") if "=" in item]
    return "".join(f"{measure} {_yuan(amount)}；" for measure, amount in pairs)


def _src(row: dict[str, str]) -> str:
    """The source of a fact: (doc:line)."""
    return f"（{row['doc']}:{row['line']}）"


def _section(title: str, lines: list[str]) -> list[str]:
    """A heading and its lines, or nothing when empty."""
    return [f"\n{title}", *(f"  {line}" for line in lines)] if lines else []


def _first_per(rows: Iterator[dict[str, str]], *keys: str) -> list[dict[str, str]]:
    """The first row (the latest year: queries sort years down) of every distinct `keys` tuple."""
    seen: dict[tuple[str, ...], dict[str, str]] = {}
    for row in rows:
        seen.setdefault(tuple(row.get(k, "") for k in keys), row)
    return list(seen.values())


def _lines(store: Store, org: ox.NamedNode, year: int | None) -> list[str]:
    """Every section after the identity block."""
    docs = list(_rows(store, _DOCUMENTS, org, year))
    if not docs:
        raise QueryError("no document about this organisation" + (f" for {year}" if year else ""))
    units = _units(store, org)
    duties = _first_per(_rows(store, _DUTIES, org, year), "text")
    bodies = _first_per(_rows(store, _BODIES, org, year), "name", "kind")
    staff = _first_per(_rows(store, _STAFF, org, year), "category", "kind")
    return [
        *_section(
            "文件", [f"{d['year']} {d['scope']}{d['phase']} {d.get('title', '')}（{d['doc']}）" for d in docs]
        ),
        *_section("所属关系", [f"{u['relation']}：{u['name']}（{u['doc']}）" for u in units]),
        *_section("主要职责", [f"（{d['number']}）{d['text']} {_src(d)}" for d in duties]),
        *_section("机构", [f"{b['kind']}：{b['name']} {b.get('rank', '')} {_src(b)}" for b in bodies]),
        *_section(
            "人员",
            [
                f"{s.get('asOf') or s['year']} {s['category']} {s['kind']}：{s['count']} 人 {_src(s)}"
                for s in staff
            ],
        ),
        *_section("收支总表合计", [_total(t) for t in _rows(store, _TOTALS, org, year)]),
        *_section("项目", [_project(p) for p in _rows(store, _PROJECTS, org, year)]),
    ]


def _units(store: Store, org: ox.NamedNode) -> list[dict[str, str]]:
    """The organisation's units and parent, each with the first document (by name) naming either side."""

    def named_in(node: str) -> set[str]:
        return {r["doc"] for r in _rows(store, _NAMED_IN, ox.NamedNode(node), None)}

    own = named_in(org.value)
    units = _first_per(_rows(store, _RELATIONS, org, None), "name")
    return [u | {"doc": min(docs)} for u in units if (docs := own | named_in(u["u"]))]


def _total(t: dict[str, str]) -> str:
    """One total of a 收支总表."""
    return f"{t['year']} {t['phase']} {t['row']}（{t['measure']}）：{_yuan(t['amount'])} {_src(t)}"


def _project(p: dict[str, str]) -> str:
    """One project with its funds and indicator targets."""
    targets = p.get("targets") or "—"
    return f"{p['year']} {p['project']}（{p['kind']}）{_funds(p.get('funds', ''))}目标：{targets} {_src(p)}"


def describe(store: Store, org_name: str, year: int | None = None) -> str:
    """A profile of one organisation: documents, units, region, duties, bodies, staff, totals, projects."""
    org = resolve(store, org_name)
    identity = next(_rows(store, _IDENTITY, org, None))
    out = [identity["label"]]
    if identity.get("aliases"):
        out.append(f"  别名：{identity['aliases']}")
    if identity.get("region"):
        region, full = identity["region"], identity.get("regionFull")
        out.append(f"  地区：{region}" + (f"（{full}）" if full and full != region else ""))
    if identity.get("unitCode"):
        out.append(f"  单位编码：{identity['unitCode']}")
    return "\n".join(out + _lines(store, org, year))
