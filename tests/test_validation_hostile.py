"""Hostile or damaged data files: refused with the file, line and column named, never trusted.

Every text field of data/ is copied from news sites by hand, so it is untrusted input. Cells are
changed by column name, so the tests hold when other columns are added or renamed.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from datafiles import add_copy, read_rows, set_cells, write_rows
from rendering import render

from helpers import analysis
from helpers.errors import DataError
from helpers.loading import compute_data_key, load_tables
from helpers.seam import hash_notebook_inputs, list_data_files


def load_error(data_dir: Path) -> str:
    """Return the message of the DataError loading the folder raises."""
    with pytest.raises(DataError) as caught:
        load_tables(data_dir)
    return str(caught.value)


# Characters that hide or reorder text: bidi overrides, isolates and marks, C0 and C1 controls,
# zero-width and line separators. "288 M" with U+202E in it shows as "M 882".
HIDDEN = {
    "\u202e": "U+202E (RIGHT-TO-LEFT OVERRIDE)",
    "\u2066": "U+2066 (LEFT-TO-RIGHT ISOLATE)",
    "\u200f": "U+200F (RIGHT-TO-LEFT MARK)",
    "\u061c": "U+061C (ARABIC LETTER MARK)",
    "\u200b": "U+200B (ZERO WIDTH SPACE)",
    "\u2028": "U+2028 (LINE SEPARATOR)",
    "\x1b": "U+001B (a control character)",
    "\x85": "U+0085 (a control character)",
    "\t": "U+0009 (a tab)",
    "\n": "U+000A (a line break)",
}
# A text cell of each file: (file, the row's first column, the column).
TEXT_CELLS = [
    ("figures.csv", "by-use-media-2025-12", "label"),
    ("sources.csv", "xinhua-2026-02-05", "publisher"),
    ("sources.csv", "forexbnb-13764", "cnnic_report"),
    ("sources.csv", "ecns-2026-02-06", "title"),
]


@pytest.mark.parametrize("character", HIDDEN)
@pytest.mark.parametrize("file, key, column", TEXT_CELLS)
def test_control_and_bidi_characters_are_refused_by_file_line_and_column(
    data_copy, character, file, key, column
):
    path = data_copy / file
    line = set_cells(path, key, **{column: f"288 M{character}users"})
    assert (
        f"{file}: line {line}, column '{column}': expected one line of visible text, found "
        f"{HIDDEN[character]}; remove it" in load_error(data_copy)
    )


def test_two_sources_contradicting_a_level_are_refused_naming_both_rows(data_copy):
    path = data_copy / "figures.csv"
    first = next(i for i, row in enumerate(read_rows(path)) if row["figure_id"] == "users-2025-12")
    line = add_copy(
        path, "users-2025-12", "users-2025-12-xinhua", source_id="xinhua-2026-02-05", value="999"
    )
    message = load_error(data_copy)
    assert (
        f"figures.csv: line {line}, column 'value': expected the value line {first + 2} gives "
        "for the same figure (metric 'genai_users', period '2025-12') within rounding, found 999 "
        "from 'xinhua-2026-02-05' against 602 from 'ecns-2026-02-06'" in message
    )


def test_two_sources_agreeing_within_rounding_are_kept(data_copy):
    path = data_copy / "figures.csv"
    # The same level again from a second outlet, and one rounded coarser (1,100 for 1,099.67).
    add_copy(path, "users-2025-12", "users-2025-12-xinhua", source_id="xinhua-2026-02-05")
    add_copy(
        path, "internet-users-2024-06", "internet-users-2024-06-b", value="1100",
        rounded_to="1", source_id="accesstochina-223",
    )  # fmt: skip
    figures, _ = load_tables(data_copy)
    assert (figures["figure_id"] == "internet-users-2024-06-b").any()


def test_published_rates_that_disagree_stay_valid_and_are_reconciled(data_copy):
    # 142 "nearly" and 141.7 (data/ has both) agree; a third outlet's 150 does not, and the
    # growth walk-through's reconciliation is where that shows, so it is not refused here.
    add_copy(
        data_copy / "figures.csv", "growth-2025-12-one-decimal", "growth-2025-12-xinhua",
        source_id="xinhua-2026-02-05", value="150.0",
    )  # fmt: skip
    figures, _ = load_tables(data_copy)
    verdicts = analysis.reconcile_growth(figures).set_index("figure_id")["consistent"]
    assert verdicts["growth-2025-12-rounded"] and verdicts["growth-2025-12-one-decimal"]
    assert not verdicts["growth-2025-12-xinhua"]


@pytest.mark.parametrize(
    "key, from_period",
    [("users-2025-12", "2024-12"), ("smes-founded-2025-q1", ""), ("growth-2025-06", "")],
)
def test_a_start_period_only_on_flows_and_changes(data_copy, key, from_period):
    line = set_cells(data_copy / "figures.csv", key, from_period=from_period)
    assert (
        f"figures.csv: line {line}, column 'from_period': expected a start period exactly when "
        "the metric is counted over a span" in load_error(data_copy)
    )


def test_negative_changes_are_valid_and_counts_are_not(data_copy):
    path = data_copy / "figures.csv"
    set_cells(path, "penetration-change-2025-12", value="-25.2")
    set_cells(path, "increase-2025-06", value="-266")
    figures, _ = load_tables(data_copy)
    assert figures.set_index("figure_id").at["penetration-change-2025-12", "value"] == -25.2
    line = set_cells(path, "smes-founded-2025-q1", value="-254000")
    assert (
        f"figures.csv: line {line}, column 'value': expected a value of 0 or more, found -254000"
        in load_error(data_copy)
    )
    line = set_cells(path, "smes-founded-2025-q1", value="254000")
    line = set_cells(path, "growth-2025-06", value="-100.0")
    assert f"figures.csv: line {line}, column 'value': expected a growth above -100" in load_error(
        data_copy
    )


@pytest.mark.parametrize("column, date", [("published", "2099-02-31"), ("accessed", "2026-11-31")])
def test_dates_the_calendar_lacks_are_refused(data_copy, column, date):
    line = set_cells(data_copy / "sources.csv", "xinhua-2026-02-05", **{column: date})
    assert (
        f"sources.csv: line {line}, column '{column}': expected a date the calendar has "
        f"(this month has fewer days), "
        f"found '{date}'" in load_error(data_copy)
    )


def test_a_period_after_its_source_was_published_is_refused(data_copy):
    set_cells(data_copy / "sources.csv", "xinhua-2026-02-05", published="2025-11-30")
    rows = read_rows(data_copy / "figures.csv")
    lines = [i + 2 for i, row in enumerate(rows) if row["source_id"] == "xinhua-2026-02-05"]
    message = load_error(data_copy)
    for line in lines:  # each figure of the 2025-12 period that outlet gives
        assert (
            f"figures.csv: line {line}, column 'period': expected a period no later than the "
            "month its source was published" in message
        )
    # Without a publication date, the access date bounds the period.
    set_cells(data_copy / "sources.csv", "xinhua-2026-02-05", published="", accessed="2025-11-30")
    set_cells(data_copy / "sources.csv", "xinhua-2026-02-05", reliability="date not given")
    assert f"figures.csv: line {lines[0]}, column 'period'" in load_error(data_copy)


def test_a_stray_csv_in_data_is_no_input(data_copy):
    key, inputs = compute_data_key(data_copy), hash_notebook_inputs(data_copy)
    (data_copy / "figures.backup.csv").write_text("not,a\nvalid,file,at all\n", encoding="utf-8")
    (data_copy / "notes.csv").mkdir()
    expected = [data_copy / name for name in ("figures.csv", "sources.csv", "findings.csv")]
    assert list_data_files(data_copy) == expected
    assert (compute_data_key(data_copy), hash_notebook_inputs(data_copy)) == (key, inputs)
    load_tables(data_copy)


def replace_with(path: Path, kind: str) -> None:
    """Replace a data file with a folder or a FIFO of the same name."""
    path.unlink()
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)


@pytest.mark.parametrize(
    "kind, what", [("folder", "is a folder"), ("fifo", "is not a regular file (a pipe or device?)")]
)
def test_a_data_file_that_is_no_file_is_refused_at_once(data_copy, kind, what):
    replace_with(data_copy / "figures.csv", kind)
    signal.alarm(20)  # a FIFO opened for reading waits for a writer: fail rather than hang
    try:
        compute_data_key(data_copy)
        hash_notebook_inputs(data_copy)
        assert f"figures.csv: {what}; expected a CSV file" in load_error(data_copy)
    finally:
        signal.alarm(0)


def test_an_unreadable_data_file_is_named(data_copy, monkeypatch):
    path = data_copy / "sources.csv"
    if os.geteuid() == 0:  # root reads any file: refuse this one the way the system would
        real_open = os.open

        def refuse(name, *args, **kwargs):
            if Path(name) == path:
                raise PermissionError(13, "Permission denied", str(name))
            return real_open(name, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    else:
        path.chmod(0)
    compute_data_key(data_copy)
    assert "sources.csv: cannot be read (Permission denied); expected a CSV file" in load_error(
        data_copy
    )


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_the_render_command_exits_3_naming_the_file(tmp_path, data_copy, capsys, kind):
    replace_with(data_copy / "figures.csv", kind)
    signal.alarm(120)
    try:
        code = render(tmp_path / "outputs", "--data", str(data_copy))
    finally:
        signal.alarm(0)
    assert code == 3
    assert "figures.csv: is " in capsys.readouterr().err


def test_a_field_over_the_csv_limit_is_called_too_long(data_copy):
    line = set_cells(data_copy / "figures.csv", "users-2025-12", label="x" * 140_000)
    message = load_error(data_copy)
    assert f"figures.csv: line {line}: a field is longer than 131,072 characters" in message
    assert "quote" not in message


def test_a_stray_nul_byte_is_named_with_its_line(data_copy):
    line = set_cells(data_copy / "figures.csv", "by-use-media-2025-12", label="Users\0 who make")
    message = load_error(data_copy)
    assert f"figures.csv: line {line}: expected text, found a NUL byte (0x00)" in message
    assert "UTF-16" not in message


def test_excels_separator_line_is_named_once(data_copy):
    path = data_copy / "figures.csv"
    path.write_text("sep=,\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    problems = load_error(data_copy).splitlines()
    assert problems == [
        f"{path}: line 1: expected the header, found 'sep=', the separator hint Excel writes; "
        "remove that line so the header comes first"
    ]


def test_rows_written_back_unchanged_still_load(data_copy):
    # The helpers of these tests rewrite whole files: make sure that alone breaks nothing.
    for name in ("figures.csv", "sources.csv"):
        write_rows(data_copy / name, read_rows(data_copy / name))
    load_tables(data_copy)
