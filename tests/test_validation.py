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


def test_negative_value(data_copy):
    replace_in(data_copy / "figures.csv", "2025-12,,602,", "2025-12,,-602,")
    assert "line 2, column 'value': expected a value of 0 or more, found -602" in load_error(
        data_copy
    )


def test_share_above_100(data_copy):
    replace_in(data_copy / "figures.csv", "students,2025-12,,30,", "students,2025-12,,130,")
    assert "line 7, column 'value': expected a share between 0 and 100 percent" in load_error(
        data_copy
    )


def test_duplicate_id(data_copy):
    replace_in(data_copy / "figures.csv", "users-2024-06,", "users-2025-12,")
    message = load_error(data_copy)
    assert (
        "line 13, column 'figure_id': expected a value no other row has, found 'users-2025-12'"
        in message
    )


def test_unknown_source_id(data_copy):
    replace_in(data_copy / "figures.csv", "exact,people-2024-12-02,", "exact,peoples-daily,")
    message = load_error(data_copy)
    assert (
        "line 13, column 'source_id': expected a source id that sources.csv defines, found 'peoples-daily'"
        in message
    )


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


def test_segment_above_total(data_copy):
    replace_in(
        data_copy / "figures.csv",
        "answer_questions,2025-12,,457,",
        "answer_questions,2025-12,,657,",
    )
    message = load_error(data_copy)
    assert (
        "line 4, column 'value': expected a segment no larger than the total generative-AI users"
        in message
    )


def test_unknown_metric_says_categories_changed(data_copy):
    replace_in(data_copy / "figures.csv", "users-2025-12,genai_users,", "users-2025-12,genai_user,")
    assert (
        "line 2, column 'metric': expected one of the known metrics (categories have changed?)"
        in load_error(data_copy)
    )


def test_unit_must_match_metric(data_copy):
    replace_in(data_copy / "figures.csv", "2025-12,,602,million_people", "2025-12,,602,count")
    assert (
        "line 2, column 'unit': expected the unit that the metric is measured in, found 'count'"
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
