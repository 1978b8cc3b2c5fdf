"""Bad data stops loading with one message naming the file, line, column and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.errors import DataError
from helpers.loading import load_figures, load_sources


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a data file, failing if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_error(data_dir: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_figures(data_dir)
    return str(caught.value)


def test_missing_column_is_named_with_its_likely_misspelling(data_copy):
    replace_in(data_copy / "figures.csv", "qualifier,source_id", "qualifer,source_id")
    message = load_error(data_copy)
    assert (
        "figures.csv: line 1: column 'qualifier' is missing (is 'qualifer' a misspelling" in message
    )


def test_extra_column_is_refused(data_copy):
    path = data_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line + ",x" for line in lines) + "\n", encoding="utf-8")
    replace_in(path, "label,x", "label,comment")
    assert "line 1: column 'comment' is not expected" in load_error(data_copy)


@pytest.mark.parametrize("bad", ["1,234", "30%", "n/a", "six hundred"])
def test_text_in_a_number_column(data_copy, bad):
    replace_in(data_copy / "figures.csv", "2025-12,,602,", f'2025-12,,"{bad}",')
    message = load_error(data_copy)
    assert "figures.csv: line 2, column 'value': expected a plain number" in message
    assert repr(bad) in message


# One wrong cell each: (what to replace, replacement, the message that must name it).
BAD_CELLS = {
    "negative value": (
        "2025-12,,602,", "2025-12,,-602,",
        "line 2, column 'value': expected a value of 0 or more, found -602",
    ),
    "share above 100": (
        "students,2025-12,,30,", "students,2025-12,,130,",
        "line 7, column 'value': expected a share between 0 and 100 percent",
    ),
    "duplicate id": (
        "users-2024-06,", "users-2025-12,",
        "line 13, column 'figure_id': expected a value no other row has, found 'users-2025-12'",
    ),
    "unknown source id": (
        "exact,people-2024-12-02,", "exact,peoples-daily,",
        "line 13, column 'source_id': expected a source id that sources.csv defines, "
        "found 'peoples-daily'",
    ),
    "segment above total": (
        "answer_questions,2025-12,,457,", "answer_questions,2025-12,,657,",
        "line 4, column 'value': expected a segment no larger than the total generative-AI users",
    ),
    "unknown metric": (
        "users-2025-12,genai_users,", "users-2025-12,genai_user,",
        "line 2, column 'metric': expected one of the known metrics (categories have changed?)",
    ),
    "unit that does not fit the metric": (
        "2025-12,,602,million_people", "2025-12,,602,count",
        "line 2, column 'unit': expected the unit that the metric is measured in, found 'count'",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_CELLS)
def test_a_bad_cell_is_named_by_line_and_column(data_copy, case):
    old, new, expected = BAD_CELLS[case]
    replace_in(data_copy / "figures.csv", old, new)
    assert f"figures.csv: {expected}" in load_error(data_copy)


@pytest.mark.parametrize("bad", ["2025-13", "12/2025", "2025-6", "Dec 2025"])
def test_bad_period(data_copy, bad):
    replace_in(
        data_copy / "figures.csv",
        "users-2025-12,genai_users,,2025-12,",
        f"users-2025-12,genai_users,,{bad},",
    )
    assert (
        f"line 2, column 'period': expected a period written YYYY-MM, such as 2025-12, found '{bad}'"
        in load_error(data_copy)
    )


def test_missing_and_empty_files(data_copy):
    (data_copy / "figures.csv").write_text("", encoding="utf-8")
    assert "figures.csv: file is empty" in load_error(data_copy)
    (data_copy / "figures.csv").unlink()
    assert "figures.csv: file not found" in load_error(data_copy)


def test_byte_order_mark_blank_lines_and_whitespace_are_tolerated(data_copy):
    path = data_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    padded = [lines[0], "", "  " + lines[1].replace(",602,", ", 602 ,"), "   ", *lines[2:], ""]
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(padded).encode("utf-8"))
    figures = load_figures(data_copy)
    assert len(figures) == len(lines) - 1
    assert figures.loc[figures["figure_id"] == "users-2025-12", "value"].item() == 602


def test_gbk_file_is_refused_by_name_not_garbled(data_copy):
    path = data_copy / "figures.csv"
    text = path.read_text(encoding="utf-8").replace(
        "Users who ask AI to answer questions", "用户问答"
    )
    path.write_bytes(text.encode("gbk"))
    message = load_error(data_copy)
    assert "figures.csv: line 4: expected UTF-8 text" in message
    assert "GBK" in message


def test_line_numbers_count_blank_lines(data_copy):
    path = data_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(1, "")
    path.write_text(
        "\n".join(lines).replace("2025-12,,602,", "2025-12,,-1,") + "\n", encoding="utf-8"
    )
    assert "line 3, column 'value'" in load_error(data_copy)


# One wrong cell of sources.csv each: (what to replace, replacement, the message that must name it).
BAD_SOURCE_CELLS = {
    "date not YYYY-MM-DD": (
        "2024-12-02,http://en.people.cn", "02/12/2024,http://en.people.cn",
        "line 4, column 'published': expected empty or a date written YYYY-MM-DD, found '02/12/2024'",
    ),
    "url without scheme": (
        ",https://sputnikglobe.com/", ",sputnikglobe.com/",
        "line 10, column 'url': expected an http(s) URL",
    ),
    "duplicate source id": (
        "arynews-2025-10,", "forexbnb-13764,",
        "line 7, column 'source_id': expected a value no other row has, found 'forexbnb-13764'",
    ),
    "missing publisher": (
        "xinhua-2026-02-05,Xinhua (chinaview.cn),", "xinhua-2026-02-05,,",
        "line 3, column 'publisher': expected the publisher's name, found ''",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_SOURCE_CELLS)
def test_a_bad_source_cell_is_named(data_copy, case):
    old, new, expected = BAD_SOURCE_CELLS[case]
    replace_in(data_copy / "sources.csv", old, new)
    with pytest.raises(DataError) as caught:
        load_sources(data_copy)
    assert f"sources.csv: {expected}" in str(caught.value)


def test_sources_need_a_reliability_note_without_a_date(data_copy):
    replace_in(data_copy / "sources.csv", "2024-12-02,http://en.people.cn", ",http://en.people.cn")
    with pytest.raises(
        DataError, match=r"sources\.csv: line 4, column 'reliability': expected a reliability note"
    ):
        load_sources(data_copy)


def test_all_problems_are_reported_at_once(data_copy):
    replace_in(data_copy / "figures.csv", "2025-12,,602,", "2025-12,,-602,")
    replace_in(data_copy / "figures.csv", "exact,people-2024-12-02,", "exact,nobody,")
    message = load_error(data_copy)
    assert "line 2, column 'value'" in message and "line 13, column 'source_id'" in message
