"""Tables derived from the frozen fixture data: reconciliation, shares, levels, bounds and flows."""

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import analysis, headline, provenance
from helpers.analysis import Basis
from helpers.formatting import (
    describe_marks,
    format_computed,
    format_period,
    format_published,
)
from helpers.metrics import Interval


def test_fixture_holds_every_figure_of_the_article(figures):
    article = figures.loc[figures["source_id"] == "ecns-2026-02-06"]
    found = {(row.metric, row.segment, row.value, row.qualifier) for row in article.itertuples()}
    assert found == {
        ("genai_users", "", 602, "exact"),
        ("genai_users_growth", "", 142, "nearly"),
        ("genai_users_by_use", "answer_questions", 457, "exact"),
        ("genai_users_by_use", "generate_images_video", 288, "exact"),
        ("genai_users_by_use", "personal_assistant", 184, "exact"),
        ("genai_users_share_by_occupation", "students", 30, "more_than"),
        ("ai_software_smes_founded", "", 254000, "exact"),
        ("genai_services_filed", "", 446, "exact"),
    }


def test_each_figure_is_read_at_its_published_precision(figures):
    mid_2024 = analysis.select_published(figures, "genai_users", "2024-06")
    assert (mid_2024.value, mid_2024.rounded_to, mid_2024.range) == (230, 10, (225, 235))
    firms = analysis.select_published(figures, "ai_software_smes_founded", "2025-03", "", "2025-01")
    assert firms.range == (253500, 254500)
    mid_2026 = analysis.select_published(figures, "genai_users", "2026-06")
    assert (mid_2026.qualifier, mid_2026.range, mid_2026.is_point) == (
        "more_than",
        (700, math.inf),
        False,
    )


def test_the_best_seen_most_precise_figure_leads(figures):
    # Two outlets give the 2025 growth: both in full text, so the finer step (141.7) leads.
    rate = analysis.select_published(figures, "genai_users_growth", "2025-12", "", "2024-12")
    assert (rate.value, rate.source_id) == (141.7, "workers-daily-2026-02-07")
    # Students: "more than 30 %" read in full text leads the 30.1 % copied by a third party.
    students = analysis.select_published(
        figures, "genai_users_share_by_occupation", "2025-12", "students"
    )
    assert (students.value, students.qualifier, students.seen) == (30, "more_than", "full_text")


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


def make_figures(rows: list[tuple]) -> pd.DataFrame:
    """Return a figures frame from (metric, period, from_period, value, rounded_to, qualifier)."""
    columns = ["metric", "period", "from_period", "value", "rounded_to", "qualifier"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["figure_id"] = [f"f{i}" for i in range(len(frame))]
    frame["segment"] = ""
    frame["decimals"] = [max(0, -math.floor(math.log10(s))) for s in frame["rounded_to"]]
    frame["unit"] = "million_people"
    frame["source_id"] = "s"
    frame["seen"] = "full_text"
    return frame


steps = st.sampled_from([0.01, 0.1, 1.0, 10.0])
rate_steps = st.sampled_from([0.1, 1.0])


@settings(deadline=None)  # builds a frame per example: slow on a loaded machine, never wrong
@given(
    start=st.floats(min_value=50, max_value=2000),
    growth=st.floats(min_value=1, max_value=300),
    start_step=steps,
    end_step=steps,
    rate_step=rate_steps,
)
def test_rounded_honest_figures_always_reconcile_at_their_recorded_precision(
    start, growth, start_step, end_step, rate_step
):
    end = start * (1 + growth / 100)

    def publish(value: float, step: float) -> float:
        return round(round(value / step) * step, 2)

    figures = make_figures(
        [
            ("genai_users", "2025-06", "", publish(start, start_step), start_step, "exact"),
            ("genai_users", "2025-12", "", publish(end, end_step), end_step, "exact"),
            (
                "genai_users_growth",
                "2025-12",
                "2025-06",
                publish(growth, rate_step),
                rate_step,
                "exact",
            ),
        ]
    )
    table = analysis.reconcile_growth(figures)
    assert bool(table["consistent"].iloc[0]) is True
    growth_range = analysis.compute_level_growth(figures, "2025-12", "2025-06").range_pct
    assert growth_range.low <= growth * (1 + 1e-9) and growth <= growth_range.high * (1 + 1e-9)


def test_corroborating_figures_are_checked_with_both_sides_rounded(figures):
    added = analysis.check_users_increase(figures, "2025-06", "2024-12")
    assert (added.computed, added.computed_range, added.published) == (266, (265, 267), 266)
    assert added.consistent
    year = analysis.check_earlier_penetration(figures, "2025-12", "2024-12")
    assert round(year.computed, 2) == 17.6 and year.published == 17.7 and year.consistent
    reach = analysis.check_share(figures, "genai_penetration", "2025-12")
    assert round(reach.computed, 2) == 42.85 and reach.published == 42.8 and reach.consistent
    assert analysis.check_share(figures, "genai_penetration", "2025-06") is None  # no population
    # Every published share of two published levels is checked: internet users too.
    internet = analysis.check_share(figures, "internet_penetration", "2025-12")
    assert format_computed(internet.computed_range, "percent") == "80.0–80.2%"
    assert internet.published == 80.1 and internet.consistent
    assert analysis.check_share(figures, "internet_penetration", "2024-12") is None
    assert analysis.check_users_increase(figures, "2025-12", "2024-12") is None


def test_reach_among_internet_users_is_computed_at_the_precision_it_bears(figures):
    end_2025 = analysis.compute_internet_reach(figures, "2025-12")
    assert format_computed(end_2025, "percent") == "53.4–53.6%"
    # 230 M (2.3亿) over 1,099.67 M: the coarse count allows 20.5-21.4 %, not "20.9 %".
    assert (
        format_computed(analysis.compute_internet_reach(figures, "2024-06"), "percent")
        == "20.4–21.4%"
    )
    assert analysis.compute_internet_reach(figures, "2026-06") is None


def test_growth_from_a_coarse_count_is_wide_and_a_share_narrows_it(figures):
    growth = analysis.compute_level_growth(figures, "2024-12", "2024-06")
    assert format_computed(growth.range_pct, "percent") == "5.7–10.9%"
    narrowed = analysis.bound_users_by_share(figures, "2024-06", "2024-12")
    assert (round(narrowed.low, 1), round(narrowed.high, 1)) == (228.9, 232.5)


def test_a_lower_bound_gives_a_bound_on_growth_and_on_people(figures):
    growth = analysis.compute_level_growth(figures, "2026-06", "2025-12")
    assert growth.growth_pct is None
    assert format_computed(growth.range_pct, "percent") == "more than 16.1%"
    assert (growth.start.seen, growth.end.seen) == ("full_text", "snippet")
    by_share = analysis.bound_users_by_share(figures, "2026-06", "2025-12")
    assert (round(by_share.low), by_share.high) == (702, math.inf)


def test_a_share_on_another_dates_population_base_is_checked_against_the_count(figures):
    bound = analysis.check_users_by_share(figures, "2026-06", "2025-12")
    assert format_computed(bound.computed_range, "million_people", 0) == "more than 701\xa0M"
    assert bound.published_range == (700, math.inf) and bound.consistent
    coarse = analysis.check_users_by_share(figures, "2024-06", "2024-12")
    assert format_computed(coarse.computed_range, "million_people", 1) == "228.9–232.6\xa0M"
    assert coarse.published_range == (225, 235) and coarse.consistent
    # A count the share cannot reach on that base is not consistent with it.
    moved = figures.copy()
    moved.loc[moved["figure_id"] == "users-2024-06", "value"] = 250
    assert not analysis.check_users_by_share(moved, "2024-06", "2024-12").consistent
    assert analysis.check_users_by_share(figures, "2025-12", "2023-12") is None  # no such base


def test_a_bounded_or_coarse_count_is_checked_by_the_share_in_words_with_a_verdict(figures):
    """Review 3, item 8: the check reads as a sum with its verdict, not 'imply (…), means …'.
    Review 4, item 6: a range about the count 230 M (225–235 M) is in whole millions, and the
    growth is the one a reader gets from the range as written."""
    latest = analysis.compute_level_growth(figures, "2026-06", "2025-12")
    worded = analysis.describe_users_by_share(figures, latest)
    # Review 4, item 2: two floors always meet, so the share is no check of the count.
    assert worded.text == (
        "CNNIC's share of the population for June 2026 gives only a floor: more than 50%‡ of a "
        "population of 1,403–1,410\xa0M (computed from its figures for December 2025, 602\xa0M ÷ "
        "42.8%) is more than 701\xa0M (computed) if the population stayed the same. The published "
        "count, more than 700\xa0M‡, is a lower bound too, so the share neither confirms nor "
        "contradicts it."
    )
    assert [f.figure_id for f in worded.shown] == [
        "penetration-2026-06",
        "users-2025-12",
        "penetration-2025-12",
    ]
    early = analysis.compute_level_growth(figures, "2024-12", "2024-06")
    assert analysis.describe_users_by_share(figures, early).text == (
        "The count for June 2024 was published to the nearest 10\xa0M. CNNIC's share of the "
        "population for June 2024 checks the count: 16.4% of a population of 1,400–1,414\xa0M "
        "(computed from its figures for December 2024, 249\xa0M ÷ 17.7%) is 228–233\xa0M (computed) "
        "if the population stayed the same, consistent with the published count, 230\xa0M. With the "
        "count narrowed to that range, the growth is 6.8–9.0% (computed)."
    )
    # Counts to the nearest million: nothing to check or narrow.
    year = analysis.compute_level_growth(figures, "2025-12", "2024-12")
    assert analysis.describe_users_by_share(figures, year) == analysis.Worded("", ())
    # A count the share cannot reach is said not to be consistent, and nothing is narrowed.
    moved = figures.copy()
    moved.loc[moved["figure_id"] == "users-2024-06", "value"] = 250
    off = analysis.describe_users_by_share(
        moved, analysis.compute_level_growth(moved, "2024-12", "2024-06")
    ).text
    assert "not consistent with the published count, 250\xa0M." in off and "narrow" not in off


def test_usage_shares_lead_with_the_published_share_and_never_add_up(figures, sources):
    shares = analysis.compute_use_shares(figures, sources, "2025-12")
    assert list(shares["share_pct"]) == [76.0, 47.8, 37.6, 32.5, 30.6, 30.1, 10.8]
    assert set(shares["share_basis"]) == {Basis.PUBLISHED}
    counted = shares.set_index("segment")
    assert counted.loc["answer_questions", "users_m"] == 457
    assert counted.loc["answer_questions", "users_basis"] == Basis.PUBLISHED
    assert counted.loc["generate_code", "users_basis"] == Basis.ESTIMATED
    # The article's counts agree with the transcribed shares within rounding: 457/602 vs 76.0 %.
    assert list(shares["consistent"].dropna()) == [True, True, True]
    assert "total" not in shares.columns


def test_users_from_a_published_share_carry_the_precision_of_their_inputs(figures, sources):
    half = analysis.compute_use_shares(figures, sources, "2025-06").set_index("segment")
    assert half.loc["answer_questions", "users_m"] == 417
    assert half.loc["answer_questions", "users_basis"] == Basis.ESTIMATED
    # Share (56th Statistical Report) and total (the 2025 generative-AI report): two series.
    assert bool(half.loc["answer_questions", "across_reports"]) is True
    assert bool(half.loc["generate_text", "across_reports"]) is False
    end_2024 = analysis.compute_use_shares(figures, sources, "2024-12")
    assert list(end_2024["users_m"]) == [193, 113]


def test_more_than_30_percent_of_602_million_is_more_than_180_million(figures):
    bounds = analysis.compute_group_bounds(figures, "2025-12").set_index("segment")
    assert bounds.loc["students", "users_at_least_m"] == 180
    assert bounds.loc["students", "qualifier"] == "more_than"
    assert analysis.compute_group_bounds(figures, "2024-12").empty


def test_flows_are_selected_by_the_year_their_span_falls_in(figures):
    assert analysis.FLOW_METRICS == (
        "ai_software_smes_founded",
        "genai_services_filed",
        "genai_apps_registered",
    )
    assert sorted(analysis.select_flows(figures, "2025-06")["value"]) == [254000, 254000]
    assert analysis.select_flows(figures, "2024-12").empty
    totals = analysis.select_running_totals(figures, "genai_services_filed_total", "2025-12")
    assert list(totals["value"]) == [302, 346, 490, 538, 611, 748]
    assert list(totals["qualifier"])[2] == "more_than"


def test_missing_data_is_not_found_rather_than_unpublished(figures):
    assert analysis.list_gaps(figures, "2025-12") == []
    assert analysis.list_gaps(figures, "2024-12") == [
        "users by use: found only as shares of all users, no counts"
    ]
    assert analysis.list_gaps(figures, "2026-06") == [
        "internet users, population and users by use: not found in the coverage gathered here"
    ]
    one_absent = figures.loc[
        ~((figures["metric"] == "population") & (figures["period"] == "2025-12"))
    ]
    assert analysis.list_gaps(one_absent, "2025-12") == [
        "population: not found in the coverage gathered here"
    ]


def test_uses_with_a_finding_but_no_figure_are_none_usable_not_absent(figures):
    # A share 03 leaves out is in findings.csv, with why: the uses are not simply not found.
    said = pd.DataFrame(
        {"period": ["2026-06", "2025-12"], "topic": ["use", "age"], "finding": ["…", "…"]}
    )
    assert analysis.list_gaps(figures, "2026-06", said) == [
        "internet users and population: not found in the coverage gathered here",
        "users by use: none usable (report 03 of this set says why)",
    ]
    # A page says where its reader finds why: report 03 itself points to its own start.
    assert analysis.list_gaps(figures, "2026-06", said, "explained at the start of this page")[
        -1
    ] == ("users by use: none usable (explained at the start of this page)")
    elsewhere = said.assign(period="2025-06")
    assert analysis.list_gaps(figures, "2026-06", elsewhere) == analysis.list_gaps(
        figures, "2026-06"
    )
    # Shares found stay shares found: the finding does not hide them.
    assert analysis.list_gaps(figures, "2024-12", said.assign(period="2024-12")) == [
        "users by use: found only as shares of all users, no counts"
    ]


def test_half_year_steps_are_not_annualised_and_bounds_stay_bounds(figures):
    table = analysis.compute_step_growth(figures)
    assert [
        format_computed(Interval(r.growth_low_pct, r.growth_high_pct), "percent")
        for r in table.itertuples()
    ] == [
        "5.7–10.9%",
        "106.2–107.5%",
        "16.6–17.2%",
        "more than 16.1%",
    ]
    assert math.isnan(table["growth_pct"].iloc[-1])
    assert not any("annual" in column for column in table.columns)


def test_index_leads_with_the_latest_period_then_the_eight_article_figures(figures, sources):
    items = headline.build_headline(figures, sources)
    assert [item.value for item in items] == [
        "more than 700\xa0M‡",
        "more than 50%‡",
        "more than 16.1%",  # computed (from a level seen only in a digest): no mark of its own
        "",
        "602\xa0M",
        "+141.7%",
        "457\xa0M",
        "288\xa0M",
        "184\xa0M",
        "more than 30%",
        "446",
        "254,000",
        "",
    ]
    assert items[3].label == (
        "For June 2026, internet users, population and users by use: not found in the coverage "
        "gathered here."
    )
    assert [item.section for item in items][3:5] == [
        "Where adoption stands: June 2026",
        "The full picture at the end of December 2025",
    ]
    assert "nearly 142%" in items[5].label and "Workers' Daily" in items[5].label
    # A figure worked out from published ones is "computed", as every page labels it.
    assert items[2].label == "growth since December 2025, computed from the published levels"
    legend = headline.render_headline_markdown(figures, sources)
    assert items[-1].label == "‡ Seen only in a headline, an excerpt or a news digest."
    assert "- ‡ Seen only in a headline, an excerpt or a news digest." in legend
    assert "†" not in legend


def test_source_notes_name_the_outlets_and_explain_their_marks(figures, sources):
    rows = figures.loc[
        figures["figure_id"].isin(["users-2025-12", "penetration-2025-12", "population-2025-12"])
    ]
    note = provenance.build_source_note(rows, sources).replace("\n", " ")
    assert note == (
        "Source: CNNIC, 57th Statistical Report; National Bureau of Statistics; as carried by "
        "China News Service; Kazinform; Xinhua."
    )
    # A third party's transcription of CNNIC's PDF is not CNNIC reporting its own figure.
    transcribed = figures.loc[figures["figure_id"] == "by-use-share-answers-2025-12"]
    assert provenance.build_source_note(transcribed, sources).replace("\n", " ") == (
        "Source: CNNIC, 57th Statistical Report; as carried by CNNIC, as transcribed by a "
        "third-party research note. † Copied from the publisher's document by a third party."
    )
    marked = figures.loc[figures["figure_id"] == "users-2026-06"]
    assert (
        provenance.build_source_note(marked, sources)
        .replace("\n", " ")
        .endswith("‡ Seen only in a headline, an excerpt or a news digest.")
    )


def test_a_level_found_only_in_secondary_outlets_is_flagged(figures, sources):
    assert provenance.flag_secondary("users-2024-12", figures, sources) == (
        "found only in a secondary outlet, ForexBNB"
    )
    assert provenance.flag_secondary("users-2025-12", figures, sources) == ""
    # A second row from a news organisation lifts the flag: the figure is no longer only secondary.
    carried = figures.loc[figures["figure_id"] == "users-2024-12"].assign(
        figure_id="users-2024-12-news", source_id="xinhua-2026-02-05"
    )
    both = pd.concat([figures, carried], ignore_index=True)
    assert provenance.flag_secondary("users-2024-12", both, sources) == ""


def test_an_aside_in_brackets_is_never_nested():
    assert analysis.enclose("found only in a secondary outlet, ForexBNB") == (
        "(found only in a secondary outlet, ForexBNB)"
    )
    assert analysis.enclose("found only in a secondary outlet, x.net (mirroring a release)") == (
        "(found only in a secondary outlet, x.net, mirroring a release)"
    )


def test_figures_a_sentence_leans_on_are_flagged_once_per_outlet(figures, sources):
    def find(figure_id: str) -> analysis.Published:
        found = figures.loc[figures["figure_id"] == figure_id]
        return analysis.to_published(next(found.itertuples()))

    base, growth, share, earlier, apps = (
        find(figure_id)
        for figure_id in (
            "users-2024-12",
            "users-2025-12",
            "penetration-2024-12",
            "penetration-2024-06",
            "apps-registered-2025",
        )
    )
    assert analysis.format_figure(base) == "249\xa0M"
    assert analysis.describe_secondary([base, growth, share, base], figures, sources) == (
        " Found only in a secondary outlet: 249\xa0M and 17.7% (ForexBNB)."
    )
    # One sentence for every outlet, each figure once, in the order shown.
    assert analysis.describe_secondary([earlier, share, base], figures, sources) == (
        " Found only in secondary outlets: 16.4% (LongPort), 17.7% and 249\xa0M (ForexBNB)."
    )
    # An outlet's own aside is not bracketed inside the bracket, and its comma parts the groups
    # with semicolons.
    assert analysis.describe_secondary([earlier, apps], figures, sources) == (
        " Found only in secondary outlets: 16.4% (LongPort); "
        f"{analysis.format_figure(apps)} (AI regulation dashboards, airegulationhub.com and others)."
    )
    assert analysis.describe_secondary([growth], figures, sources) == ""
    assert analysis.join_words(["a"]) == "a"
    assert analysis.join_words(["a", "b", "c"], "or") == "a, b or c"


def test_reports_of_one_series_are_one_series(figures, sources):
    statistical = figures.loc[
        figures["figure_id"].isin(["penetration-2024-12", "penetration-2025-12"])
    ]
    assert provenance.list_series(statistical, sources) == ["Statistical Report"]
    crossing = figures.loc[figures["figure_id"].isin(["users-2025-06", "users-2025-12"])]
    assert sorted(provenance.list_series(crossing, sources)) == [
        "Generative AI Application Development Report",
        "Statistical Report",
    ]


def test_used_sources_list_only_what_the_figures_use(figures, sources):
    rows = figures.loc[figures["figure_id"].isin(["users-2024-12", "users-2025-12"])]
    used = provenance.list_used_sources(rows, sources)
    assert list(used["source_id"]) == ["ecns-2026-02-06", "forexbnb-13764"]
    assert list(used["published"]) == ["2026-02-06", "date not recorded"]
    assert used.loc[1, "reliability"].startswith("Secondary outlet only")


def test_published_numbers_are_written_as_published():
    assert format_published(249, "million_people") == "249\xa0M"
    assert format_published(142, "percent", "nearly") == "nearly 142%"
    assert format_published(21.0, "percent", decimals=1) == "21.0%"
    assert format_published(1404.89, "million_people") == "1,404.89\xa0M"
    assert format_published(25.2, "percentage_points") == "+25.2\xa0points"
    assert format_published(254000, "count") == "254,000"
    assert format_period("2025-06") == "June 2025"
    assert describe_marks(["full_text", "primary"]) == ""


def test_decimals_follow_the_published_step(figures):
    row = figures.loc[figures["figure_id"] == "age-20-29-2025-06"].iloc[0]
    assert (row["value"], row["rounded_to"], row["decimals"]) == (21.0, 0.1, 1)
    coarse = figures.loc[figures["figure_id"] == "users-2024-06"].iloc[0]
    assert (coarse["rounded_to"], coarse["decimals"]) == (10, 0)


def test_a_check_between_two_bounds_open_the_same_way_cannot_fail(figures):
    """Review 4, item 2: a floor against a floor always overlaps; a two-sided check can miss."""
    floors = analysis.check_users_by_share(figures, "2026-06", "2025-12")
    assert floors.consistent and not floors.can_fail
    assert analysis.check_users_by_share(figures, "2024-06", "2024-12").can_fail
    ceilings = analysis.Check(5, Interval(-math.inf, 5), 6, Interval(-math.inf, 6))
    assert not ceilings.can_fail
    assert analysis.Check(5, Interval(5, math.inf), 6, Interval(-math.inf, 6)).can_fail


def test_ranges_about_a_count_take_the_decimals_of_the_range_it_stands_for(figures):
    """Review 4, item 6: 'allows 248.97–249.58 M' claimed a hundredth no input carries."""
    base = analysis.select_published(figures, "genai_users", "2024-12")
    coarse = analysis.select_published(figures, "genai_users", "2024-06")
    assert analysis.format_read_as(base) == "248.5–249.5\xa0M"
    assert analysis.format_read_as(coarse) == "225–235\xa0M"
    table = analysis.reconcile_growth(figures).set_index("figure_id")
    allowed = {
        figure_id: analysis.format_against(
            Interval(table.loc[figure_id, "base_low_m"], table.loc[figure_id, "base_high_m"]),
            base,
        )
        for figure_id in table.index
    }
    assert allowed == {
        "growth-2025-12-rounded": "248.5–249.5\xa0M",
        "growth-2025-12-one-decimal": "248.8–249.4\xa0M",
        "growth-2025-06": "248.9–249.6\xa0M",
    }
    narrowed = analysis.bound_users_by_share(figures, "2024-06", "2024-12")
    assert analysis.format_against(narrowed, coarse) == "228–233\xa0M"


def test_a_share_whose_levels_were_not_both_found_says_which_is_missing(figures):
    """Review 4, item 1: June 2026's share was published, but not the population to check it."""
    assert analysis.describe_unchecked_share(figures, "genai_penetration", "2026-06") == (
        "not recomputed as generative-AI users over population, as no figure for population at "
        "the end of June 2026 was found in the coverage gathered here"
    )
    # Checked (both levels found), or no share published: nothing to say.
    assert analysis.describe_unchecked_share(figures, "genai_penetration", "2025-12") == ""
    assert analysis.describe_unchecked_share(figures, "internet_penetration", "2026-06") == ""
    dropped = figures.loc[figures["figure_id"] != "internet-users-2025-12"]
    assert analysis.describe_unchecked_share(dropped, "internet_penetration", "2025-12") == (
        "not recomputed as internet users over population, as no figure for internet users at "
        "the end of December 2025 was found in the coverage gathered here"
    )


def test_users_over_internet_users_from_two_series_says_so_for_those_dates(figures, sources):
    """Review 4, item 7: a June count of users (the Generative AI report) over internet users (the
    Statistical Report) divides two surveys."""
    periods = ["2024-06", "2024-12", "2025-06", "2025-12", "2026-06"]
    assert analysis.describe_reach_series(figures, sources, periods) == (
        " At the end of June 2024 and June 2025, users and internet users come from different "
        "CNNIC report series (users from the Generative AI Application Development Report, "
        "internet users from the Statistical Report), whose samples and questions may differ."
    )
    assert analysis.describe_reach_series(figures, sources, ["2025-06"], dated=False) == (
        " Users and internet users come from different CNNIC report series (users from the "
        "Generative AI Application Development Report, internet users from the Statistical "
        "Report), whose samples and questions may differ."
    )
    # One series for both counts (December), or no count of internet users (June 2026): nothing.
    assert analysis.describe_reach_series(figures, sources, ["2025-12", "2026-06"]) == ""
