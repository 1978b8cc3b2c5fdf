"""What a reader of the rendered reports is told: the fact-checked sentences, word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rendering import parse

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def outputs(rendered_outputs) -> Path:
    return rendered_outputs


def read_text(outputs: Path, page: str) -> str:
    """Return a page's visible text with whitespace collapsed."""
    return re.sub(r"\s+", " ", parse(outputs / page).get_text())


def test_each_rate_gets_one_verdict_with_its_ranges_own_pair_first(outputs):
    text = read_text(outputs, "headline/02-growth.html")
    nearly = (
        "nearly 142% (China News Service, December 2024 to December 2025): read as 141.5–142.0% "
        "and applied to 602 M, it allows a starting level of 248.55–249.48 M; the published 249 M "
        "stands for 248.5–249.5 M. The ranges overlap: consistent with the rounding."
    )
    one_decimal = (
        "141.7% (Workers' Daily, December 2024 to December 2025): read as 141.65–141.75% and "
        "applied to 602 M, it allows a starting level of 248.81–249.33 M"
    )
    reference = "For reference, rates published for other pairs of dates:"
    half = "106.6% (etnet, December 2024 to June 2025): read as 106.55–106.65%"
    assert nearly in text and one_decimal in text
    assert text.index(nearly) < text.index(reference) < text.index(half)
    assert "does not fit" not in text and "outside" not in text
    half_year = read_text(outputs, "half-year/02-growth.html")
    assert half_year.index(half) < half_year.index(reference) < half_year.index(one_decimal)


def test_recomputations_beside_published_figures_use_both_roundings(outputs):
    text = read_text(outputs, "headline/02-growth.html")
    assert (
        "602 M ÷ 1,404.89 M = 42.85% (rounding allows 42.81–42.89%), against 42.8% published: "
        "consistent." in text
    )
    assert (
        "42.8% in December 2025 minus the published change of +25.2 points = 17.6% (rounding "
        "allows 17.50–17.70%), against 17.7% published: consistent. The figures come from "
        "different CNNIC publications: 57th Statistical Report; 55th Statistical Report." in text
    )
    half_year = read_text(outputs, "half-year/02-growth.html")
    assert (
        "Users added: 515 M − 249 M = 266 M (rounding allows 265.0–267.0 M), against 266 M "
        "published: consistent." in half_year
    )
    assert "36.5% in June 2025 minus the published change of +18.8 points = 17.7%" in half_year


def test_no_annualised_repeat_and_the_steps_told_first(outputs):
    text = read_text(outputs, "headline/02-growth.html")
    assert "annualis" not in text.lower() and "a year at that pace" not in text
    assert (
        "Step by step, users more than doubled from December 2024 to June 2025 (+107%), then "
        "rose 17% from June 2025 to December 2025." in text
    )


def test_shares_are_never_added_and_bounds_respect_rounding(outputs):
    for page in ("headline/03-segment-shares.html", "half-year/03-segment-shares.html"):
        text = read_text(outputs, page)
        assert "add up to" not in text and "above 100%" not in text
    text = read_text(outputs, "headline/03-segment-shares.html")
    assert (
        "Students: more than 30% of users. 602 M may be as little as 601.5 M, so this is more "
        "than 180 M people." in text
    )
    assert "180.6" not in text
    half_year = read_text(outputs, "half-year/03-segment-shares.html")
    assert (
        "Answering questions: 80.9% of 515 M users, about 417 M (share and total come from two "
        "different CNNIC publications)" in half_year
    )
    assert (
        "Users in their twenties: 21.0% (unverified: no outlet was found carrying it)" in half_year
    )


def test_missing_data_notes_name_both_periods_exactly(outputs):
    text = read_text(outputs, "earlier-year/01-load-figures.html")
    assert "December 2024: users by use: published only as shares of all users, no counts." in text
    assert "June 2024: population: not published; users by use: not published." in text


def test_the_article_flows_reach_the_headline_reports(outputs):
    text = read_text(outputs, "headline/01-load-figures.html")
    assert (
        "New small and medium AI-software firms set up in the first quarter of 2025: 254,000 "
        "(counted from January 2025 to March 2025)" in text
    )
    assert "Registered from January 2025 to December 2025: 446 (a count of the Cyberspace" in text
    assert "known here only from China News Service's report" in text
    for total in ("302", "346", "538"):
        assert f": {total} (" in text


def test_published_numbers_appear_as_published(outputs):
    text = read_text(outputs, "headline/01-load-figures.html")
    assert "nearly 142%" in text and "142.00" not in text and "249.0 " not in text


def test_the_index_shows_the_eight_article_figures_once(outputs):
    text = read_text(outputs, "index.html")
    for value in ("602 M", "+141.7%", "457 M", "288 M", "184 M", "more than 30%", "254,000", "446"):
        assert text.count(value) == 1, value
    assert text.count("nearly 142%") == 1


def test_each_footer_lists_only_the_publications_its_figures_use(outputs):
    shares = read_text(outputs, "headline/03-segment-shares.html")
    assert "Kazinform" not in shares and "lwxsd" not in shares
    assert "China News Service" in shares
    growth = read_text(outputs, "headline/02-growth.html")
    assert "date not recorded" in growth
