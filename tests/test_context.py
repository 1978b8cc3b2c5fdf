"""China beside the EU on the frozen fixture data: full-text figures only, dated by the period."""

from __future__ import annotations

import pytest

from helpers import context

CHINA, EU = "genai_penetration", "eu_genai_use_share"


@pytest.fixture(scope="module")
def tables(fixture_tables):
    return fixture_tables


@pytest.fixture(scope="module")
def figures(tables):
    return tables[0]


@pytest.mark.parametrize(
    "period,china,eu",
    [
        ("2024-06", ("2024-06", 16.4), None),
        ("2024-12", ("2024-12", 17.7), None),
        ("2025-06", ("2025-06", 36.5), None),
        ("2025-12", ("2025-12", 42.8), ("2025-12", 32.7)),
        ("2026-06", ("2025-12", 42.8), ("2025-12", 32.7)),
    ],
)
def test_latest_full_text_figure_at_or_before_each_period(figures, period, china, eu):
    for metric, expected in ((CHINA, china), (EU, eu)):
        found = context.select_latest_full(figures, metric, period)
        got = None if found is None else (found.period, found.figure.value)
        assert got == expected


def test_a_later_snippet_is_left_out_and_named(figures):
    found = context.select_latest_full(figures, CHINA, "2026-06")
    assert found is not None
    assert list(found.left_out["figure_id"]) == ["penetration-2026-06"]
    assert list(context.list_left_out(figures, CHINA, "2026-06")["seen"]) == ["snippet"]
    assert context.list_left_out(figures, CHINA, "2025-12").empty


def test_only_the_grade_decides(figures):
    graded = figures.copy()
    graded.loc[graded["figure_id"] == "penetration-2026-06", "seen"] = "primary"
    found = context.select_latest_full(graded, CHINA, "2026-06")
    assert found is not None
    assert (found.period, found.figure.value, found.figure.qualifier) == (
        "2026-06",
        50,
        "more_than",
    )
    graded.loc[graded["metric"] == EU, "seen"] = "transcription"
    assert context.select_latest_full(graded, EU, "2026-06") is None


def test_definitions_cover_both_metrics_and_date_their_figures():
    assert set(context.DEFINITIONS) == {CHINA, EU}
    assert context.describe_date(CHINA, "2025-12") == "at the end of December 2025"
    assert context.describe_date(EU, "2025-12") == "in its 2025 survey"
    assert context.describe_date(EU, "2025-12", short=True) == "2025 survey"


def test_source_note_names_publisher_and_outlet(tables):
    figures, sources = tables
    rows = figures.loc[figures["figure_id"].isin(["penetration-2025-12", "eu-use-2025"])]
    assert context.build_source_note(rows, sources) == (
        "Sources: CNNIC, 57th Statistical Report, as reported by Xinhua; Eurostat."
    )
