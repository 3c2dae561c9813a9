"""The SPARQL endpoint: protocol, negotiation, errors, safety bounds and real clients, on a small store."""

from __future__ import annotations

import csv
import io
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from importlib import resources

import httpx
import pyoxigraph as ox
import pytest
from serving import EX, ITEMS, running, small_quads, small_store

from budgetkg import negotiate, sparql_guard
from budgetkg.errors import QueryError
from budgetkg.host_guard import allowed_names, host_name
from budgetkg.server import create_app, example_queries

ROW_LIMIT = 20
SELECT_ALL = f"SELECT ?s ?v WHERE {{ ?s <{EX}value> ?v }} ORDER BY ?v"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> str:
    return small_store(str(tmp_path_factory.mktemp("small") / "store"))


@pytest.fixture(scope="module")
def url(store_dir):
    with running(create_app(store_dir, timeout=1.0, workers=2, row_limit=ROW_LIMIT)) as base:
        yield base


@pytest.fixture(scope="module")
def client(url):
    with httpx.Client(base_url=url, timeout=30) as c:
        yield c


def expected_values() -> list[int]:
    return sorted(int(q.object.value) for q in small_quads() if q.predicate.value.endswith("value"))


def values_of(json_results: dict) -> list[int]:
    return [int(b["v"]["value"]) for b in json_results["results"]["bindings"]]


def test_select_by_get_post_form_and_post_body_agree(client):
    query = SELECT_ALL + " LIMIT 5"
    by_get = client.get("/sparql", params={"query": query})
    by_form = client.post("/sparql", data={"query": query})
    by_body = client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
    for r in (by_get, by_form, by_body):
        assert r.status_code == 200
        assert r.headers["content-type"] == "application/sparql-results+json"
        assert values_of(r.json()) == expected_values()[:5]


@pytest.mark.parametrize("fmt", [ox.QueryResultsFormat.XML, ox.QueryResultsFormat.TSV])
def test_select_negotiates_xml_and_tsv(client, fmt):
    r = client.get("/sparql", params={"query": SELECT_ALL + " LIMIT 5"}, headers={"Accept": fmt.media_type})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == fmt.media_type.split(";")[0]
    rows = ox.parse_query_results(r.content, format=fmt)
    assert [int(row["v"].value) for row in rows] == expected_values()[:5]


def test_csv_by_accept_or_format_parameter_has_header_and_plain_values(client):
    by_accept = client.get(
        "/sparql", params={"query": SELECT_ALL + " LIMIT 3"}, headers={"Accept": "text/csv"}
    )
    r = client.get("/sparql", params={"query": SELECT_ALL + " LIMIT 3", "format": "csv"})
    assert r.text == by_accept.text
    table = list(csv.reader(io.StringIO(r.text)))
    assert table[0] == ["s", "v"]
    assert [int(v) for _, v in table[1:]] == expected_values()[:3]


def test_ask_answers_boolean(client):
    yes = client.get("/sparql", params={"query": f"ASK {{ ?s <{EX}value> 10 }}"}).json()
    no = client.get("/sparql", params={"query": f"ASK {{ ?s <{EX}value> -1 }}"}).json()
    assert (yes["boolean"], no["boolean"]) == (True, False)


@pytest.mark.parametrize(
    "fmt", [ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML]
)
def test_construct_negotiates_each_graph_format(client, fmt):
    query = (
        f"CONSTRUCT {{ ?s <{EX}label> ?l }} WHERE {{ ?s <{EX}label> ?l ; <{EX}value> ?v FILTER(?v < 100) }}"
    )
    r = client.post("/sparql", data={"query": query}, headers={"Accept": fmt.media_type})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == fmt.media_type
    got = {(q.subject, q.predicate, q.object) for q in ox.parse(r.content, format=fmt)}
    labels = [q for q in small_quads() if q.predicate.value.endswith("label")]
    want = {(q.subject, q.predicate, q.object) for q in labels[:10]}
    assert got == want


def test_malformed_query_gets_400_with_the_parser_message(client):
    bad = "SELECT ?s WHERE { ?s ?p }"
    with pytest.raises(SyntaxError) as parser:
        ox.Store().query(bad)
    r = client.get("/sparql", params={"query": bad})
    assert r.status_code == 400
    assert r.text == str(parser.value)


def test_unsupported_media_gets_406(client):
    r = client.get("/sparql", params={"query": SELECT_ALL}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.text


def test_missing_query_and_unknown_body_type_are_client_errors(client):
    assert client.get("/sparql").status_code == 400
    assert client.post("/sparql", content=b"x", headers={"Content-Type": "image/png"}).status_code == 415


def test_updates_refused_when_read_only(client):
    update = f"INSERT DATA {{ <{EX}x> <{EX}y> <{EX}z> }}"
    by_body = client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"})
    by_form = client.post("/sparql", data={"update": update})
    assert (by_body.status_code, by_form.status_code) == (403, 403)
    assert "--allow-update" in by_body.text


def test_service_is_refused(client):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 400
    assert "SERVICE is not allowed" in r.text


def test_row_cap_truncates_and_says_so(client):
    r = client.get("/sparql", params={"query": SELECT_ALL})
    assert values_of(r.json()) == expected_values()[:ROW_LIMIT]
    assert r.headers["X-Result-Row-Limit"] == str(ROW_LIMIT)
    assert r.headers["X-Result-Truncated"] == "true"
    small = client.get("/sparql", params={"query": SELECT_ALL + " LIMIT 3"})
    assert small.headers["X-Result-Truncated"] == "false"


def test_slow_query_is_cancelled_with_503_and_others_go_on(client):
    with ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        slow = pool.submit(client.get, "/sparql", params={"query": SLOW})
        time.sleep(0.2)
        fast = client.get("/sparql", params={"query": SELECT_ALL + " LIMIT 2"})
        fast_seconds = time.monotonic() - started
        slow_reply = slow.result()
    slow_seconds = time.monotonic() - started
    assert fast.status_code == 200 and fast_seconds < 1.0
    assert slow_reply.status_code == 503
    assert "1 s limit" in slow_reply.text
    assert slow_seconds < 3.0
    after = client.get("/sparql", params={"query": SELECT_ALL + " LIMIT 1"})  # the killed worker was replaced
    assert values_of(after.json()) == expected_values()[:1]


def test_sparqlwrapper_select_and_construct(url):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(SELECT_ALL + " LIMIT 4")
    sw.setReturnFormat(JSON)
    assert values_of(sw.query().convert()) == expected_values()[:4]
    sw.setQuery(f"CONSTRUCT {{ ?s <{EX}value> ?v }} WHERE {{ ?s <{EX}value> ?v FILTER(?v < 100) }}")
    sw.setReturnFormat(TURTLE)
    graph = ox.parse(sw.query().convert(), format=ox.RdfFormat.TURTLE)
    assert sorted(int(q.object.value) for q in graph) == [v for v in expected_values() if v < 100]


def test_rdflib_sparqlstore_select_and_ask(url):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(url + "/sparql")
    rows = list(store.query(SELECT_ALL + " LIMIT 6"))
    assert [int(row.v) for row in rows] == expected_values()[:6]
    assert store.query(f"ASK {{ ?s <{EX}value> 20 }}").askAnswer is True
    store.close()


def test_examples_come_from_the_example_files(client):
    folder = resources.files("budgetkg.queries") / "examples"
    files = sorted(e.name[:-3] for e in folder.iterdir() if e.name.endswith(".rq"))
    served = client.get("/examples").json()
    assert [e["name"] for e in served] == files == [e["name"] for e in example_queries()]
    for e in served:
        first = next(line for line in e["query"].splitlines() if line.startswith("# "))
        assert e["title"] == first[2:].strip()


def test_page_and_static_files_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "编辑此查询" in page.text
    assert client.get("/static/app.js").status_code == 200


@pytest.mark.parametrize("host", ["localhost:7878", "127.0.0.1", "[::1]:7878", "LOCALHOST"])
def test_loopback_host_names_are_served(client, host):
    r = client.get("/sparql", params={"query": SELECT_ALL + " LIMIT 1"}, headers={"Host": host})
    assert r.status_code == 200 and len(values_of(r.json())) == 1


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:7878", "127.0.0.1.nip.io", ""])
def test_other_host_names_are_refused_against_dns_rebinding(client, host):
    r = client.get("/sparql", params={"query": SELECT_ALL}, headers={"Host": host})
    assert r.status_code == 421 and "results" not in r.text


def test_allowed_host_names_are_added_to_the_loopback_ones():
    names = allowed_names("0.0.0.0", ["data.example.org:443", "[2001:db8::1]"])
    assert {"localhost", "127.0.0.1", "::1", "0.0.0.0", "data.example.org", "2001:db8::1"} == names
    assert host_name("Data.Example.org:8080") == "data.example.org"


def test_updates_allowed_with_flag_but_load_and_foreign_origins_refused(store_dir, tmp_path):
    folder = shutil.copytree(store_dir, tmp_path / "rw")
    subject = f"<{EX}item/new>"
    with running(create_app(str(folder), allow_update=True, timeout=5.0, workers=1)) as base:
        with httpx.Client(base_url=base, timeout=30) as c:
            insert = f"INSERT DATA {{ GRAPH <{EX}graph/2> {{ {subject} <{EX}value> 999 }} }}"
            assert c.post("/sparql", data={"update": insert}).status_code == 204
            count = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}value> ?v }}"
            assert (
                int(c.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"])
                == ITEMS + 1
            )
            load = c.post("/sparql", data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"})
            assert load.status_code == 400 and "LOAD is not allowed" in load.text
            foreign = c.post(
                "/sparql",
                data={"update": f"DELETE WHERE {{ {subject} ?p ?o }}"},
                headers={"Origin": "http://evil.example"},
            )
            assert foreign.status_code == 403


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
        "select * { service silent <http://x/> { ?s ?p ?o } }",
        "LOAD <http://x/data.ttl>",
        "load silent <file:///etc/passwd> into graph <http://g>",
    ],
)
def test_guard_refuses_outside_reads(text):
    with pytest.raises(QueryError):
        sparql_guard.check(text)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?service WHERE { ?service <http://x/load> "SERVICE LOAD" }',
        "PREFIX load: <http://x/> SELECT * { ?s load:service ?o } # SERVICE in a comment",
        "SELECT * { ?s <http://x/SERVICE> '''LOAD\n''' }",
    ],
)
def test_guard_allows_the_words_inside_names_strings_and_comments(text):
    sparql_guard.check(text)


def test_negotiation_prefers_quality_and_falls_back_on_wildcards():
    pick = negotiate.choose
    assert (
        pick(negotiate.SOLUTIONS, "text/csv;q=0.5, application/sparql-results+xml")
        == ox.QueryResultsFormat.XML
    )
    assert pick(negotiate.SOLUTIONS, "text/html, */*;q=0.8") == ox.QueryResultsFormat.JSON
    assert pick(negotiate.GRAPHS, "text/*") == ox.RdfFormat.TURTLE
    assert pick(negotiate.GRAPHS, "image/png", "ntriples") == ox.RdfFormat.N_TRIPLES
    with pytest.raises(negotiate.NotAcceptable):
        pick(negotiate.GRAPHS, "text/csv")
