"""Reading files: encodings, refusals, and the refusal of texts without sane budget tables."""

from pathlib import Path

import pytest
from budgetkg.nlp.extract import extract_file, extract_tables
from budgetkg.nlp.read import normalise, read_text

from budgetkg.errors import InputError

CORPUS = sorted((Path(__file__).parents[1] / "corpus").glob("*.txt"))


def _table(amount: str, year: str = "2021") -> str:
    """A minimal one-table disclosure, for refusal tests."""
    header = f"{year}年某县医疗保障局部门预算\n\n收入总表\n\n单位：万元\n\n"
    return header + f"科目编码\t科目名称\t合计\n201\t一般公共服务支出\t{amount}\n"


def test_gb18030_copy_gives_the_same_facts(tmp_path):
    source = CORPUS[0]
    copy = tmp_path / source.name
    copy.write_bytes(source.read_text("utf-8").encode("gb18030"))
    original, converted = extract_file(source), extract_file(copy)
    assert read_text(copy) == read_text(source)
    assert [(o.row_label, o.measure, o.amount_yuan) for o in converted.observations] == [
        (o.row_label, o.measure, o.amount_yuan) for o in original.observations
    ]


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + CORPUS[1].read_bytes())
    assert read_text(path) == read_text(CORPUS[1])


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01\x02binary", "binary"), (b"\xff\xfe\xfd\xfc" * 10, "not decodable")],
)
def test_unusable_files_are_refused(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_text(path)


def test_directory_and_missing_file_are_refused(tmp_path):
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing.txt")


def test_text_without_tables_is_refused():
    with pytest.raises(InputError, match="no budget tables found"):
        extract_tables("2021年某县医疗保障局部门预算\n\n一、主要职能\n\n负责医疗保障工作。\n", "prose")


def test_absurd_amount_and_year_are_refused():
    assert extract_tables(_table("12.50"), "ok").observations[0].amount_yuan == 125000
    with pytest.raises(InputError, match="absurd amount"):
        extract_tables(_table("999999999999.00"), "huge")
    with pytest.raises(InputError, match="absurd fiscal year"):
        extract_tables(_table("12.50", year="1890"), "old")


def test_normalise_keeps_positions():
    printed = "合计：\t１２３.４５（万元）"
    assert normalise(printed) == "合计:\t123.45(万元)"
    assert len(normalise(printed)) == len(printed)
