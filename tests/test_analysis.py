"""Tables derived from the real data/: reconciliation, shares, levels and penetration."""

import math

import pytest

from helpers import analysis, headline, loading, provenance
from helpers.formatting import format_period, format_published


@pytest.fixture(scope="module")
def figures():
    return loading.load_tables()[0]


@pytest.fixture(scope="module")
def sources():
    return loading.load_tables()[1]


def test_data_holds_every_figure_of_the_article(figures):
    article = figures.loc[figures["source_id"] == "ecns-2026-02-06"]
    found = {(row.metric, row.segment, row.value, row.qualifier) for row in article.itertuples()}
    assert found == {
        ("genai_users", "", 602, "exact"),
        ("genai_users_growth", "", 142, "nearly"),
        ("genai_users_by_use", "answer_questions", 457, "exact"),
        ("genai_users_by_use", "generate_images_video", 288, "exact"),
        ("genai_users_by_use", "personal_assistant", 184, "exact"),
        ("genai_users_share_by_group", "students", 30, "more_than"),
        ("ai_software_smes_founded", "", 254000, "exact"),
        ("genai_services_registered", "", 446, "exact"),
    }


def test_every_row_cites_an_outlet_seen_carrying_it(figures):
    cited = dict(zip(figures["figure_id"], figures["source_id"], strict=True))
    assert cited["growth-2025-12-one-decimal"] == "workers-daily-2026-02-07"
    assert cited["growth-2025-06"] == "etnet-20251020752"
    assert cited["by-use-share-answers-2024-12"] == "678chat-8580"
    assert cited["by-use-share-office-2024-12"] == "678chat-8580"
    assert cited["by-use-share-answers-2025-06"] == "reportify-1144967819176316928"
    assert cited["increase-2025-06"] == "udn-9080874"
    assert cited["penetration-change-2025-12"] == "workers-daily-2026-02-07"
    unverified = figures.loc[figures["verified"] == "no", "figure_id"]
    assert sorted(unverified) == ["age-19-under-2025-06", "age-20-29-2025-06", "age-30-39-2025-06"]


def test_each_published_rate_gets_one_verdict_with_its_ranges(figures):
    table = analysis.reconcile_growth(figures).set_index("figure_id")
    expected = {
        "growth-2025-12-rounded": (248.55, 249.48),
        "growth-2025-12-one-decimal": (248.81, 249.33),
        "growth-2025-06": (248.97, 249.58),
    }
    for figure_id, (low, high) in expected.items():
        row = table.loc[figure_id]
        assert (round(row["base_low_m"], 2), round(row["base_high_m"], 2)) == (low, high)
        assert (row["published_base_low_m"], row["published_base_high_m"]) == (248.5, 249.5)
        assert bool(row["consistent"]) is True
    moved = figures.copy()
    moved.loc[moved["figure_id"] == "growth-2025-12-one-decimal", "value"] = 143.1
    flagged = analysis.reconcile_growth(moved).set_index("figure_id")
    assert bool(flagged.loc["growth-2025-12-one-decimal", "consistent"]) is False


def test_corroborating_figures_are_checked_with_both_sides_rounded(figures):
    added = analysis.check_users_increase(figures, "2025-06", "2024-12")
    assert (added.computed, added.computed_range, added.published) == (266, (265, 267), 266)
    assert added.consistent
    year = analysis.check_earlier_penetration(figures, "2025-12", "2024-12")
    assert round(year.computed, 2) == 17.6 and year.published == 17.7 and year.consistent
    half = analysis.check_earlier_penetration(figures, "2025-06", "2024-12")
    assert round(half.computed, 2) == 17.7 and half.consistent
    reach = analysis.check_penetration(figures, "2025-12")
    assert round(reach.computed, 2) == 42.85 and reach.published == 42.8 and reach.consistent
    assert analysis.check_penetration(figures, "2025-06") is None  # no mid-year population
    assert analysis.check_users_increase(figures, "2025-12", "2024-12") is None


def test_usage_shares_overlap_and_carry_no_total(figures, sources):
    shares = analysis.compute_segment_shares(figures, sources, "2025-12")
    assert [round(v, 1) for v in shares["share_pct"]] == [75.9, 47.8, 30.6]
    assert list(shares.columns) == ["segment", "segment_name", "users_m", "share_pct", "basis"]


def test_users_from_a_published_share_carry_the_precision_of_their_inputs(figures, sources):
    half = analysis.compute_segment_shares(figures, sources, "2025-06")
    assert list(half["users_m"]) == [417]
    assert list(half["basis"]) == ["share published, users estimated across two CNNIC publications"]
    end_2024 = analysis.compute_segment_shares(figures, sources, "2024-12")
    assert list(end_2024["users_m"]) == [193, 113]
    assert list(end_2024["basis"]) == ["share published, users estimated"] * 2


def test_more_than_30_percent_of_602_million_is_more_than_180_million(figures):
    bounds = analysis.compute_group_bounds(figures, "2025-12")
    assert list(bounds["users_at_least_m"]) == [180]
    assert analysis.compute_group_bounds(figures, "2024-12").empty


def test_flows_are_selected_by_the_year_their_span_falls_in(figures):
    assert list(analysis.select_flows(figures, "2025-12")["value"]) == [254000, 446]
    assert list(analysis.select_flows(figures, "2025-06")["value"]) == [254000]
    assert analysis.select_flows(figures, "2024-12").empty
    assert list(analysis.select_filings(figures, "2025-12")["value"]) == [302, 346, 538]
    assert list(analysis.select_filings(figures, "2025-06")["value"]) == [302, 346]


def test_missing_data_notes_are_exact(figures):
    assert analysis.list_gaps(figures, "2025-12") == []
    assert analysis.list_gaps(figures, "2024-12") == [
        "users by use: published only as shares of all users, no counts"
    ]
    assert analysis.list_gaps(figures, "2025-06") == [
        "population: not published",
        "users by use: published only as shares of all users, no counts",
    ]
    assert analysis.list_gaps(figures, "2024-06") == [
        "population: not published",
        "users by use: not published",
    ]


def test_half_year_steps_are_not_annualised(figures):
    steps = analysis.compute_step_growth(analysis.build_levels(figures))
    assert [round(v, 1) for v in steps["growth_pct"]] == [8.3, 106.8, 16.9]
    assert not any("annual" in column for column in steps.columns)


def test_level_growth_and_its_rounding_range(figures):
    growth = analysis.compute_level_growth(figures, "2025-12", "2024-12")
    assert (growth.start_users_m, growth.end_users_m, growth.months) == (249, 602, 12)
    assert round(growth.growth_pct, 1) == 141.8
    assert (round(growth.range_pct.low, 2), round(growth.range_pct.high, 2)) == (141.08, 142.45)
    assert analysis.compute_level_growth(figures, "2024-12", "2025-12") is None


def test_index_shows_the_eight_article_figures_once_with_the_best_sourced_rate_first(
    figures, sources
):
    items = headline.build_headline(figures, sources)
    assert [item.value for item in items] == [
        "602 M",
        "+141.7%",
        "457 M",
        "288 M",
        "184 M",
        "more than 30%",
        "254,000",
        "446",
    ]
    assert "nearly 142%" in items[1].label and "Workers' Daily" in items[1].label
    assert "Cyberspace Administration of China" in items[-1].label


def test_source_notes_name_the_outlets(figures, sources):
    rows = figures.loc[figures["period"] == "2025-12"]
    note = provenance.build_source_note(rows, sources).replace("\n", " ")
    assert note == (
        "Source: CNNIC, 57th Statistical Report; National Bureau of Statistics; as reported by "
        "China News Service, Kazinform, Workers' Daily, Xinhua."
    )
    ages = figures.loc[figures["metric"] == "genai_users_share_by_age"]
    assert "unverified" in provenance.build_source_note(ages, sources)


def test_used_sources_list_only_what_the_figures_use(figures, sources):
    rows = figures.loc[figures["figure_id"].isin(["users-2024-12", "users-2025-12"])]
    used = provenance.list_used_sources(rows, sources)
    assert list(used["source_id"]) == ["ecns-2026-02-06", "forexbnb-13764"]
    assert list(used["published"]) == ["2026-02-06", "date not recorded"]
    ages = figures.loc[figures["metric"] == "genai_users_share_by_age"]
    unverified = provenance.list_used_sources(ages, sources).set_index("source_id")
    assert unverified.loc["research-table-2026-11", "published"] == "none: no outlet found"
    assert unverified.loc["research-table-2026-11", "url"] == "none: no outlet found"


def test_published_numbers_are_written_as_published():
    assert format_published(249, "million_people") == "249 M"
    assert format_published(142, "percent", "nearly") == "nearly 142%"
    assert format_published(21.0, "percent", decimals=1) == "21.0%"
    assert format_published(1404.89, "million_people") == "1,404.89 M"
    assert format_published(25.2, "percentage_points") == "+25.2 points"
    assert format_published(254000, "count") == "254,000"
    assert format_period("2025-06") == "June 2025"


def test_decimals_as_written_survive_loading(figures):
    row = figures.loc[figures["figure_id"] == "age-20-29-2025-06"].iloc[0]
    assert (row["value"], row["decimals"]) == (21.0, 1)
    assert not math.isnan(row["value"])
