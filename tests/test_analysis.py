"""Tables derived from the real data/: reconciliation, shares, levels and penetration."""

import pytest

from helpers import analysis, loading, provenance, story


@pytest.fixture(scope="module")
def figures():
    return loading.load_figures()


@pytest.fixture(scope="module")
def sources():
    return loading.load_sources()


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


def test_reconciliation_sets_reported_rates_against_rounded_levels(figures):
    table = analysis.reconcile_growth(figures).set_index("figure_id")
    xinhua = table.loc["growth-2025-12-xinhua"]
    assert (xinhua.reported_growth_pct, xinhua.implied_growth_pct) == (141.7, 141.8)
    half = table.loc["growth-2025-06"]
    assert (half.reported_growth_pct, half.implied_growth_pct) == (106.6, 106.8)
    assert table["consistent_with_rounding"].all()
    rounded = table.loc["growth-2025-12-rounded"]
    assert (round(rounded.base_low_m, 2), round(rounded.base_high_m, 2)) == (248.76, 249.28)
    assert round(rounded.implied_base_m, 2) == 248.76
    assert bool(rounded.published_base_inside)


def test_segment_shares_overlap_and_are_not_summed(figures):
    shares = analysis.compute_segment_shares(figures, "2025-12")
    assert list(shares["segment"]) == [
        "answer_questions",
        "generate_images_video",
        "personal_assistant",
    ]
    assert [round(v, 1) for v in shares["share_pct"]] == [75.9, 47.8, 30.6]
    assert shares["overlapping"].all()
    assert "total" not in set(shares["segment"])


def test_segment_shares_fall_back_to_published_shares(figures):
    shares = analysis.compute_segment_shares(figures, "2024-12")
    assert list(shares["share_pct"]) == [77.6, 45.5]
    assert round(shares["users_m"].iloc[0], 3) == round(249 * 0.776, 3)
    assert analysis.compute_segment_shares(figures, "2024-06").empty


def test_student_bound(figures):
    bounds = analysis.compute_group_bounds(figures, "2025-12")
    assert round(bounds.loc[0, "bound_users_m"], 1) == 180.6
    assert bounds.loc[0, "qualifier"] == "more_than"


def test_levels_and_penetration(figures):
    levels = analysis.build_levels(figures).set_index("period")
    assert list(levels.index) == ["2024-06", "2024-12", "2025-06", "2025-12"]
    assert round(levels.loc["2025-12", "penetration_of_population_pct"], 2) == 42.85
    assert round(levels.loc["2024-12", "penetration_of_population_pct"], 1) == 17.7
    assert round(levels.loc["2025-12", "penetration_of_internet_users_pct"], 1) == 53.5


def test_half_year_growth(figures):
    steps = analysis.compute_period_growth(analysis.build_levels(figures))
    step = steps.loc[steps["period"] == "2025-06"].iloc[0]
    assert step.months == 6
    assert round(step.growth_pct, 1) == 106.8
    assert round(step.annualized_growth_pct, 1) == round(((515 / 249) ** 2 - 1) * 100, 1)


def test_missing_figures_are_listed(figures):
    assert analysis.list_missing(figures, "2025-12") == []
    assert "resident population" in analysis.list_missing(figures, "2025-06")
    assert "Not published for 2025\\-06" in story.describe_missing(figures, "2025-06")


def test_source_note_names_the_cnnic_report(figures, sources):
    note = provenance.build_source_note(
        figures.loc[figures["figure_id"] == "users-2025-12"], sources
    )
    assert note.startswith("Source: CNNIC, 57th Statistical Report")


def test_level_growth_and_its_words(figures):
    growth = analysis.compute_level_growth(figures, "2025-12", "2024-12")
    assert (growth.start_users_m, growth.end_users_m, growth.months) == (249, 602, 12)
    assert round(growth.growth_pct, 2) == 141.77
    text = story.describe_level_growth(growth, "2025-12", "2024-12")
    assert "**249 M** to **602 M**" in text and "**353 M**" in text and "**+141.8%**" in text
    assert analysis.compute_level_growth(figures, "2024-06", "2024-06") is None
    assert "is not before" in story.describe_level_growth(None, "2024-06", "2024-06")
    assert analysis.compute_level_growth(figures, "2025-12", "2023-12") is None
    assert "not published for both" in story.describe_level_growth(None, "2025-12", "2023-12")


def test_population_check_and_ages(figures):
    levels = analysis.build_levels(figures)
    check = story.describe_population_check(levels, "2025-12")
    assert "602 M users over a population of 1,404.89 M is 42.85%, against 42.8% published" in check
    assert "not published for 2025\\-06" in story.describe_population_check(levels, "2025-06")
    ages = story.describe_ages(figures, "2025-06")
    assert "33.8%" in ages and "74.6%" in ages
    assert story.describe_ages(figures, "2025-12") == "No age breakdown is published for 2025\\-12."


def test_chart_words_name_every_value(figures, sources):
    from helpers import captions

    levels = analysis.build_levels(figures)
    growth = analysis.compute_level_growth(figures, "2025-12", "2024-12")
    users = captions.describe_users_chart(levels, figures, sources, growth)
    assert users.alt_text == (
        "Bar chart of generative-AI users: 2024-06: 230 M; 2024-12: 249 M; 2025-06: 515 M; "
        "2025-12: 602 M. An arrow from 2024-12 to 2025-12 marks growth of +141.8%."
    )
    assert "million people" in users.subtitle and users.source_note.startswith("Source: CNNIC")
    shares = analysis.compute_segment_shares(figures, "2025-12")
    words = captions.describe_shares_chart(shares, figures, sources, "2025-12")
    assert "Answering questions: 75.9% (457.0 M)" in words.alt_text
    assert "do not add up to 100%" in words.caption
    reach = captions.describe_reach_chart(levels, figures, sources)
    assert "2025-12: 42.8% of the population, 53.5% of internet users" in reach.alt_text


def test_provenance_of_a_period(figures, sources):
    table = provenance.list_period_provenance(figures, sources, "2025-12")
    assert list(table.columns) == provenance.PROVENANCE_COLUMNS
    row = table.loc[table["figure_id"] == "users-2025-12"].iloc[0]
    assert (row.publisher, row.published) == ("China News Service (ecns.cn)", "2026-02-06")
    publications = provenance.list_period_sources(figures, sources, "2025-12")
    assert list(publications.columns) == provenance.SOURCE_COLUMNS
    assert set(publications["publisher"]) == set(table["publisher"])
    assert publications["cnnic_report"].str.startswith(("57th Statistical Report", "none")).all()
