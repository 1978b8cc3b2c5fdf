"""Bad data stops loading with one message naming the file, line, column and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.errors import DataError
from helpers.loading import load_tables


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a data file, failing if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_error(data_dir: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_tables(data_dir)[0]
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
    "490余 read for people, which only counts support": (
        "2025-12,,602,1,million_people,exact", "2025-12,,600,1,million_people,odd",
        "line 2, column 'qualifier': expected 'odd' (490余, 490-odd) only for a count",
    ),
    "unit that does not fit the metric": (
        "2025-12,,602,1,million_people", "2025-12,,602,1,count",
        "line 2, column 'unit': expected the unit that the metric is measured in, found 'count'",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_CELLS)
def test_a_bad_cell_is_named_by_line_and_column(data_copy, case):
    old, new, expected = BAD_CELLS[case]
    replace_in(data_copy / "figures.csv", old, new)
    assert f"figures.csv: {expected}" in load_error(data_copy)


# Other scripts' digits (Arabic-Indic, full-width) match '\d' but are not periods; nor is year 1900.
@pytest.mark.parametrize(
    "bad",
    ["2025-13", "12/2025", "2025-6", "Dec 2025", "٢٠٢٥-12", "２０２５-12", "1900-01", "2101-01"],
)
def test_bad_period(data_copy, bad):
    replace_in(
        data_copy / "figures.csv",
        "users-2025-12,genai_users,,2025-12,",
        f"users-2025-12,genai_users,,{bad},",
    )
    assert (
        f"line 2, column 'period': expected a period written YYYY-MM between 2000-01 and 2100-12, "
        f"such as 2025-12, found '{bad}'" in load_error(data_copy)
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
    figures = load_tables(data_copy)[0]
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
    "unknown kind of outlet": (
        ",news,The news report this project", ",newspaper,The news report this project",
        "line 2, column 'outlet': expected one of the known kinds of outlet: "
        "['publisher', 'news', 'secondary'], found 'newspaper'",
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
        load_tables(data_copy)[1]
    assert f"sources.csv: {expected}" in str(caught.value)


def test_sources_need_a_reliability_note_without_a_date(data_copy):
    replace_in(data_copy / "sources.csv", "2024-12-02,http://en.people.cn", ",http://en.people.cn")
    with pytest.raises(
        DataError, match=r"sources\.csv: line 4, column 'reliability': expected a reliability note"
    ):
        load_tables(data_copy)[1]


def test_all_problems_are_reported_at_once(data_copy):
    replace_in(data_copy / "figures.csv", "2025-12,,602,", "2025-12,,-602,")
    replace_in(data_copy / "figures.csv", "exact,people-2024-12-02,", "exact,nobody,")
    message = load_error(data_copy)
    assert "line 2, column 'value'" in message and "line 13, column 'source_id'" in message


def test_a_second_row_for_the_same_figure_names_both_lines(data_copy):
    path = data_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # The same source giving 2025-12's users twice; the first row used to win silently.
    lines.append(
        lines[1].replace("users-2025-12,", "users-2025-12-again,").replace(",602,", ",620,")
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert (
        f"figures.csv: line {len(lines)}: expected one figure per metric, segment, period, "
        "from_period and source; line 2 already gives metric 'genai_users', segment '', "
        "period '2025-12', from_period '', source_id 'ecns-2026-02-06'"
    ) in load_error(data_copy)


def test_two_sources_may_publish_the_same_figure(data_copy):
    figures = load_tables(data_copy)[0]
    growth = figures.loc[
        (figures["metric"] == "genai_users_growth") & (figures["period"] == "2025-12")
    ]
    assert sorted(growth["value"]) == [141.7, 142]


# Values that pass as numbers but cannot be true: (replace, replacement, the message).
IMPLAUSIBLE = {
    "overflows to infinity": (
        "2025-12,,602,", "2025-12,," + "9" * 400 + ",",
        "line 2, column 'value': expected a finite number (this one overflows)",
    ),
    "zero level that others divide by": (
        "population,,2024-12,,1408.28,", "population,,2024-12,,0,",
        "line 30, column 'value': expected a level above 0",
    ),
    "users above the population": (
        "2025-12,,602,", "2025-12,,1500,",
        "line 2, column 'value': expected a number of people no larger than the population",
    ),
    "internet users above the population (period without its own)": (
        "2025-06,,1123,", "2025-06,,1500,",
        "line 29, column 'value': expected a number of people no larger than the population",
    ),
    "digits of another script": (
        "2025-12,,602,", "2025-12,,٦٠٢,",
        "line 2, column 'value': expected a plain number",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", IMPLAUSIBLE)
def test_implausible_values_are_refused(data_copy, case):
    old, new, expected = IMPLAUSIBLE[case]
    replace_in(data_copy / "figures.csv", old, new)
    assert f"figures.csv: {expected}" in load_error(data_copy)


# Rows the CSV parser cannot split as the header says: (how to break line 2 or a later one, message).
MALFORMED = {
    "unquoted comma in the first data row": (
        "at the end of 2025\n", "at the end, of 2025\n",
        "line 2: expected 12 fields as in the header, found 13 (an unquoted comma in a value?)",
    ),
    "a missing field": (
        "users-2024-06,genai_users,,2024-06,,230,", "users-2024-06,genai_users,2024-06,,230,",
        "line 13: expected 12 fields as in the header, found 11",
    ),
    "an unclosed quote": (
        "users-2024-12,genai_users,,2024-12,,249,", 'users-2024-12,genai_users,,2024-12,,"249,',
        "line 15: not valid CSV (',' expected after '\"'); check the quotes of the row starting",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_rows_name_their_line(data_copy, case):
    old, new, expected = MALFORMED[case]
    replace_in(data_copy / "figures.csv", old, new)
    assert f"figures.csv: {expected}" in load_error(data_copy)


def test_line_numbers_stay_true_after_a_quoted_field_spanning_lines(data_copy):
    replace_in(
        data_copy / "figures.csv",
        "Generative-AI users at the end of 2025",
        '"Generative-AI\nusers\nat the end of 2025"',
    )
    replace_in(
        data_copy / "figures.csv",
        "Generative-AI users at the end of June 2024",
        "Users\u202e in 2024",
    )
    message = load_error(data_copy)
    # A line break in a cell is refused too, on the line its row starts on.
    assert (
        "figures.csv: line 2, column 'label': expected one line of visible text, found "
        "U+000A (a line break)" in message
    )
    # The label of line 2 spans lines 2-4, so the row that was line 13 starts on line 15.
    assert (
        "figures.csv: line 15, column 'label': expected one line of visible text, found U+202E "
        "(RIGHT-TO-LEFT OVERRIDE); remove it" in message
    )


def test_utf16_and_semicolons_are_named(data_copy):
    path = data_copy / "figures.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("utf-16"))
    assert "figures.csv: line 1: expected UTF-8 text, found UTF-16" in load_error(data_copy)
    path.write_text(text.replace(",", ";"), encoding="utf-8")
    assert (
        "figures.csv: line 1: columns are separated by ';' (semicolon); expected commas"
        in load_error(data_copy)
    )
    # Also with a column more than expected, and with tabs.
    path.write_text(text.replace(",", ";").replace("\n", ";extra\n"), encoding="utf-8")
    assert "line 1: columns are separated by ';' (semicolon)" in load_error(data_copy)
    path.write_text(text.replace(",", "\t"), encoding="utf-8")
    assert "line 1: columns are separated by a tab; expected commas" in load_error(data_copy)


def test_an_unknown_grade_is_refused(data_copy):
    replace_in(
        data_copy / "figures.csv", "xinhua-2026-09-29,snippet,", "xinhua-2026-09-29,headline,"
    )
    message = load_error(data_copy)
    assert "column 'seen': expected one of the known grades of how the figure was seen" in message
    assert "found 'headline'" in message


def test_a_lower_bound_written_as_a_metric_names_its_qualifier(data_copy):
    path = data_copy / "figures.csv"
    line = next(
        number
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if text.startswith("users-2026-06,")
    )
    replace_in(path, "users-2026-06,genai_users,", "users-2026-06,genai_users_lower_bound,")
    assert (
        f"figures.csv: line {line}, column 'metric': expected one of the known metrics, found "
        "'genai_users_lower_bound'; a lower bound (\"more than 700 million\", 突破, 超过) is metric "
        "'genai_users' with qualifier 'more_than' (or 'at_least')"
    ) in load_error(data_copy)


def test_a_figure_copied_by_a_third_party_is_credited_to_the_copy_not_the_publisher():
    # data/ itself: a transcription is seen through the third party that made it, so its figures
    # are flagged as found only in a secondary outlet wherever a page shows them.
    figures, sources = load_tables()
    copied = sorted(set(figures.loc[figures["seen"] == "transcription", "source_id"]))
    assert copied and set(sources.loc[copied, "outlet"]) == {"secondary"}
