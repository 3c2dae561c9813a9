"""`ask` end to end on the graph of the five bundled documents: values, statuses, alternatives."""

import io
import json

import pytest
from budgetkg.kg.build import build
from budgetkg.kg.store import open_store

from budgetkg.ask import ask, ask_jsonl


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(str(tmp_path_factory.mktemp("askstore")))
    build(s)
    return s


@pytest.mark.parametrize(
    "question, template, value",
    [
        ("威县医疗救助预算多少", "amount", 15380000),
        pytest.param(
            "环翠区医疗保障局2020年卫生健康支出安排了多少",
            "amount",
            64919300,
            marks=pytest.mark.xfail(strict=True, reason="ranks a 单位 row above the 部门 total (known gap)"),
        ),
        ("威海市医保局2023年政府采购支出总额是多少？", "amount", 3540700),
        ("环翠区离休人员医疗费项目2020年预算多少？", "project_amount", 12000000),
        ("威海市医保局2023年收支总计比2022年减少了多少？", "change_amount", 3551300),
        ("兰山区医保局2024年机关运行经费比2023年增长了百分之几？", "change_percent", 0.24),
        ("威海市医保局2023年住房公积金完成年初预算的百分之几", "completion_rate", 102.72),
        ("高陵区医保局2020年机关运行经费年初预算多少", "initial_budget", 495300),
        ("截至2020年底高陵区医保局实有人员多少人", "staffing", 64),
        ("高陵区医疗保障局人员编制多少人", "staffing", 49),
        ("截至2020年末高陵区医保局共有几辆车", "count", 1),
    ],
)
def test_numbers(store, question, template, value):
    out = ask(question, store)
    assert (out["status"], out["template"]) == ("ok", template)
    assert abs(out["answer"]["value"] - value) < 0.005
    assert out["evidence"][0]["line"] > 0


@pytest.mark.parametrize(
    "question, template, text",
    [
        ("威海市医保局2023年住房公积金决算为什么超过年初预算？", "reason", "本年度有公积金补缴"),
        ("威县医保局预算里说的“其他收入”主要指什么？", "definition", "存款利息收入"),
        ("环翠区医保基金稽查专项经费检查定点医药机构数量目标是多少", "indicator", "433"),
    ],
)
def test_texts(store, question, template, text):
    out = ask(question, store)
    assert (out["status"], out["template"]) == ("ok", template)
    assert text in out["answer"]["value"]


def test_lists(store):
    out = ask("环翠区医疗保障局部门预算由哪些单位组成？", store)
    assert {"环翠区医疗保障局机关", "环翠区医疗保障事务服务中心"} <= set(out["answer"]["value"])


@pytest.mark.parametrize(
    "question",
    [
        "临沂市医疗保障局2024年城乡医疗救助预算是多少？",
        "威海市环翠区医疗保障局2021年部门预算总额是多少？",
        "威县医疗保障局2019年城乡医疗救助预算多少",
        "济南市医疗保障局2023年基本支出是多少",
        "威海市医疗保障局2023年人员编制和实有人数各多少？",
    ],
)
def test_refusals(store, question):
    assert ask(question, store)["status"] == "not_found"


def test_alternative_readings(store):
    out = ask("环翠区医保局2020年城乡医疗救助预算多少", store)
    values = {out["answer"]["value"], *(a["value"] for a in out["alternatives"])}
    assert {428500, 360000} <= values


def test_jsonl_keeps_order(store):
    out = io.StringIO()
    ask_jsonl(["威县医疗救助预算多少\n", "\n", "临沂市医保局有几辆车\n"], out, store)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["status"] for r in rows] == ["ok", "not_found"]
