"""Tables of the five sample documents: values read from the corpus, per layout."""

import time
from decimal import Decimal
from functools import cache
from pathlib import Path

from budgetkg.nlp.codes import CodeContext, split_code_name
from budgetkg.nlp.extract import extract_tables
from budgetkg.nlp.facts import DocumentFacts, Observation
from budgetkg.nlp.read import read_text

CORPUS = sorted((Path(__file__).parents[1] / "corpus").glob("*.txt"))


@cache
def _all() -> dict[str, DocumentFacts]:
    facts = [extract_tables(read_text(path), path.stem) for path in CORPUS]
    return {f.info.region: f for f in facts}


def _obs(region: str, kind: str, **fields) -> list[Observation]:
    """Observations of one document's tables of `kind` matching all `fields`."""
    return [
        o
        for o in _all()[region].observations
        if o.table.kind == kind and all(getattr(o, k) == v for k, v in fields.items())
    ]


def _one(region: str, kind: str, **fields) -> Observation:
    found = _obs(region, kind, **fields)
    assert len(found) == 1, found
    return found[0]


def test_every_document_has_its_main_tables():
    main = {"收支总表", "收入", "支出", "财政拨款收支总表", "一般公共预算支出", "三公经费", "政府性基金支出"}
    for facts in _all().values():
        kinds = {t.kind for t in facts.tables}
        assert main <= kinds, (facts.info.doc, main - kinds)
        assert not facts.skipped
        filled = {o.table.key for o in facts.observations}
        assert all(t.empty == (t.key not in filled) for t in facts.tables)


def test_one_cell_per_line_layout_in_yuan():
    o = _one("威县", "一般公共预算支出", subject_code="2101301", measure="合计", org="威县医疗保障局")
    assert (o.row_label, o.amount_yuan, o.printed_value, o.table.unit) == (
        "城乡医疗救助",
        Decimal("15380000.00"),
        "15380000.00",
        "元",
    )
    staff = _one("威县", "基本支出", row_label="合计", measure="人员经费", org="威县医疗保障局")
    assert staff.amount_yuan == Decimal("3130693.00") and staff.is_total
    salary = _one("威县", "基本支出", subject_code="30101", measure="合计", org="威县医疗保障局")
    assert salary.subject_scheme == "经济" and salary.amount_yuan == Decimal("1389816.00")


def test_department_and_unit_printings_are_kept_apart():
    rows = _obs("威县", "一般公共预算支出", subject_code="2101301", measure="合计")
    assert sorted(o.org for o in rows) == ["威县医疗保障局", "威县医疗保障局（本级）"]
    assert {o.amount_yuan for o in rows} == {Decimal("15380000.00")}
    assert len({o.table.key for o in rows}) == 2


def test_two_sided_summary_sides_and_labels():
    income = _one("威县", "收支总表", row_label="一般公共预算拨款收入", org="威县医疗保障局")
    assert (income.side, income.measure, income.amount_yuan) == ("收入", "预算数", Decimal("90816893.00"))
    housing = _one("环翠区", "收支总表", row_label="住房保障支出")
    assert (housing.side, housing.amount_yuan, housing.subject_code) == ("支出", Decimal("130100.00"), None)


def test_split_code_columns_and_unit_code_rows_in_wanyuan():
    o = _one("环翠区", "支出", subject_code="21011", measure="项目支出", org="环翠区医疗保障局机关")
    assert (o.row_label, o.printed_value, o.table.unit) == ("行政事业单位医疗", "1890.00", "万元")
    assert o.amount_yuan == Decimal("18900000") and o.org == "环翠区医疗保障局机关"
    centre = _obs("环翠区", "支出", subject_code="2101550", measure="合计")
    assert [o.org for o in centre] == ["环翠区医疗保障事务服务中心"]
    dept = _one("环翠区", "支出", row_label="环翠区医疗保障局", measure="合计")
    assert dept.is_total and dept.amount_yuan == Decimal("65112400.00")


def test_header_paths_of_three_row_headers():
    o = _one("环翠区", "收入", subject_code="2101202", measure="经费拨款")
    assert o.column_label == "财政拨款/一般公共预算/经费拨款(补助)"
    assert o.amount_yuan == Decimal("35030000.00")
    wrapped = _one("环翠区", "一般公共预算支出", subject_code="2101202", measure="项目支出")
    assert wrapped.row_label == "财政对城乡居民基本医疗保险基金的补助"


def test_code_name_cells_in_side_by_side_blocks():
    salary = _one("环翠区", "其他", subject_code="30101", measure="合计")
    assert (salary.row_label, salary.amount_yuan) == ("基本工资", Decimal("469000.00"))
    relief = _one("环翠区", "其他", subject_code="2101301", measure="一般公共预算")
    assert relief.subject_scheme == "功能" and relief.amount_yuan == Decimal("360000.00")
    assert {o.row_label for o in _obs("环翠区", "其他", is_total=True)} == {"合计"}


def test_new_level_only_codes_and_thousands_commas():
    o = _one("兰山区", "一般公共预算支出", subject_code="2101501", measure="合计")
    assert (o.row_label, o.amount_yuan) == ("行政运行", Decimal("5415000.00"))
    health = _one("兰山区", "支出", subject_code="210", measure="合计")
    assert (health.printed_value, health.amount_yuan) == ("11,193.32", Decimal("111933200.00"))
    pension = _one("兰山区", "收入", subject_code="2080505", measure="合计")
    assert pension.row_label == "机关事业单位基本养老保险缴费支出"


def test_two_code_systems_in_one_row_keep_the_department_code():
    o = _one("兰山区", "基本支出", subject_code="30101", measure="人员经费", table=_all()["兰山区"].tables[5])
    assert (o.row_label, o.amount_yuan) == ("基本工资", Decimal("1724500.00"))


def test_project_rows_and_merged_total_cells():
    relief = _one("兰山区", "项目支出", row_label="城乡医疗救助", measure="合计")
    assert relief.subject_code is None and relief.amount_yuan == Decimal("4000000.00")
    total = _one("兰山区", "政府采购", row_label="合计", measure="合计")
    assert total.amount_yuan == Decimal("40000.00") and total.is_total


def test_three_public_expenses_by_column():
    last_year = _obs("兰山区", "三公经费", measure="上年预算数")
    assert len(last_year) == 6 and {o.amount_yuan for o in last_year} == {Decimal("0.00")}
    budget = _one("威海市", "三公经费", row_label="公务接待费", measure="预算数")
    final = _one("威海市", "三公经费", row_label="公务接待费", measure="决算数")
    assert budget.amount_yuan == final.amount_yuan == Decimal("27700.00")
    training = _one("高陵区", "三公经费", row_label="培训费")
    assert (training.measure, training.amount_yuan) == ("决算数", Decimal("2300.00"))


def test_line_number_columns_are_not_amounts():
    rows = _obs("威海市", "收支总表", row_label="一般公共预算财政拨款收入")
    assert [(o.measure, o.amount_yuan) for o in rows] == [("决算数", Decimal("9390400.00"))]
    totals = _obs("威海市", "收支总表", row_label="总计")
    assert sorted(o.side for o in totals) == ["支出", "收入"]
    assert {o.amount_yuan for o in totals} == {Decimal("9589000.00")}


def test_final_accounts_tables():
    fund = _one("高陵区", "收支总表", row_label="政府性基金预算财政拨款")
    assert fund.amount_yuan == Decimal("1568600.00")
    assert _one("高陵区", "收支总表", row_label="城乡社区支出").amount_yuan == Decimal("168600.00")
    land = _one("高陵区", "政府性基金支出", subject_code="2120899", measure="项目支出")
    assert land.row_label == "其他国有土地使用权出让收入安排的支出"
    assert land.printed_value == "16.86"


def test_table_printed_again_after_page_break_is_one_table():
    tables = [t for t in _all()["高陵区"].tables if t.kind == "财政拨款收支总表"]
    assert len(tables) == 1
    labels = {o.row_label for o in _obs("高陵区", "财政拨款收支总表")}
    assert {"城乡社区支出", "本年支出合计", "支出总计"} <= labels
    empty = [t for t in _all()["高陵区"].tables if t.kind == "国有资本经营支出"]
    assert len(empty) == 1 and empty[0].empty


def test_code_reconstruction_rules():
    ctx = CodeContext()
    assert ctx.from_parts(["210", "", ""]) == "210"
    assert ctx.from_parts(["", "11", ""]) == "21011"
    assert ctx.from_parts(["", "", "02"]) == "2101102"
    assert [ctx.from_cell(cell) for cell in ("302", "07", "11")] == ["302", "30207", "30211"]
    code, name = split_code_name("30108-机关事业单位 基本养老保险缴 费")
    assert (code, name) == ("30108", "机关事业单位基本养老保险缴费")


def test_tables_of_all_documents_extract_fast():
    texts = [(read_text(path), path.stem) for path in CORPUS]
    start = time.perf_counter()
    for text, doc in texts:
        extract_tables(text, doc)
    assert time.perf_counter() - start < 0.5
