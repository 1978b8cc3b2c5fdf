"""CAC filings and registrations on the frozen fixture data: totals, additions, flows reconciled."""

from __future__ import annotations

import math

import pytest

from helpers import filings
from helpers.analysis import Published
from helpers.filings import FlowCheck
from helpers.metrics import Interval

FILED = ("genai_services_filed_total", "genai_services_filed")
REGISTERED = ("genai_apps_registered_total", "genai_apps_registered")


@pytest.fixture(scope="module")
def tables(fixture_tables):
    return fixture_tables


@pytest.fixture(scope="module")
def figures(tables):
    return tables[0]


def count(value: float, qualifier: str = "exact", rounded_to: float = 1) -> Published:
    return Published(value, rounded_to, qualifier, 0, "count", "s", "full_text", "f")


def test_a_count_to_the_unit_is_exact_and_more_than_is_one_more():
    assert filings.whole_range(count(302)) == Interval(302, 302)
    assert filings.whole_range(count(490, "more_than", 10)) == Interval(491, math.inf)
    assert filings.whole_range(count(230, "exact", 10)) == Interval(225, 235)
    assert filings.whole_range(count(50, "less_than")) == Interval(-math.inf, 49)


def test_a_count_written_with_yu_is_above_it_and_short_of_the_next_step():
    # 490余 (490-odd): 491 to 499; 1200余 rounded to hundreds: 1,201 to 1,299.
    assert filings.whole_range(count(490, "odd", 10)) == Interval(491, 499)
    assert filings.whole_range(count(1200, "odd", 100)) == Interval(1201, 1299)
    assert filings.format_figure(count(490, "odd", 10)) == "490-odd"


def test_additions_around_a_count_written_with_yu_are_ranges(figures):
    odd = figures.assign(
        qualifier=figures["qualifier"].mask(
            figures["figure_id"] == "services-filed-total-2025-07", "odd"
        )
    )
    added = filings.list_additions(odd, FILED[0], "2025-08")
    got = [(r.from_period, r.period, r.added_low, r.added_high) for r in added.itertuples()]
    assert got == [
        ("2024-12", "2025-03", 44, 44),
        ("2025-03", "2025-07", 145, 153),
        ("2025-07", "2025-08", 39, 47),
    ]


def test_the_reading_of_whole_counts_names_only_the_wordings_shown():
    exact, more, odd = count(538), count(490, "more_than", 10), count(240, "odd", 10)
    start = "The counts are of whole services, so a total published to the unit is exact"
    assert filings.describe_whole_counts([exact]) == start + "."
    assert filings.describe_whole_counts([exact, more]) == (
        start + ', and one given as "more than" some number is at least one more than it. '
        "A lower bound leaves the difference open on one side."
    )
    assert filings.describe_whole_counts([odd, exact]) == (
        start + "; one written in Chinese as a round number followed by 余, shown here as "
        '"240-odd", is more than 240 and less than 250 (241–249).'
    )


def test_shift_period_crosses_years():
    assert filings.shift_period("2025-01", -1) == "2024-12"
    assert filings.shift_period("2025-12", 1) == "2026-01"
    assert filings.shift_period("2026-03", -1) == "2026-02"


def test_format_span_words_a_year_a_span_and_a_span_across_years():
    assert filings.format_span("2025-01", "2025-12") == "during 2025"
    assert filings.format_span("2025-09", "2025-10") == "from September to October 2025"
    assert filings.format_span("2025-11", "2026-02") == "from November 2025 to February 2026"
    assert filings.format_span("2026-05", "2026-05") == "in May 2026"


def test_describe_count_says_bounds_in_words():
    assert filings.describe_count(Interval(796, 796)) == "796"
    assert filings.describe_count(Interval(795, 797)) == "795–797"
    assert filings.describe_count(Interval(145, math.inf)) == "at least 145"
    assert filings.describe_count(Interval(-math.inf, 47)) == "at most 47"


def test_running_totals_up_to_mid_2026(figures):
    totals = filings.list_totals(figures, "2026-06")
    got = [(r.procedure, r.period, r.value, r.qualifier) for r in totals.itertuples()]
    assert got == [
        ("filing", "2024-12", 302, "exact"),
        ("filing", "2025-03", 346, "exact"),
        ("filing", "2025-07", 490, "more_than"),
        ("filing", "2025-08", 538, "exact"),
        ("filing", "2025-10", 611, "exact"),
        ("filing", "2025-12", 748, "exact"),
        ("filing", "2026-04", 868, "exact"),
        ("filing", "2026-06", 988, "exact"),
        ("registration", "2025-10", 306, "exact"),
        ("registration", "2026-04", 530, "exact"),
        ("registration", "2026-06", 598, "exact"),
    ]
    bound = totals.loc[totals["period"] == "2025-07"].iloc[0]
    assert (bound["low"], bound["high"]) == (491, math.inf)


def test_running_totals_stop_at_the_period_and_are_empty_before_any(figures):
    assert list(filings.list_totals(figures, "2025-06")["value"]) == [302, 346]
    assert filings.list_totals(figures, "2024-06").empty


def test_latest_total_at_or_before_a_period(figures):
    latest = filings.select_latest(figures, REGISTERED[0], "2025-12")
    assert latest is not None
    assert (latest.period, latest.figure.value, latest.figure.seen) == ("2025-10", 306, "snippet")
    assert filings.select_latest(figures, REGISTERED[0], "2025-06") is None


def test_additions_between_totals_keep_the_bound(figures):
    additions = filings.list_additions(figures, FILED[0], "2026-06")
    got = [(r.from_period, r.period, r.added_low, r.added_high) for r in additions.itertuples()]
    assert got == [
        ("2024-12", "2025-03", 44, 44),
        ("2025-03", "2025-07", 145, math.inf),
        ("2025-07", "2025-08", -math.inf, 47),
        ("2025-08", "2025-10", 73, 73),
        ("2025-10", "2025-12", 137, 137),
        ("2025-12", "2026-04", 120, 120),
        ("2026-04", "2026-06", 120, 120),
    ]


def test_an_addition_names_the_count_published_for_the_same_span(figures):
    additions = filings.list_additions(figures, FILED[0], "2026-06", FILED[1])
    assert list(additions["flow_figure_id"]) == [
        "",
        "",
        "",
        "services-filed-2025-09-10",
        "",
        "",
        "services-filed-2026-05-06",
    ]
    assert set(filings.list_additions(figures, FILED[0], "2026-06")["flow_figure_id"]) == {""}


def test_a_procedure_is_labelled_on_one_line_with_its_chinese_term_whole():
    assert filings.PROCEDURES["registration"].label == "Registration\u00a0(登记)"
    assert filings.PROCEDURES["filing"].label == "Filing\u00a0(备案)"


def test_filing_flows_reconciled_with_the_totals(figures):
    flows = filings.reconcile_flows(figures, *FILED)
    got = [
        (r.from_period, r.period, r.flow, r.start, r.end, r.computed_low, r.check, r.consistent)
        for r in flows.itertuples()
    ]
    nan = got[2][3]  # the missing February total
    assert math.isnan(nan)
    assert got == [
        ("2025-01", "2025-12", 446, 302, 748, 748, FlowCheck.CHECKED, True),
        ("2025-09", "2025-10", 73, 538, 611, 611, FlowCheck.CHECKED, True),
        ("2026-03", "2026-04", 72, nan, 868, 796, FlowCheck.START_COMPUTED, None),
        ("2026-05", "2026-06", 120, 868, 988, 988, FlowCheck.CHECKED, True),
    ]
    assert list(flows["computed_high"]) == [748, 611, 796, 988]
    assert list(flows["start_period"]) == ["2024-12", "2025-08", "2026-02", "2026-04"]


def test_a_computed_total_says_none_was_found_never_that_none_was_published():
    assert FlowCheck.START_COMPUTED == "total at the start computed; no published total was found"
    assert FlowCheck.END_COMPUTED == "total at the end computed; no published total was found"
    assert not any("not published" in check for check in FlowCheck)


def test_a_flow_given_by_two_outlets_is_one_row_from_the_best_seen(figures):
    year = filings.reconcile_flows(figures, *FILED).iloc[0]
    assert (year["figure_id"], year["flow_seen"], year["flow_sources"]) == (
        "services-filed-2025",
        "full_text",
        2,
    )
    assert year["flow_source_id"] == filings.FOUNDING_ARTICLE


def test_registration_flows_reconciled_with_the_totals(figures):
    flows = filings.reconcile_flows(figures, *REGISTERED)
    assert list(flows["check"]) == [
        FlowCheck.UNCHECKED,
        FlowCheck.START_COMPUTED,
        FlowCheck.CHECKED,
    ]
    assert list(flows["consistent"]) == [None, None, True]
    assert flows["computed_low"].iloc[1] == 481
    assert math.isnan(flows["computed_low"].iloc[0])


def test_flows_stop_at_the_period(figures):
    assert list(filings.reconcile_flows(figures, *FILED, "2025-12")["flow"]) == [446, 73]
    assert filings.reconcile_flows(figures, *FILED, "2025-06").empty
    assert list(filings.reconcile_flows(figures, *FILED, "2025-06").columns) == filings.FLOW_COLUMNS


def test_a_flow_that_does_not_add_up_is_not_consistent(figures):
    changed = figures.copy()
    changed.loc[changed["figure_id"] == "services-filed-total-2025-12", "value"] = 749.0
    year = filings.reconcile_flows(changed, *FILED).iloc[0]
    assert (year["check"], year["consistent"]) == (FlowCheck.CHECKED, False)


def test_a_missing_end_total_is_computed_from_the_start(figures):
    dropped = figures.loc[figures["figure_id"] != "services-filed-total-2026-06"]
    last = filings.reconcile_flows(dropped, *FILED).iloc[-1]
    assert (last["check"], last["computed_low"], last["computed_high"]) == (
        FlowCheck.END_COMPUTED,
        988,
        988,
    )
    assert last["consistent"] is None


def test_the_founding_article_counts_filings_not_registrations(figures):
    article = figures.loc[figures["source_id"] == filings.FOUNDING_ARTICLE]
    cac = article.loc[article["metric"].str.contains("services|apps")]
    assert list(cac["metric"]) == ["genai_services_filed"]
    assert list(cac["value"]) == [446]


def test_every_procedure_names_metrics_of_the_vocabulary():
    from helpers.vocabulary import METRICS

    for procedure in filings.PROCEDURES.values():
        assert METRICS[procedure.stock_metric].kind == "level"
        assert METRICS[procedure.flow_metric].kind == "flow"


def test_format_figure_marks_a_figure_seen_in_a_snippet(figures):
    latest = filings.select_latest(figures, FILED[0], "2026-06")
    assert latest is not None
    assert filings.format_figure(latest.figure) == "988‡"
    july = filings.select_latest(figures, FILED[0], "2025-07")
    assert july is not None
    assert filings.format_figure(july.figure) == "more than 490‡"


def test_source_note_names_the_cac_and_the_outlets_as_every_note_does(tables):
    figures, sources = tables
    rows = figures.loc[figures["figure_id"].isin(["services-filed-total-2026-06"])]
    assert filings.build_source_note(rows, sources).replace("\n", " ") == (
        "Source: counts of the Cyberspace Administration of China, as carried by CCTV News. "
        "‡ Seen only in a headline, an excerpt or a news digest."
    )


def test_outlets_in_a_note_are_apart_by_semicolons_as_some_names_hold_commas(tables):
    figures, sources = tables
    ids = ["services-filed-total-2025-10", "apps-registered-total-2025-10"]
    rows = figures.loc[figures["figure_id"].isin(ids)]
    assert filings.build_source_note(rows, sources).replace("\n", " ") == (
        "Source: counts of the Cyberspace Administration of China, as carried by AIbase, "
        "Japanese edition; People's Daily Online, Japanese edition, relaying Xinhua. "
        "‡ Seen only in a headline, an excerpt or a news digest."
    )


@pytest.mark.parametrize(
    "key,comparison,period,sentence",
    [
        (
            # A count published for exactly the span leads; the totals agree with it (not
            # "confirm": review 4, item 4).
            "filing",
            "2024-12",
            "2025-12",
            "Filings: 446 services filed during 2025 (published by 2 outlets). The totals agree "
            "with it: from 302 by December 2024 to 748‡ by December 2025, 446 added (computed). Found "
            "only in a secondary outlet: 302 (678chat.com).",
        ),
        (
            # A published count the totals cannot check: said, flagged, and why it is unchecked.
            "registration",
            "2024-12",
            "2025-12",
            "Registrations: 330‡ apps and features registered during 2025 (published). It cannot "
            "be checked against the totals: the totals found start with 306‡ by October 2025, "
            "after December 2024, and a total for December 2025 was not found in the coverage "
            "gathered here. Found only in secondary outlets: 330‡ (AI regulation dashboards, "
            "airegulationhub.com and others); 306‡ (AIbase, Japanese edition).",
        ),
        (
            "registration",
            "2025-12",
            "2026-06",
            "Registrations: from 306‡ by October 2025 to 598‡ by June 2026, 292 added "
            "(computed). A total for December 2025 was not found in the coverage gathered here, "
            "so the span starts at the latest total before it, October 2025. Found only in a "
            "secondary outlet: 306‡ (AIbase, Japanese edition).",
        ),
        (
            "filing",
            "2024-12",
            "2025-06",
            "Filings: from 302 by December 2024 to 346 by March 2025, 44 added (computed). A "
            "total for June 2025 was not found in the coverage gathered here, so the span ends "
            "at the latest total before it, March 2025. Found only in secondary outlets: 302 "
            "(678chat.com), 346 (Reportify).",
        ),
        (
            "filing",
            "2024-06",
            "2024-12",
            "Filings: the totals found start with 302 by December 2024, after June 2024, so what "
            "was added since June 2024 cannot be given. Found only in a secondary outlet: 302 "
            "(678chat.com).",
        ),
        (
            "registration",
            "2024-12",
            "2025-06",
            "Registrations: a total dated June 2025 or earlier was not found in the coverage "
            "gathered here.",
        ),
    ],
)
def test_the_change_since_the_comparison_period_says_which_span_the_totals_cover(
    tables, key, comparison, period, sentence
):
    figures, sources = tables
    assert filings.describe_since(figures, sources, key, comparison, period).text == sentence


def test_a_published_count_the_totals_do_not_add_up_to_is_said_so(tables):
    figures, sources = tables
    changed = figures.copy()
    changed.loc[changed["figure_id"] == "services-filed-total-2025-12", "value"] = 749.0
    since = filings.describe_since(changed, sources, "filing", "2024-12", "2025-12")
    assert since.text.startswith(
        "Filings: 446 services filed during 2025 (published by 2 outlets). The totals do not "
        "agree with it: from 302 by December 2024 to 749‡ by December 2025, 447 added (computed)."
    )
    assert [f.figure_id for f in since.shown] == [
        "services-filed-2025",
        "services-filed-total-2024-12",
        "services-filed-total-2025-12",
    ]


def test_a_published_count_without_a_total_at_one_end_is_unchecked_and_shows_no_totals(tables):
    figures, sources = tables
    dropped = figures.loc[figures["figure_id"] != "services-filed-total-2025-12"]
    since = filings.describe_since(dropped, sources, "filing", "2024-12", "2025-12")
    assert since.text == (
        "Filings: 446 services filed during 2025 (published by 2 outlets). It cannot be checked "
        "against the totals: a total for December 2025 was not found in the coverage gathered "
        "here."
    )
    assert [f.figure_id for f in since.shown] == ["services-filed-2025"]


def test_the_lede_flags_a_total_found_only_in_a_secondary_outlet(tables):
    figures, sources = tables
    headline, lede = filings.describe_lede(figures, sources, "2025-12")
    assert headline == "Generative-AI services filed with the CAC had reached 748‡ by December 2025"
    assert lede.text == (
        "Generative-AI services filed with the CAC had reached 748‡ by December 2025; apps and "
        "features registered with its provincial offices had reached 306‡ by October 2025, the "
        "latest total found for December 2025 or earlier. Both counts published for a span with "
        "a total found at both ends agree with those totals: the total at the start plus the "
        "span's count gives the total published at its end. The check of the 446 services "
        "filed during 2025 rests on the 302 filed by December 2024, found only in a secondary "
        "outlet, 678chat.com. Found only in a secondary outlet: 306‡ (AIbase, Japanese "
        "edition)."
    )
    assert [f.figure_id for f in lede.shown] == [
        "services-filed-total-2025-12",
        "apps-registered-total-2025-10",
        "services-filed-total-2024-12",
    ]
    assert filings.describe_lede(figures, sources, "2024-06") == (
        "A count of generative-AI services filed or registered with the CAC dated June 2024 or "
        "earlier was not found in the coverage gathered here",
        (
            "A count of generative-AI services filed or registered with the CAC dated June 2024 "
            "or earlier was not found in the coverage gathered here; the earliest total gathered "
            "is dated December 2024.",
            (),
        ),
    )


def test_the_running_totals_caption_names_only_the_procedures_drawn():
    assert filings.describe_totals_caption(["filing", "filing"]) == (
        "Running totals of services filed; a line joins published points only."
    )
    assert filings.describe_totals_caption(["registration", "filing"]) == (
        "Running totals of services filed and of apps and features registered; lines join "
        "published points only."
    )


def test_the_running_totals_subtitle_names_only_the_procedures_drawn():
    # Review 4, item 10: a chart of filings alone said "since each procedure began".
    assert filings.describe_totals_subtitle(["filing", "filing"]) == (
        "Running totals since filing began, by the date they stand at (count)"
    )
    assert filings.describe_totals_subtitle(["registration"]) == (
        "Running totals since registration began, by the date they stand at (count)"
    )
    assert filings.describe_totals_subtitle(["registration", "filing"]) == (
        "Running totals since each procedure began, by the date they stand at (count)"
    )


def test_the_lede_names_a_dashboard_total_its_check_rests_on_even_when_it_shows_it(tables):
    """Review 4, item 4: a 748 seen only on dashboards may be 302 + 446 added up, so the check
    of the 446 is said to rest on it, not only on the 302."""
    figures, sources = tables
    moved = figures.copy()
    moved.loc[moved["figure_id"] == "services-filed-total-2025-12", "source_id"] = (
        "ai-dashboards-2026-01"
    )
    _, lede = filings.describe_lede(moved, sources, "2025-12")
    assert lede.text.endswith(
        "The check of the 446 services filed during 2025 rests on the 302 filed by December "
        "2024, found only in a secondary outlet, 678chat.com, and on the 748‡ filed by December "
        "2025, found only in a secondary outlet, AI regulation dashboards (airegulationhub.com "
        "and others). Found only in a secondary outlet: 306‡ (AIbase, Japanese edition)."
    )
    assert [f.figure_id for f in lede.shown].count("services-filed-total-2025-12") == 1
