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


def test_a_yearly_survey_is_dated_by_its_publication_and_names_its_year(tables):
    figures, sources = tables
    eu = context.select_latest_full(figures, EU, "2025-12")
    china = context.select_latest_full(figures, CHINA, "2025-12")
    assert eu is not None and china is not None
    assert set(context.DEFINITIONS) == {CHINA, EU}
    assert context.describe_date(CHINA, china.figure, "2025-12", sources) == (
        "at the end of December 2025"
    )
    assert context.describe_date(CHINA, china.figure, "2025-12", sources, short=True) == (
        "end of December 2025"
    )
    assert context.describe_date(EU, eu.figure, "2025-12", sources) == (
        "in its 2025 survey, published December 2025"
    )
    assert context.describe_date(EU, eu.figure, "2025-12", sources, short=True) == (
        "2025 survey, published December 2025"
    )
    assert context.describe_cutoff(EU, "2025-06") == "published by June 2025"
    assert context.describe_cutoff(CHINA, "2025-06") == "dated June 2025 or earlier"
    assert context.name_period(EU, "2025-12") == "published December 2025"
    assert context.name_period(CHINA, "2026-06") == "for June 2026"
    # The year comes from the source's name for the survey; without one, only the publication.
    assert context.find_survey_year("eurostat-20251216", sources) == "2025"
    unnamed = sources.copy()
    unnamed.loc["eurostat-20251216", "cnnic_report"] = "none (Eurostat news item)"
    assert context.describe_date(EU, eu.figure, "2025-12", unnamed, short=True) == (
        "published December 2025"
    )


def test_each_figure_used_is_dated_as_its_own_and_a_missing_one_is_said(tables):
    figures, sources = tables
    assert context.describe_figures_used(figures, sources, "2026-06") == (
        "CNNIC's at the end of December 2025; Eurostat's in its 2025 survey, published December "
        "2025"
    )
    assert context.describe_figures_used(figures, sources, "2025-06") == (
        "CNNIC's at the end of June 2025; for Eurostat, a figure published by June 2025 was not "
        "found in the coverage gathered here"
    )


def test_source_note_names_publisher_and_outlet_as_every_note_does(tables):
    figures, sources = tables
    rows = figures.loc[figures["figure_id"].isin(["penetration-2025-12", "eu-use-2025"])]
    assert context.build_source_note(rows, sources) == (
        "Sources: CNNIC, 57th Statistical Report, as carried by Xinhua; Eurostat."
    )


@pytest.mark.parametrize(
    "period,lede",
    [
        (
            "2025-12",
            "CNNIC puts the share of China's whole population using generative AI at 42.8% at "
            "the end of December 2025; Eurostat puts the share of people aged 16 to 74 in the EU "
            "at 32.7% in its 2025 survey, published December 2025. The two count different "
            "people over different spans of time, so the difference of 10.0–10.2\xa0points "
            "(computed from the two rounded shares) is not a like-for-like comparison.",
        ),
        (
            # The EU figure is dated by its publication: not "dated December 2025" as measured.
            "2025-06",
            "CNNIC puts the share of China's whole population using generative AI at 36.5% at "
            "the end of June 2025. A figure for the EU published by June 2025 was not found in "
            "the coverage gathered here (the one gathered: Eurostat, 2025 survey, published "
            "December 2025), so this report does not set the two side by side.",
        ),
        (
            "2024-12",
            "CNNIC puts the share of China's whole population using generative AI at 17.7% at "
            "the end of December 2024. A figure for the EU published by December 2024 was not "
            "found in the coverage gathered here (the one gathered: Eurostat, 2025 survey, "
            "published December 2025), so this report does not set the two side by side. Found "
            "only in a secondary outlet: 17.7% (ForexBNB).",
        ),
        (
            "2026-06",
            "No share of China's whole population using generative AI for June 2026 was read in "
            "full; the latest is CNNIC's, 42.8% at the end of December 2025; Eurostat puts the share of people aged 16 to 74 in the EU "
            "at 32.7% in its 2025 survey, published December 2025. The two count different "
            "people over different spans of time, so the difference of 10.0–10.2\xa0points "
            # Its opening clause says June 2026's share was not read in full: not said twice.
            "(computed from the two rounded shares) is not a like-for-like comparison.",
        ),
    ],
)
def test_the_lede_dates_each_share_as_its_data_allows(tables, period, lede):
    figures, sources = tables
    headline, worded = context.describe_lede(figures, sources, period)
    assert worded.text == lede
    # The headline is the first clause; for a page whose own period has no China share read in
    # full, the first two, which say so and give the latest.
    clauses = 2 if lede.startswith("No share") else 1
    assert headline == "; ".join(lede.split(". ")[0].split("; ")[:clauses])
    assert context.describe_lede(figures, sources, "2024-01")[1].text == (
        "A share of China's whole population using generative AI dated January 2024 or "
        "earlier, read in full, was not found in the coverage gathered here, so this "
        "report has nothing to set beside the EU's."
    )


def test_a_page_whose_period_has_no_share_read_in_full_says_so_in_its_headline(tables):
    figures, sources = tables
    headline, _ = context.describe_lede(figures, sources, "2026-06")
    assert headline == (
        "No share of China's whole population using generative AI for June 2026 was read in "
        "full; the latest is CNNIC's, 42.8% at the end of December 2025"
    )


def test_a_figure_left_out_is_named_with_its_value_and_its_only_outlet(tables):
    figures, sources = tables
    left_out = context.describe_left_out(figures, sources, "2026-06")
    assert left_out.text == (
        "CNNIC also gave a figure for June 2026, more than 50%‡, but it was seen only in a "
        "headline, an excerpt or a news digest, and found only in a secondary outlet, Sohu; it "
        "is not used here."
    )
    assert [figure.figure_id for figure in left_out.shown] == ["penetration-2026-06"]


def test_read_in_full_is_about_how_a_figure_was_read_and_a_secondary_outlet_is_flagged(tables):
    figures, sources = tables
    left_out = context.describe_left_out(figures, sources, "2024-12")
    assert left_out.text == (
        "No figure of either measure up to December 2024 was left out: every one found (CNNIC's "
        "16.4% for June 2024 and 17.7% for December 2024) was read in full. Found only in "
        "secondary outlets: 16.4% (LongPort), 17.7% (ForexBNB)."
    )
    assert "news report" not in left_out.text
    assert [figure.figure_id for figure in left_out.shown] == [
        "penetration-2024-06",
        "penetration-2024-12",
    ]
    # An earlier figure seen less than in full is not named, and "every one" is not claimed.
    graded = figures.copy()
    graded.loc[graded["figure_id"] == "penetration-2024-06", "seen"] = "snippet"
    assert context.describe_left_out(graded, sources, "2024-12").text.startswith(
        "No later figure of either measure up to December 2024 was left out; those read in "
        "full, are CNNIC's 17.7% for December 2024."
    )
    assert context.describe_left_out(figures, sources, "2024-01").text == (
        "No figure of either measure up to January 2024 was found in the coverage gathered here."
    )
