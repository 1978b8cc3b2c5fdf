"""What every walk-through does around its analysis: start, record what it shows, end with
what is missing and the sources of exactly what it showed (on the frozen fixture data)."""

from __future__ import annotations

import pytest
from conftest import FIXTURE_DATA

from helpers import analysis, report
from helpers.parameters import ParameterError


def start(period: str = "2025-12", comparison: str = "2024-12", tmp: str = "") -> report.Report:
    return report.start_report(period, comparison, str(FIXTURE_DATA), tmp)


def test_start_checks_periods_by_the_plans_rule(tmp_path):
    with pytest.raises(ParameterError, match=r"parameter 'period' is '2025-13'"):
        start("2025-13", "2024-12", str(tmp_path))
    with pytest.raises(
        ParameterError,
        match=r"parameter 'comparison_period' is '2025-12': expected a period earlier than "
        r"'period' \('2025-06'\)",
    ):
        start("2025-06", "2025-12", str(tmp_path))
    # A notebook that declares only `period` starts with it alone.
    alone = report.start_report("2025-12", data_dir=str(FIXTURE_DATA), output_dir=str(tmp_path))
    assert (alone.period, alone.comparison_period, alone.out_dir) == (
        "2025-12",
        "2025-12",
        tmp_path,
    )


def test_sources_list_exactly_the_figures_shown_once_each(tmp_path):
    rep = start(tmp=str(tmp_path))
    users = analysis.select_published(rep.figures, "genai_users", "2025-12")
    growth = analysis.select_rows(rep.figures, "genai_users_growth", "2025-12")
    rep.record(users, growth, None, users)
    assert sorted(rep.shown_rows()["figure_id"]) == [
        "growth-2025-12-one-decimal",
        "growth-2025-12-rounded",
        "users-2025-12",
    ]
    html = rep.show_sources().data
    assert "China News Service" in html and "Workers" in html and "Xinhua" not in html
    assert '<p class="marks">' not in html  # every figure shown was read in full text
    rep.record(analysis.select_published(rep.figures, "genai_users", "2026-06"))
    assert (
        '<p class="marks">‡ Seen only in a headline, an excerpt or a news digest.</p>'
        in rep.show_sources().data
    )


def test_what_is_missing_is_said_for_both_periods(tmp_path):
    assert start("2026-06", "2025-12", str(tmp_path)).describe_missing() == (
        "- **June 2026:** internet users, population and users by use: not found in the coverage "
        "gathered here.\n"
        "- **December 2025:** every core figure (users, their share of the population, internet "
        "users and population) was found."
    )


def test_findings_shown_list_their_publications_too(tmp_path):
    rep = start(tmp=str(tmp_path))
    rep.record(rep.findings.loc[rep.findings["finding_id"] == "age-2025-12"])
    assert (rep.shown_rows().empty, rep.shown_finding_ids) == (True, ["age-2025-12"])
    html = rep.show_sources().data
    assert "China News Service" in html and html.count("<tr") == 2  # the header and one row


def test_a_report_that_shows_nothing_says_it_lists_no_publication(tmp_path):
    assert start("2026-06", "2025-12", str(tmp_path)).show_sources().data == (
        "<p>This report shows no published figure or finding, so it lists no publication.</p>"
    )


def test_figures_and_sources_follow_one_metric_order_not_the_row_order(tmp_path):
    rep = start("2026-06", "2025-12", str(tmp_path))
    of_period = rep.figures.loc[rep.figures["period"] == "2026-06"]
    # In the fixture the CAC's counts come first; users and their share lead once ordered.
    assert of_period["metric"].iloc[0] == "genai_services_filed"
    assert list(report.order_by_metric(of_period)["figure_id"]) == [
        "users-2026-06",
        "penetration-2026-06",
        "services-filed-2026-05-06",
        "services-filed-total-2026-06",
        "apps-registered-2026-05-06",
        "apps-registered-total-2026-06",
    ]
    rep.record(of_period)
    html = rep.show_sources().data
    assert html.index("Xinhua") < html.index("Sohu") < html.index("CCTV News")
