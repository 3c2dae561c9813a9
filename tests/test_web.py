"""The web page in headless Chromium: ask a question, edit its query, run an example, see rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from serving import running

from budgetkg.ask import ask
from budgetkg.server import create_app, example_queries

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "screenshot.png"
QUESTION = "威县医疗救助预算多少"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="no chromium: apt-get install -y chromium to run the browser test"
)


@pytest.fixture(scope="module")
def page(built_store_dir):
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")
    with running(create_app(str(built_store_dir), workers=2)) as base, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 1000})
        page.goto(base + "/")
        yield page
        browser.close()


def test_question_shows_answer_sources_and_editable_query(page, built_store):
    expected = ask(QUESTION, built_store)
    page.fill("#question", QUESTION)
    page.click("#ask-form button")
    page.wait_for_function(
        "!document.getElementById('answer-text').textContent.includes('正在查询')", timeout=60_000
    )
    shown = page.text_content("#answer-text")
    assert shown == expected["answer"]["text"]
    assert "1538万元" in shown
    assert page.locator("#evidence li").count() == len(expected["evidence"])
    page.click("#edit-query")
    assert page.input_value("#editor") == expected["sparql"]


def test_example_query_runs_into_a_table(page, built_store):
    example = example_queries()[0]
    page.select_option("#examples", label=example["title"])
    assert page.input_value("#editor") == example["query"]
    page.click("#run")
    page.wait_for_function("/共 \\d+ 行/.test(document.getElementById('status').textContent)", timeout=30_000)
    rows = list(built_store.query(example["query"]))
    assert page.locator("#results tbody tr").count() == len(rows) > 0
    shown = [tr.locator("td").all_text_contents() for tr in page.locator("#results tbody tr").all()]
    assert sorted(shown) == sorted(["" if t is None else t.value for t in row] for row in rows)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
