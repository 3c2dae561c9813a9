"""A real Oxigraph server as the store: build into it, ask it, and serve the endpoint over it."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import httpx
import pytest
from budgetkg.kg.build import build
from budgetkg.kg.store import RemoteStore, open_store
from serving import free_port, running

from budgetkg.ask import ask
from budgetkg.server import create_app

OXIGRAPH = shutil.which("oxigraph")
pytestmark = pytest.mark.skipif(
    OXIGRAPH is None, reason="the oxigraph server binary (PyPI 'oxigraph') is missing"
)
QUESTION = "威县医疗救助预算多少"


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory):
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    argv = [
        OXIGRAPH,
        "serve",
        "--location",
        str(folder),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("oxigraph server did not start")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/query"
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def remote(oxigraph_url):
    store = open_store(oxigraph_url)
    build(store)
    yield store
    store.close()


def test_open_store_recognises_an_endpoint_and_guesses_the_update_url(oxigraph_url):
    store = open_store(oxigraph_url)
    assert isinstance(store, RemoteStore)
    assert store.update_url == oxigraph_url.removesuffix("/query") + "/update"


def test_remote_build_holds_the_same_graph(remote, built_store):
    assert remote.triple_count() == built_store.triple_count()
    assert sorted(remote.graphs()) == sorted(built_store.graphs())


def test_remote_answers_like_the_embedded_store(remote, built_store):
    here, there = ask(QUESTION, built_store), ask(QUESTION, remote)
    assert there["status"] == "ok"
    assert there["answer"] == here["answer"]
    assert there["evidence"] == here["evidence"]


def test_remote_select_construct_and_bindings(remote, built_store):
    import pyoxigraph as ox

    query = (
        "PREFIX bkg: <https://budgetkg.org/ontology#> "
        "SELECT ?doc ?year WHERE { ?doc a bkg:Document ; bkg:fiscalYear ?year } ORDER BY ?doc"
    )
    assert [(r["doc"], r["year"]) for r in remote.query(query)] == [
        (r["doc"], r["year"]) for r in built_store.query(query)
    ]
    first_doc = next(iter(built_store.query(query)))["doc"]
    bound = list(remote.query(query, {"doc": first_doc}))
    assert [r["doc"] for r in bound] == [first_doc]
    described = remote.query(f"CONSTRUCT WHERE {{ {first_doc} ?p ?o }}")
    assert {(t.predicate, t.object) for t in described} == {
        (t.predicate, t.object) for t in built_store.query(f"CONSTRUCT WHERE {{ {first_doc} ?p ?o }}")
    }
    assert isinstance(remote.query("ASK { ?s ?p ?o }"), ox.QueryBoolean)


def test_endpoint_runs_over_a_remote_store(oxigraph_url, remote, built_store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://budgetkg.org/ontology#Observation> }"
    want = int(next(iter(built_store.query(count)))["n"].value)
    with running(create_app(oxigraph_url, timeout=10.0, workers=1)) as base:
        r = httpx.get(base + "/sparql", params={"query": count}, timeout=30)
        bad = httpx.get(base + "/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"}, timeout=30)
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == want
    assert bad.status_code == 400 and bad.text.startswith("error at")
