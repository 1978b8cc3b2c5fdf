"""What a reader of the rendered reports is told: the fact-checked sentences of the real data,
word for word, one or more for each class of the fact-check (a deliberate check of data/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def outputs(rendered_outputs) -> Path:
    return rendered_outputs


def read_text(outputs: Path, page: str, charts: bool = True) -> str:
    """Return a page's visible text with whitespace collapsed (without its charts' words if told)."""
    soup = BeautifulSoup((outputs / page).read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["style", "script", *([] if charts else ["figure"])]):
        hidden.decompose()
    # Inline markup (<strong>) is joined with a space too: drop those before punctuation.
    return re.sub(r" ([,.;:])", r"\1", re.sub(r"\s+", " ", soup.get_text(" ")))


def read_csv(outputs: Path, path: str) -> str:
    return (outputs / path).read_text(encoding="utf-8")


def test_precision_as_published_for_a_count_rounded_to_ten_million(outputs):
    text = read_text(outputs, "earlier-year/02-growth.html")
    assert (
        "users went from 230 M (read as 225–235 M) to 249 M (read as 248.5–249.5 M, found "
        "only in a secondary outlet, ForexBNB). "
        "Recomputed from these levels, the rise is 5.7–10.9% (computed)" in text
    )
    assert (
        "The count for June 2024 was published to the nearest 10 M. CNNIC's share of the "
        "population for June 2024 checks the count: 16.4% of a population of 1,400–1,414 M "
        "(computed from its figures for December 2024, 249 M ÷ 17.7%) is 228–233 M (computed) "
        "if the population stayed the same, consistent with the published count, 230 M. With the "
        "count narrowed to that range, the growth is 6.8–9.0% (computed). Found only in secondary "
        "outlets: 16.4% (LongPort), 17.7% (ForexBNB)." in text
    )
    for too_precise in ("8.3%", "7.81", "8.71", "20.9%", "19 M more"):
        assert too_precise not in text, too_precise
    assert "users over internet users gives 22.4–22.6% (computed" in text


def test_the_published_rate_leads_and_a_recomputed_one_is_labelled(outputs):
    text = read_text(outputs, "headline/02-growth.html")
    assert (
        "CNNIC put the number of people in China who had used generative AI at 602 M at the end "
        "of December 2025, 141.7% more than at the end of December 2024 (249 M, found only in "
        "a secondary outlet, ForexBNB)." in text
    )
    assert (
        "CNNIC published a rise of 141.7%; recomputed from these rounded levels, the rise is "
        "141.0–142.5% (computed)." in text
    )
    assert "141.8" not in text and "106.8" not in read_text(outputs, "half-year/02-growth.html")
    svg = (outputs / "headline/figures/users-over-time.svg").read_text(encoding="utf-8")
    assert "rose 141.7%" in svg and "141.8" not in svg


def test_ranges_bound_rounding_only_and_say_so(outputs):
    for page in ("headline/02-growth.html", "earlier-year/02-growth.html"):
        text = read_text(outputs, page)
        assert (
            "Ranges in this report bound the rounding of the published figures only. CNNIC's "
            "counts are survey estimates whose margin of error was not found in any source, so that "
            "error is not included." in text
        )
        assert "true growth" not in text


def test_users_are_a_level_at_a_date(outputs):
    svg = (outputs / "headline/figures/reach.svg").read_text(encoding="utf-8")
    assert "had used generative AI by the end of" in svg
    assert "used generative AI in December 2025" not in read_text(
        outputs, "headline/02-growth.html"
    )


def test_each_chart_is_about_its_own_period(outputs):
    early = read_csv(outputs, "earlier-year/tables/users-over-time.csv")
    assert "2024-12" in early and "2025-06" not in early and "2025-12" not in early
    half = (outputs / "half-year/figures/reach.svg").read_text(encoding="utf-8")
    assert "36.5%" in half and "42.8%" not in half


def test_not_found_is_not_unpublished_and_the_articles_findings_reach_the_reader(outputs):
    text = read_text(outputs, "mid-2026/02-growth.html")
    # The digest's share of uses 03 leaves out (findings.csv says why) is none usable, not absent.
    assert (
        "June 2026: internet users and population: not found in the coverage gathered here; "
        "users by use: none usable (report 03 of this set says why)." in text
    )
    who = read_text(outputs, "headline/04-who-uses.html")
    assert "Young people are still the main users of generative AI" in who
    assert "is published for December 2025" not in who
    assert (
        "every core figure (users, their share of the population, internet users and population) was found"
        in read_text(outputs, "headline/02-growth.html")
    )


def test_filing_is_not_registration(outputs):
    text = read_text(outputs, "headline/05-registered-services.html")
    assert (
        "446 services filed during 2025 (given by 2 outlets): the 748‡ published for December "
        "2025 is what 302 by December 2024 plus 446 give (748, computed): consistent." in text
    )
    assert "is a count of filings, not of registrations" in text


def test_smaller_classes(outputs):
    growth = read_text(outputs, "headline/02-growth.html")
    assert "half a percentage point below" in growth and "half a percent below" not in growth
    assert "real growth" not in growth
    assert "55th Statistical Report." not in growth  # one series, not "different publications"
    assert (
        "June 2025 to December 2025 (Generative AI Application Development Report and Statistical Report)"
        in growth
    )
    uses = read_text(outputs, "headline/03-segment-shares.html")
    assert (
        "77.6% at the end of December 2024, then 80.9%‡ at the end of June 2025, then 76.0%† at "
        "the end of December 2025" in uses
    )
    assert "≈226 M" in uses  # a count estimated from a share carries its sign
    first = read_text(outputs, "headline/01-load-figures.html")
    count = re.search(r"taken from (\d+) publications", first)
    assert count is not None
    sources = BeautifulSoup(
        (outputs / "headline/01-load-figures.html").read_text(encoding="utf-8"), "html.parser"
    ).find_all("caption", string=re.compile("Publications the figures"))
    assert len(sources) == 1
    rows = sources[0].find_parent("table").find("tbody").find_all("tr")
    assert len(rows) == int(count.group(1))
    assert "Secondary outlet only" in growth  # the 249 M base's reliability note is shown


def test_the_index_leads_with_the_latest_period_then_the_eight_article_figures(outputs):
    text = read_text(outputs, "index.html")
    assert text.index("more than 700 M‡") < text.index("602 M")
    for value in ("602 M", "+141.7%", "457 M", "288 M", "184 M", "more than 30%", "254,000"):
        assert text.count(value) == 1, value
    assert "446 generative-AI services filed with the CAC during 2025" in text
    assert text.count("nearly 142%") == 1


def test_a_base_found_only_in_a_secondary_outlet_is_flagged_beside_the_rate(outputs):
    text = read_text(outputs, "headline/02-growth.html")
    assert (
        "141.7% more than at the end of December 2024 (249 M, found only in a secondary outlet, "
        "ForexBNB)." in text
    )
    assert "(read as 248.5–249.5 M, found only in a secondary outlet, ForexBNB)" in text


def test_chart_values_carry_their_marks_and_the_arrows_source(outputs):
    users = (outputs / "mid-2026/figures/users-over-time.svg").read_text(encoding="utf-8")
    assert "&gt;700\xa0M‡" in users
    arrow = (outputs / "headline/figures/users-over-time.svg").read_text(encoding="utf-8")
    assert "Workers" in arrow  # the published rate on the arrow comes from Workers' Daily
    reach = (outputs / "mid-2026/figures/reach.svg").read_text(encoding="utf-8")
    assert "More than 50%‡ of people in China had used generative AI" in reach
    assert "&gt;50%‡" in reach  # the bar of a bound, written short beside its neighbour


def test_a_transcribed_pdf_is_not_cnnic_reporting(outputs):
    svg = (outputs / "headline/figures/usage-shares.svg").read_text(encoding="utf-8")
    flat = " ".join(svg.split())
    assert "as reported by CNNIC" not in flat and "as carried by" in flat


def test_an_estimate_across_two_series_says_so_in_the_lede(outputs):
    text = read_text(outputs, "half-year/03-segment-shares.html")
    assert (
        "answering questions: 80.9%‡ of users (≈417 M people, an estimate from a share and total "
        "from two different CNNIC report series)." in text
    )


def test_a_page_without_a_breakdown_says_so_and_why_a_digest_share_is_left_out(outputs):
    text = read_text(outputs, "mid-2026/03-segment-shares.html")
    # Said once, with the reason data/findings.csv records; the sections point back to it.
    assert (
        "No usable breakdown of generative-AI use at the end of June 2026 was found in the "
        "coverage gathered here. A news digest of CNNIC's 2026 report quotes a share of users "
        "who ask AI to answer questions that matches the December 2025 share in the 57th "
        "Statistical Report to the decimal; it may be carried over from that report, so this "
        "project does not take it as a figure for June 2026." in text
    )
    assert text.count("A news digest of CNNIC's 2026 report quotes") == 1
    assert "No table (see the start of this page)." in text
    assert "No main use to follow (see the start of this page)." in text
    for repeated in ("usage breakdown for June 2026", "No usage chart"):
        assert repeated not in text, repeated
    assert "CCTV News app" in text  # the digest is listed under Sources
    single = read_text(outputs, "earlier-year/03-segment-shares.html")
    assert (
        "From June 2024 to December 2024, a share of users for answering questions was found "
        "only for the end of December 2024 (77.6%), so there is no change over time to show. "
        "Found only in a secondary outlet: 77.6% (678chat.com)." in single
    )


def read_svg_text(path: Path) -> str:
    """Return the words an SVG draws, its text elements' content a line each."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(path.read_text(encoding="utf-8"))
    return "\n".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))


def test_the_june_share_of_forty_and_over_leads_with_the_better_supported_derivation(outputs):
    text = read_text(outputs, "headline/04-who-uses.html")
    assert (
        "Users aged 40 and over made up 30.3%† of generative-AI users at the end of December "
        "2025, against 25.4% (computed: 100% less the 74.6% of users under 40) at the end of June "
        "2025. CNNIC gives the change as +4.9 points†; the shares, read as rounded, allow 4.8–5.0 "
        "points, so the two agree." in text
    )
    # CNNIC's own report, seen through a third party's copy (†), is not a secondary outlet.
    assert "secondary outlet, CNNIC" not in text
    # The band sum is the second derivation: given as the range it allows, and said to agree.
    assert (
        "Read another way, it is 25.3–25.7% (computed: 12.7%† + 8.6%† + 4.2%†, the bands 40 to "
        "49, 50 to 59 and 60 and over), which agrees." in text
    )
    assert "25.5%" not in text and "4.6–5.0" not in text
    half = read_text(outputs, "half-year/04-who-uses.html")
    # The published share the computed one comes from leads, in the title and the lede (#18, 1).
    headline = (
        "74.6% of generative-AI users were under 40 at the end of June 2025, so 40 and over was "
        "25.4% (computed)"
    )
    assert half.count(headline) >= 2 and f"{headline}." in half
    assert "Users aged 40 and over made up 25.4%" not in half
    svg = " ".join(read_svg_text(outputs / "half-year/figures/age-bands.svg").split())
    assert "74.6% of users were under 40 at the end of June 2025, so 40 and over was 25.4%" in svg


def test_a_page_without_a_breakdown_points_to_the_reports_that_have_one(outputs):
    text = read_text(outputs, "mid-2026/04-who-uses.html")
    assert (
        "A breakdown of generative-AI users by age, gender, education or occupation at the end of "
        "June 2026 was not found in the coverage gathered here, so this report shows none. This "
        "report, run for the end of June 2025 or the end of December 2025, shows the breakdowns "
        "found for those dates." in text
    )
    assert "Breakdowns were found for" not in text
    # A finding about uses belongs to report 03; this page shows nothing, and says so.
    assert "answer questions" not in text
    assert "This report shows no published figure or finding, so it lists no publication." in text


def test_the_change_since_the_comparison_period_names_the_span_the_totals_cover(outputs):
    headline = read_text(outputs, "headline/05-registered-services.html")
    # The count published for the span leads; the totals then agree with it or not (#18, 1;
    # not "confirm": the 748‡ is a dashboard's, review 4, item 4).
    assert (
        "Filings: 446 services filed during 2025 (published by 2 outlets). The totals agree "
        "with it: from 302 by December 2024 to 748‡ by December 2025, 446 added (computed). "
        "Found only in secondary outlets: 302 (678chat.com); 748‡ (AI regulation dashboards, "
        "airegulationhub.com and others)." in headline
    )
    # A published count the totals cannot check is said, flagged, and said to be unchecked (3).
    assert (
        "Registrations: 330‡ apps and features registered during 2025 (published). It cannot be "
        "checked against the totals: the totals found start with 240-odd‡ by July 2025, "
        "after December 2024, and a total for December 2025 was not found in the coverage "
        "gathered here. Found only in secondary outlets: 330‡ (AI regulation dashboards, "
        "airegulationhub.com and others); 240-odd‡ (newbe.com.cn)." in headline
    )
    assert "cannot be given" not in headline
    latest = read_text(outputs, "mid-2026/05-registered-services.html")
    assert (
        "Registrations: from 306‡ by October 2025 to 598‡ by June 2026, 292 added (computed). A "
        "total for December 2025 was not found in the coverage gathered here, so the span starts "
        "at the latest total before it, October 2025." in latest
    )
    assert "the latest totals found at or before each date" not in latest


def test_the_eu_figure_is_dated_by_its_publication_and_its_survey(outputs):
    text = read_text(outputs, "headline/06-in-context.html")
    assert (
        "Eurostat puts the share of people aged 16 to 74 in the EU at 32.7% in its 2025 survey, published December 2025."
        in text
    )
    half = read_text(outputs, "half-year/06-in-context.html")
    assert (
        "A figure for the EU published by June 2025 was not found in the coverage gathered here "
        "(the one gathered: Eurostat, 2025 survey, published December 2025)" in half
    )
    assert "is dated December 2025" not in half
    assert "The EU (Eurostat, 2025 survey, published December 2025)" in read_csv(
        outputs, "headline/tables/china-eu-shares.csv"
    )
    early = read_text(outputs, "earlier-year/06-in-context.html")
    assert "Found only in a secondary outlet: 17.7% (ForexBNB)." in early


def test_every_running_total_is_text_on_the_phone_chart_too(outputs):
    import csv

    for set_dir in sorted(path for path in outputs.iterdir() if (path / "figures").is_dir()):
        data = set_dir / "tables" / "cac-running-totals.csv"
        if not data.exists():
            continue
        labels = [
            row["As the chart labels it"] for row in csv.DictReader(data.open(encoding="utf-8"))
        ]
        assert labels
        for svg in ("cac-running-totals.svg", "cac-running-totals.phone.svg"):
            drawn = read_svg_text(set_dir / "figures" / svg)
            assert [label for label in labels if label not in drawn] == [], (set_dir.name, svg)


def test_notes_on_these_pages_say_carried_by_never_reported_by(outputs):
    for name in ("age-bands", "cac-running-totals", "china-eu-shares"):
        flat = " ".join(read_svg_text(outputs / "headline" / "figures" / f"{name}.svg").split())
        assert "as reported by" not in flat and "as carried by" in flat, name


def test_the_filing_totals_only_a_blog_carries_are_flagged_where_checks_lean_on_them(outputs):
    text = read_text(outputs, "headline/05-registered-services.html")
    assert (
        "The check of the 446 services filed during 2025 rests on the 302 filed by December "
        "2024, found only in a secondary outlet, 678chat.com, and on the 748‡ filed by December "
        "2025, found only in a secondary outlet, AI regulation dashboards (airegulationhub.com "
        "and others)." in text
    )
    # Under the list of counts checked against the totals: the 238, first shown there, and the
    # 330‡; the 302 is flagged in the chart's note just above, not again.
    checks = text[
        text.index("Counts published for a span, set against the totals ¶") : text.index(
            "The founding article's figure ¶"
        )
    ]
    flags = checks[checks.index("so it cannot be checked.") :]
    for flagged in ("238", "678chat.com", "330‡", "airegulationhub.com"):
        assert flagged in flags, flagged
    assert "302" not in flags
    # The 748‡ only dashboards carry may be 302 + 446 itself: it agrees, it cannot vouch.
    assert (
        "302 filed by December 2024 plus 446 agrees with the 748‡ filed by December 2025 (a total "
        "a secondary outlet may have made by the same sum). Found only in secondary outlets: 302 "
        "(678chat.com); 748‡ (AI regulation dashboards, airegulationhub.com and others)." in text
    )
    note = " ".join(read_svg_text(outputs / "headline/figures/cac-running-totals.svg").split())
    assert "Found only in secondary outlets: 302 (678chat.com); 346‡ (Reportify);" in note


def test_a_count_published_for_the_span_of_two_totals_leads_their_difference(outputs):
    text = read_text(outputs, "mid-2026/05-registered-services.html")
    assert (
        "Filings, April 2026 to June 2026: 120‡ services filed from May to June 2026 "
        "(published); the totals, from 868‡ to 988‡, give 120 (computed)." in text
    )
    assert "from 868‡ to 988‡, so 120 added" not in text


def test_one_running_total_is_said_not_drawn_and_empty_sections_say_one_sentence(outputs):
    text = read_text(outputs, "earlier-year/05-registered-services.html")
    assert (
        "Running totals at each date ¶ The only running total found for December 2024 or "
        "earlier: 302 services filed by December 2024. A single point per list makes no line, "
        "so there is no chart. Found only in a secondary outlet: 302 (678chat.com). What "
        "was added" in text
    )
    assert not (outputs / "earlier-year/figures/cac-running-totals.svg").exists()
    assert (
        "What was added between one total and the next ¶ Fewer than two running totals dated "
        "December 2024 or earlier were found in the coverage gathered here, so nothing added "
        "between two of them can be computed. Counts published" in text
    )
    assert "The difference between two consecutive totals" not in text
    assert "Each point is a total published" not in text


def test_the_chinese_name_of_a_procedure_is_never_broken_across_lines(outputs):
    soup = BeautifulSoup(
        (outputs / "mid-2026/05-registered-services.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    cells = [td.get_text() for td in soup.find_all("td")]
    assert "Registration\u00a0(登记)" in cells and "Filing\u00a0(备案)" in cells


def test_the_age_bands_only_secondary_outlets_carry_are_flagged_in_text_and_chart(outputs):
    flag = (
        "Found only in secondary outlets: 33.8%, 21.0% and 19.8% (saiterchem.com, republished "
        "newspaper item); 12.7%†, 8.6%† and 4.2%† (East Money research note)."
    )
    text = read_text(outputs, "half-year/04-who-uses.html", charts=False)
    # In the chart's note right under the bands, not also in the text above it.
    assert "against 74.6% as the sum of their bands" in text
    assert "saiterchem.com" not in text[: text.index("Users aged forty and over ¶")]
    note = " ".join(read_svg_text(outputs / "half-year/figures/age-bands.svg").split())
    assert flag in note


def test_a_page_without_a_breakdown_says_one_sentence_a_section_and_nothing_it_lacks(outputs):
    for page, month in (
        ("mid-2026/04-who-uses.html", "June 2026"),
        ("earlier-year/04-who-uses.html", "December 2024"),
    ):
        text = read_text(outputs, page)
        found = "not found in the coverage gathered here"
        assert (
            f"Age ¶ Age bands at the end of {month}: {found}. Users aged forty and over ¶ The "
            f"share of users aged 40 and over at the end of {month} was {found}. "
            f"What the coverage says in words ¶ A finding in words about the users at the end of "
            f"{month} was {found}. Occupations ¶ Users by occupation at the end of {month}: "
            f"{found}. Gender and education ¶ Shares of users by gender and education at the end "
            f"of {month}: {found}. The figures behind this report" in text
        ), page
        for claim in (
            "only the men's share was found",
            "the signs are explained under Sources",
            "Each user is in exactly one age band",
            "every share below",
            "in this project's own words",
        ):
            assert claim not in text, (page, claim)
    shown = read_text(outputs, "half-year/04-who-uses.html")
    assert (
        "For gender only the men's share was found; the women's share is shown only as "
        "computed, one hundred less the men's share, at the men's rounding. For education only "
        "the share with a college education or higher was found." in shown
    )
    assert "the signs are explained under Sources" in shown


def test_no_comparison_no_explanation_of_it_and_each_figure_dated_as_its_own(outputs):
    for page, month in (
        ("half-year/06-in-context.html", "June 2025"),
        ("earlier-year/06-in-context.html", "December 2024"),
    ):
        text = read_text(outputs, page)
        assert (
            f"Why the two shares are not like for like ¶ This page sets no two shares side by "
            f"side for {month}, so there is no comparison to qualify: an EU figure published by "
            f"{month} was not found in the coverage gathered here. Sources" in text
        ), page
        assert "Two differences stand out" not in text
    latest = read_text(outputs, "mid-2026/06-in-context.html")
    assert (
        "The two definitions side by side, with the latest figure read in full by June 2026 for "
        "each: CNNIC's at the end of December 2025; Eurostat's in its 2025 survey, published "
        "December 2025" in latest
    )
    assert "with the figure used for June 2026" not in latest
    assert "Two differences stand out" in latest


def test_outlets_in_a_chart_note_are_apart_by_semicolons(outputs):
    note = " ".join(read_svg_text(outputs / "headline/figures/cac-running-totals.svg").split())
    assert (
        "as carried by 678chat.com; AI regulation dashboards (airegulationhub.com and others); "
        "AIbase, Japanese edition; newbe.com.cn; People's Daily Online, Japanese edition, "
        "relaying Xinhua; Reportify; United Daily News." in note
    )


def test_published_figures_lead_and_computed_ones_carry_the_precision_they_bear(outputs):
    half = read_text(outputs, "half-year/02-growth.html")
    assert (
        "Users added: published 266 M (United Daily News); recomputed from the two levels, "
        "265–267 M (computed): consistent." in half
    )
    latest = read_text(outputs, "mid-2026/02-growth.html")
    # 50% of the smallest base the rounding allows, 601.5 M / 42.85%: 701.9 M, a bound rounded down.
    assert (
        "CNNIC's share of the population for June 2026 gives only a floor: more than 50%‡ of a "
        "population of 1,403–1,410 M (computed from its figures for December 2025, 602 M ÷ "
        "42.8%) is more than 701 M (computed) if the population stayed the same. The published "
        "count, more than 700 M‡, is a lower bound too, so the share neither confirms nor "
        "contradicts it. Found only in a secondary outlet: more than 50%‡ (Sohu)." in latest
    )
    assert "about 702" not in latest and "more than about" not in latest
    uses = read_text(outputs, "headline/03-segment-shares.html")
    assert (
        "Answering questions: 76.0%† published; 457 M of 602 M users gives 75.7–76.1% (computed): "
        "consistent." in uses
    )
    assert (
        "then 76.0%† at the end of December 2025: 1.5–1.7 points lower over the whole span" in uses
    )
    assert "Found only in secondary outlets: 77.6% (678chat.com)" in uses


def test_shares_from_two_series_are_ranked_only_with_a_caveat(outputs):
    text = read_text(outputs, "half-year/03-segment-shares.html")
    assert (
        "The shares come from 2 CNNIC report series (Statistical Report; Generative AI Application "
        "Development Report), whose samples and questions may differ, so their order is a rough "
        "guide." in text
    )


def test_the_index_dates_its_key_findings_and_keeps_notes_out_of_the_cards(outputs):
    soup = BeautifulSoup((outputs / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [h.get_text() for h in soup.select("h3.findings-section")] == [
        "Where adoption stands: June 2026",
        "The full picture at the end of December 2025",
    ]
    notes = [li.get_text(" ", strip=True) for li in soup.select("li.findings-note")]
    assert notes[0].startswith("For June 2026,") and notes[-1].startswith("‡ Seen only")
    caption = soup.select_one("#chart-users figcaption").get_text(" ", strip=True)
    assert "as carried by" in caption and "the outlets each report lists" not in caption


def test_a_page_without_a_chart_does_not_offer_chart_downloads(outputs):
    assert "Under each chart" not in read_text(outputs, "mid-2026/03-segment-shares.html")
    assert "Under each chart" in read_text(outputs, "headline/02-growth.html")


def test_computed_values_carry_no_mark_and_the_levels_under_them_do(outputs):
    # A mark says how a published figure was seen; a computed one was not seen at all (review 3,
    # item 7): the index chart's ratio is unmarked, its bars keep their levels' marks.
    soup = BeautifulSoup((outputs / "index.html").read_text(encoding="utf-8"), "html.parser")
    title = soup.select_one("#chart-users-title").get_text()
    assert title.startswith("More than 2.9 times as many people")
    assert "2026-06: >700 M‡." in soup.select_one("#chart-users img")["alt"]
    for page in sorted(outputs.glob("*/0[2-5]-*.html")):
        text = read_text(outputs, str(page.relative_to(outputs)), charts=False)
        assert not re.search(r"[0-9][%M]?[†‡] \(computed", text), page


def test_who_counts_as_a_user_is_said_where_users_are_counted_and_nowhere_else(outputs):
    definition = "Who counts as a user: CNNIC counts the people in China who say"
    for page in ("01-load-figures", "02-growth", "03-segment-shares", "04-who-uses"):
        soup = BeautifulSoup((outputs / f"headline/{page}.html").read_text("utf-8"), "html.parser")
        shown = soup.find_all(class_=["lede-block", "definition"])
        # Once, under the finding.
        assert [tag["class"][0] for tag in shown] == ["lede-block", "definition"], page
        assert shown[1].get_text().startswith(definition), page
    # 05 counts filed services and 06 defines each measure it compares in a table of its own.
    for page in ("05-registered-services", "06-in-context"):
        assert definition not in read_text(outputs, f"headline/{page}.html"), page
    assert definition in read_text(outputs, "index.html")


def test_a_dateline_counts_the_sources_that_carry_no_date(outputs):
    # December 2024's figures rest on outlets without a date (ForexBNB, 678chat, Access to China,
    # DeepNewz) that carry a report released after the one dated source: no 'latest' overall.
    assert (
        "Figures as of the end of December 2024, compared with June 2024; the latest dated of the 7 "
        "sources of figures for these dates was published 2024-12-02; 6 have no recorded "
        "publication date. Page made" in read_text(outputs, "earlier-year/01-load-figures.html")
    )
    assert (
        "Figures up to June 2026; the latest dated of the 34 sources was published 2026-09-29; 21 "
        "have no recorded publication date. Page made" in read_text(outputs, "index.html")
    )


def test_the_index_preview_is_a_sentence_on_the_latest_count(outputs):
    page = BeautifulSoup((outputs / "index.html").read_text(encoding="utf-8"), "html.parser")
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description == (
        "By the end of June 2026, more than 700\xa0M people in China had used generative AI, by "
        "CNNIC's count; the reports here follow CNNIC's figures from June 2024, each with where "
        "it was found."
    )


def test_a_total_not_found_is_never_said_to_be_unpublished(outputs):
    for name in ("mid-2026", "headline", "half-year", "earlier-year"):
        text = read_text(outputs, f"{name}/05-registered-services.html")
        assert "not published" not in text and "nothing between them was published" not in text
        assert "not published" not in read_csv(outputs, f"{name}/tables/cac-flows-reconciled.csv")
    text = read_text(outputs, "mid-2026/05-registered-services.html")
    assert "The lines only join the published points; no total between them was found." in text
    assert (
        "868‡ by April 2026 minus 72‡ puts that total at 796 (computed; no published total was "
        "found)." in text
    )
    assert (
        "530‡ by April 2026 minus 49‡ puts that total at 481 (computed; no published total was "
        "found)." in text
    )
    assert (
        "302 by December 2024 minus 238 puts that total at 64 (computed; no published total was "
        "found)." in text
    )
    assert "total at the start computed; no published total was found" in read_csv(
        outputs, "earlier-year/tables/cac-flows-reconciled.csv"
    )


def test_a_flag_after_a_sentence_keeps_its_space_and_every_secondary_share_is_flagged(outputs):
    flags = {
        "headline": "77.6% (678chat.com); 80.9%‡ (Reportify); 76.0%† (a third-party research "
        "note, publisher not recorded).",
        "half-year": "77.6% (678chat.com), 80.9%‡ (Reportify).",
    }
    for name, flagged in flags.items():
        text = read_text(outputs, f"{name}/03-segment-shares.html")
        assert (
            f"(computed from the rounded shares). Found only in secondary outlets: {flagged}"
            in text
        )
        assert "shares).The" not in text
    assert (
        "A period without a usage breakdown has no most common use, so there is none to follow."
        in read_text(outputs, "mid-2026/03-segment-shares.html")
    )
    text = read_text(outputs, "earlier-year/03-segment-shares.html")
    # The list, then the chart whose note flags the shares and the total behind the estimates.
    assert (
        "Office assistant: 45.5% of users, ≈113 M people (estimated from the share) Source: "
        "CNNIC, 55th Statistical Report; as carried by 678chat.com; ForexBNB. Found only in a "
        "secondary outlet: 77.6% and 45.5% (678chat.com). The estimates (≈) use the "
        "total of 249 M users, found only in a secondary outlet, ForexBNB." in text
    )


def test_the_full_text_rule_is_about_reading_and_names_what_it_leaves_out(outputs):
    for name in ("mid-2026", "headline", "half-year", "earlier-year"):
        assert "full text of a news report" not in read_text(outputs, f"{name}/06-in-context.html")
    text = read_text(outputs, "earlier-year/06-in-context.html")
    assert (
        "No figure of either measure up to December 2024 was left out: every one found (CNNIC's "
        "16.4% for June 2024 and 17.7% for December 2024) was read in full. Found only in "
        "secondary outlets: 16.4% (LongPort), 17.7% (ForexBNB)." in text
    )
    text = read_text(outputs, "mid-2026/06-in-context.html")
    assert (
        "CNNIC also gave a figure for June 2026, more than 50%‡, but it was seen only in a "
        "headline, an excerpt or a news digest, and found only in a secondary outlet, Sohu; it "
        "is not used here." in text
    )
    assert "Sohu item on CNNIC's Generative AI Application Development Report (2026)" in text


def test_who_uses_says_what_it_shows_and_what_was_found_in_part(outputs):
    text = read_text(outputs, "mid-2026/04-who-uses.html")
    assert (
        "When the period itself has no breakdown, none is shown, not even the comparison "
        "period's; the finding above then names the dates that have one." in text
    )
    assert "at each date with a breakdown, from the comparison period" not in text
    assert (
        "The end of December 2025: users by age, gender, education and occupation: found, in "
        "part for gender (only the men's share), education (only the share with a college "
        "education or higher) and occupation (only the shares of students, corporate managers and "
        "staff, and self-employed and freelancers). These are shown in this report run for the "
        "end of December 2025, not here." in text
    )
    text = read_text(outputs, "headline/04-who-uses.html")
    assert (
        "A figure marked with a sign was not read in the full text of a publication; the signs "
        "are explained under Sources." in text
    )
    assert "seen less than" not in text


def test_figures_only_secondary_outlets_carry_are_flagged_once_where_02_leans_on_them(outputs):
    latest = read_text(outputs, "mid-2026/02-growth.html", charts=False)
    # The step table's last row keeps the mark of the 700 M‡ (the growth computed from it has
    # none), and the 249 M it shows is flagged under it, once (and under the rates set against it).
    assert "December 2025 June 2026 more than 700 M‡ more than 16.1% " in latest
    assert latest.count("Found only in a secondary outlet: 249 M (ForexBNB).") == 2
    half = read_text(outputs, "half-year/02-growth.html")
    assert (
        "The earlier share of the population: published 17.7% (found only in a secondary outlet, "
        "ForexBNB); the later share, 36.5% (ARY News), minus the published change of +18.8 points "
        "(found only in a secondary outlet, bfgbw.cn), gives 17.6–17.8% (computed): consistent."
        in half
    )
    early = read_text(outputs, "earlier-year/02-growth.html")
    assert (
        "Generative-AI users as a share of the whole population at the end of December 2024: "
        "published 17.7% (found only in a secondary outlet, ForexBNB); recomputed as 249 M (found "
        "only in a secondary outlet, ForexBNB) over 1,408.28 M (found only in a secondary outlet, "
        "DeepNewz), 17.6–17.8% (computed): consistent." in early
    )
    headline = read_text(outputs, "headline/02-growth.html", charts=False)
    assert "published 17.7% (found only in a secondary outlet, ForexBNB); the later share" in (
        headline
    )
    assert "249 M was found only" not in headline


def test_the_growth_charts_flag_in_their_notes_what_only_secondary_outlets_carry(outputs):
    for page in ("mid-2026", "headline", "half-year", "earlier-year"):
        users = " ".join(read_svg_text(outputs / page / "figures/users-over-time.svg").split())
        assert "Found only in a secondary outlet: 249 M (ForexBNB)." in users, page
    # One sentence for them all, each outlet once (review 2, item 9).
    reach = " ".join(read_svg_text(outputs / "mid-2026/figures/reach.svg").split())
    assert (
        "Found only in secondary outlets: 16.4% (LongPort), 1,099.67 M (lwxsd.com), 17.7% and "
        "249 M (ForexBNB), 1,108 M (Access to China), more than 50%‡ (Sohu)." in reach
    )
    assert "was found only" not in reach and "were found only" not in reach


def test_01_says_once_which_figures_only_secondary_outlets_carry(outputs):
    early = read_text(outputs, "earlier-year/01-load-figures.html", charts=False)
    assert (
        "This report lists the 9 figures found for that date or counted over its year, taken from "
        "4 publications. All 9 were found only in secondary outlets: 678chat.com; Access to China; "
        "DeepNewz; ForexBNB." in early
    )
    assert "The 249 M was found only" not in early
    latest = read_text(outputs, "mid-2026/01-load-figures.html")
    assert "Of the figures, 1 was found only in a secondary outlet, Sohu." in latest


def test_growth_csvs_give_what_the_page_shows_and_say_where_each_level_comes_from(outputs):
    reconciled = read_csv(outputs, "mid-2026/tables/growth-reconciliation.csv")
    assert (
        "141.767" not in reconciled and "106.827" not in reconciled and "248.972" not in reconciled
    )
    assert (
        "2024-12,2025-06,False,106.6%,etnet,full_text,etnet-20251020752,248.9–249.6,249,"
        "248.5–249.5,106.2–107.5,True" in reconciled
    )
    users = read_csv(outputs, "mid-2026/tables/users-over-time.csv")
    assert (
        "How the figure was seen (grade in data/figures.csv),Source (id in data/sources.csv)"
        in (users)
    )
    assert "2024-12,249,1,exact,full_text,forexbnb-13764,ForexBNB" in users
    assert "2026-06,700,100,more_than,snippet,xinhua-2026-09-29,Xinhua" in users


def test_the_usage_csv_says_which_counts_of_people_are_published_and_which_estimated(outputs):
    rows = read_csv(outputs, "headline/tables/usage-shares.csv").splitlines()
    assert "Where the users figure comes from (published, or estimated from a share)" in rows[0]
    transcribed = "transcription,a third-party research note (publisher not recorded)"
    assert f"Answering questions,76.0,457,published,{transcribed},,,,76.0%† (457 M)" in rows
    assert (
        f"Writing text,37.6,226,estimated from a published share,{transcribed},602,"
        "China News Service,,37.6%† (≈226 M)" in rows
    )


def test_a_report_preview_ends_after_a_whole_sentence_not_before_a_number(outputs):
    # The lede's next clause ("computed from the two published levels, …") would leave its
    # number cut off: the preview stops at the sentence before it.
    described = re.compile(r'<meta name="description" content="([^"]*)">')
    growth = described.search(read_csv(outputs, "mid-2026/02-growth.html"))
    assert growth and growth[1] == (
        "CNNIC counted 602\xa0M generative-AI users at the end of December 2025 and more than "
        "700\xa0M at the end of June 2026."
    )
    listing = described.search(read_csv(outputs, "earlier-year/01-load-figures.html"))
    assert listing and listing[1] == (
        "CNNIC put the number of people in China who had used generative AI at 249\xa0M at the end "
        "of December 2024."
    )


def test_01_names_a_mirror_as_the_outlet_and_sorts_outlets_whatever_their_case(outputs):
    latest = read_text(outputs, "headline/01-load-figures.html", charts=False)
    assert (
        "Of the figures, 25 were found only in secondary outlets: a third-party research note "
        "(publisher not recorded); AI regulation dashboards (airegulationhub.com and others); "
        "m.xzyrifv.net (mirroring the CNNIC press release)." in latest
    )
    assert "read in the full text of a news report" not in latest
    assert "read in full (the publication's full text)" in latest
    # The Published column says an undated source is undated; its note does not say it again.
    assert "publication date not recorded" not in latest


def test_the_usage_charts_note_flags_what_only_secondary_outlets_carry(outputs):
    # The SVG travels alone, so its note names the only outlets of the shares and of the total.
    early = " ".join(read_svg_text(outputs / "earlier-year/figures/usage-shares.svg").split())
    for said in ("77.6%", "45.5%", "678chat.com", "total of 249 M users", "ForexBNB"):
        assert said in early, said
    half = " ".join(read_svg_text(outputs / "half-year/figures/usage-shares.svg").split())
    for said in ("80.9%‡", "Reportify", "36.0%†, 33.0%† and 30.0%†", "East Money research note"):
        assert said in half, said
    # Said once: the list above the chart gives neither the flags nor the marks' legend again.
    page = read_text(outputs, "half-year/03-segment-shares.html", charts=False)
    listed = page[page.index("never added together.") : page.index("Counts set against shares ¶")]
    for once in ("East Money research note", "Copied from the publisher's document"):
        assert once not in listed, once
    assert (
        "Answering questions: 80.9%‡ of users, ≈417 M people (estimated from a share and total "
        "from two different CNNIC report series)" in listed
    )


def test_usage_shares_csv_names_outlets_grades_and_the_total_behind_the_estimates(outputs):
    half = read_csv(outputs, "half-year/tables/usage-shares.csv").splitlines()
    assert half[0] == (
        "Use,Share of all users (%),Generative-AI users (million people),"
        '"Where the users figure comes from (published, or estimated from a share)",'
        "How the share was seen (grade in data/figures.csv),Where the share was found (outlets),"
        '"Total users the estimate uses (million people, as published)",'
        "Where that total was found (outlets),"
        "Share and total from two different CNNIC report series (yes if so),As the chart labels it"
    )
    assert half[1] == (
        "Answering questions,80.9,417,estimated from a published share,snippet,Reportify,515,"
        "ARY News,yes,80.9%‡ (≈417 M)"
    )
    assert half[2].startswith(
        "Writing text,36.0,185,estimated from a published share,transcription,"
        "East Money research note,515,ARY News,,"
    )
    early = read_csv(outputs, "earlier-year/tables/usage-shares.csv").splitlines()
    assert early[1] == (
        "Answering questions,77.6,193,estimated from a published share,full_text,678chat.com,"
        "249,ForexBNB,,77.6% (≈193 M)"
    )


def test_a_flag_the_chart_note_carries_is_not_said_again_in_the_text_beside_it(outputs):
    for name in ("headline", "half-year"):
        page = read_text(outputs, f"{name}/04-who-uses.html", charts=False)
        age = page[
            page.index("read at its published precision.") : page.index(
                "Users aged forty and over ¶"
            )
        ]
        for outlet in ("saiterchem.com", "East Money research note"):
            assert outlet not in age, (name, outlet)
        note = " ".join(read_svg_text(outputs / f"{name}/figures/age-bands.svg").split())
        for said in ("33.8%, 21.0% and 19.8%", "saiterchem.com", "East Money research note"):
            assert said in note, (name, said)
    page = read_text(outputs, "mid-2026/05-registered-services.html", charts=False)
    added = page[
        page.index("What was added between one total and the next ¶") : page.index(
            "Counts published for a span, set against the totals ¶"
        )
    ]
    for outlet in ("678chat.com", "Reportify", "newbe.com.cn", "AIbase"):
        assert outlet not in added, outlet
    checks = page[
        page.index("Counts published for a span, set against the totals ¶") : page.index(
            "The founding article's figure ¶"
        )
    ]
    # The 238 is flagged here, first shown here; the 302 the chart note flags is not again.
    assert checks.count("678chat.com") == 1
    assert "The 238" in checks or "238 (678chat.com)" in checks


def test_the_in_context_pages_say_read_in_full_once_the_rule_is_stated(outputs):
    for name in ("headline", "half-year", "earlier-year", "mid-2026"):
        page = read_text(outputs, f"{name}/06-in-context.html")
        assert "read in full text" not in page, name
        assert page.count("in a publication's full text") == 1, name
    mid = read_text(outputs, "mid-2026/06-in-context.html")
    # The lede opens by saying June 2026's share was not read in full, once; the rule's section
    # names that figure with its value and outlet.
    assert "CNNIC's figure for June 2026 is left out" not in mid
    assert (
        "CNNIC also gave a figure for June 2026, more than 50%‡, but it was seen only in a headline"
        in mid
    )
    assert "The latest two shares read in full up to June 2026" in mid


def test_a_growth_no_one_published_is_computed_and_one_step_is_this_step(outputs):
    # Review 2, items 8 and 15: "computed" for a figure worked out here, and one step is singular.
    latest = read_text(outputs, "mid-2026/02-growth.html")
    assert (
        "No growth rate for this pair was found; computed from the two published levels, the rise "
        "is more than 16.1% (the later count is itself a lower bound)." in latest
    )
    assert (
        "Generative-AI users in China rose by more than 16.1% from the end of December 2025 to "
        "the end of June 2026 (computed)" in latest
    )
    early = read_text(outputs, "earlier-year/02-growth.html")
    title = " ".join(read_svg_text(outputs / "earlier-year/figures/users-over-time.svg").split())
    assert (
        "Generative-AI users rose by 5.7–10.9% from June 2024 to December 2024 (computed)" in title
    )
    assert (
        "This step joins counts from two CNNIC report series, whose surveys may differ in sample "
        "and wording: June 2024 to December 2024 (Generative AI Application Development Report "
        "and Statistical Report). Read it with that in mind." in early
    )
    assert "Every step here" not in early and "those steps" not in early
    for page in ("mid-2026", "earlier-year"):
        assert "(recomputed)" not in read_text(outputs, f"{page}/02-growth.html"), page
    index = read_text(outputs, "index.html")
    assert "growth since December 2025, computed from the published levels" in index
    assert "recomputed from the published levels" not in index


def test_the_growth_csvs_say_each_counts_rounding_and_outlet_and_which_pair_is_the_pages(outputs):
    # Review 2, item 14: 230 is to the nearest 10 M and People's Daily Online carries it.
    users = read_csv(outputs, "earlier-year/tables/users-over-time.csv").splitlines()
    assert users[0] == (
        "Reporting date (YYYY-MM),Generative-AI users (million people),Published to the nearest "
        '(million people),"How the source words the count (exact, nearly, more than…)",How the '
        "figure was seen (grade in data/figures.csv),Source (id in data/sources.csv),Carried by"
    )
    assert users[1] == "2024-06,230,10,exact,full_text,people-2024-12-02,People's Daily Online"
    # No rate for the page's own pair, none before it: no header-only file offered as data.
    assert not (outputs / "earlier-year/tables/growth-reconciliation.csv").exists()
    assert "growth-reconciliation.csv" not in (outputs / "earlier-year/02-growth.html").read_text(
        encoding="utf-8"
    )
    # mid-2026 holds other pairs' rates only, and says so on every row.
    latest = read_csv(outputs, "mid-2026/tables/growth-reconciliation.csv").splitlines()
    assert '"This report\'s pair (False: another pair, for reference)"' in latest[0]
    assert [row.split(",")[2] for row in latest[1:]] == ["False", "False", "False"]
    headline = read_csv(outputs, "headline/tables/growth-reconciliation.csv").splitlines()
    assert [row.split(",")[:3] for row in headline[1:]] == [
        ["2024-12", "2025-06", "False"],
        ["2024-12", "2025-12", "True"],
        ["2024-12", "2025-12", "True"],
    ]


def test_02_checks_a_count_by_a_share_with_a_verdict(outputs):
    """Review 3, item 8: the share of a population base checks a coarse count, with a verdict
    (review 4, item 2: a bounded count against a bound is not called a check)."""
    early = read_text(outputs, "earlier-year/02-growth.html", charts=False)
    check = early[early.index("checks the count:") :]
    check = check[: check.index(".", check.index("if the population stayed the same")) + 1]
    assert check.endswith("consistent with the published count, 230 M.")
    latest = read_text(outputs, "mid-2026/02-growth.html", charts=False)
    assert "checks the count" not in latest and "consistent with the published count" not in latest
    assert "imply (" not in latest and "means more than" not in latest


def test_02_flags_a_secondary_level_in_each_section_that_shows_it(outputs):
    """Review 3, item 11: the step table and the rates read back flag 249 M on every page."""
    flag = "Found only in a secondary outlet: 249 M (ForexBNB)."
    headings = (
        "The step between each pair of reporting dates",
        "Published growth rates, read back into the starting level",
        "Other published figures, checked against the levels",
    )
    for page in ("mid-2026", "headline", "half-year", "earlier-year"):
        text = read_text(outputs, f"{page}/02-growth.html", charts=False)
        # Each heading's last occurrence is the section's own (the first is in the contents).
        starts = [text.rindex(heading) for heading in headings]
        steps, rates = text[starts[0] : starts[1]], text[starts[1] : starts[2]]
        assert steps.count(flag) == 1, page
        # The rates set against 249 M flag it; earlier-year has no rate to check.
        shows = "the published 249 M stands for" in rates
        assert rates.count(flag) == int(shows) and shows == (page != "earlier-year"), page


def test_02_checks_every_published_share_of_two_published_levels(outputs):
    """Review 3, items 12 and 13: the section is named for what it holds, and the internet share
    of the population is checked against its two levels."""
    text = read_text(outputs, "headline/02-growth.html", charts=False)
    assert "Other published changes" not in text
    assert (
        "Internet users as a share of the whole population at the end of December 2025: "
        "published 80.1%‡ (found only in a secondary outlet, m.xzyrifv.net, mirroring the CNNIC "
        "press release); recomputed" in text
    )
    assert (
        "recomputed as 1,125 M (Xinhua) over 1,404.89 M (Kazinform), 80.0–80.2% (computed): "
        "consistent." in text
    )


def test_the_share_tag_of_headline_02_ends_before_the_aside_it_cannot_hold(outputs):
    """Review 3, item 18: the preview ended inside '(249 M, found only in a secondary outlet,…'."""
    page = BeautifulSoup(
        (outputs / "headline/02-growth.html").read_text(encoding="utf-8"), "html.parser"
    )
    preview = page.find("meta", property="og:description")["content"]
    assert preview == (
        "CNNIC put the number of people in China who had used generative AI at 602\xa0M at the end "
        "of December 2025, 141.7% more than at the end of December 2024…"
    )


def test_a_page_without_a_use_breakdown_says_so_where_the_shares_would_be(outputs):
    # Review 3, items 2 and 4: the section says plainly that there is none, and where the page
    # says why; the intro promises only what a breakdown gives; the digest's finding has its mark.
    text = read_text(outputs, "mid-2026/03-segment-shares.html")
    assert (
        "Shares of users by use ¶ No usable share of users by use was found for the end of June "
        "2026; the start of this page says why. Counts set against shares" in text
    )
    assert (
        "Where a breakdown of use was found for this report's period: each use as a share of all "
        "users, the counts the news reported set against those shares" in text
    )
    assert "Each share is a share of all users" not in text
    assert "so this project does not take it as a figure for June 2026.‡ Contents" in text
    # A page with shares keeps the method over them.
    assert "Each share is a share of all users." in read_text(
        outputs, "headline/03-segment-shares.html"
    )


def test_why_the_uses_are_none_usable_is_pointed_to_precisely(outputs):
    # Review 3, item 3: 03 points to its own start; 01 and 02 to this set's 03; the index to
    # the 03 of the set for that date.
    said = "June 2026: internet users and population: not found in the coverage gathered here; "
    assert f"{said}users by use: none usable (explained at the start of this page)." in read_text(
        outputs, "mid-2026/03-segment-shares.html"
    )
    for page in ("01-load-figures", "02-growth"):
        text = read_text(outputs, f"mid-2026/{page}.html")
        assert f"{said}users by use: none usable (report 03 of this set says why)." in text, page
    assert "users by use: none usable (report 03 of the set for June 2026 says why)." in read_text(
        outputs, "index.html"
    )
    for page in ("index.html", "mid-2026/01-load-figures.html", "mid-2026/03-segment-shares.html"):
        assert "(report 03 says why)" not in read_text(outputs, page), page


def test_ranges_computed_on_the_age_pages_are_at_their_inputs_precision(outputs):
    # Review 3, item 5: rounded outward to 0.1, as 02 rounds its ranges, never to 0.05.
    for page in ("headline/04-who-uses.html", "half-year/04-who-uses.html"):
        text = read_text(outputs, page)
        assert (
            "The six bands add up to 100.1% as written (computed); their rounding allows "
            "99.8–100.4%, which includes 100%: consistent." in text
        ), page
        assert (
            "Users under 40: 74.6% published, against 74.6% as the sum of their bands (computed; "
            "rounding allows 74.4–74.8%): consistent." in text
        ), page
        assert "Read another way, it is 25.3–25.7% (computed:" in text, page
        for too_fine in ("25.35", "25.65", "74.45", "99.80", "100.40"):
            assert too_fine not in text, (page, too_fine)
    headline = read_text(outputs, "headline/04-who-uses.html")
    assert "(computed; rounding allows 30.1–30.5%): consistent." in headline
    assert "99.7–100.3%" in headline and "30.15" not in headline


def test_a_share_of_the_total_in_people_is_estimated_one_way_on_both_pages(outputs):
    # Review 3, item 6: ≈ the value, halves up, to the inputs' significant digits, on 03 and 04.
    who = read_text(outputs, "headline/04-who-uses.html")
    assert (
        "30.1%† in a third-party research note (publisher not recorded), ≈181 M people "
        "(estimated from the share and the 602 M total)." in who
    )
    assert "≈98 M people" in who and "≈85 M people" in who
    assert "180–182 M" not in who and "97–98 M" not in who
    assert "Entertainment: 30.1%† of users, ≈181 M people (estimated from the share)" in read_text(
        outputs, "headline/03-segment-shares.html"
    )


def test_a_share_computed_from_the_rest_is_told_in_the_past(outputs):
    # Review 3, item 21: a level at a past date, in the title, the lede and the list.
    text = read_text(outputs, "half-year/04-who-uses.html")
    assert text.count("under 40 at the end of June 2025, so 40 and over was 25.4% (computed)") >= 2
    assert "At the end of June 2025: 74.6% of users were under 40, so 40 and over was 25.4%" in text
    assert "40 and over is 25.4%" not in text


def test_figures_transcribed_from_the_57th_report_are_flagged_as_the_research_notes(outputs):
    # 01's lede counts them among the figures only secondary outlets carry (see the test of 01's
    # outlets above); 04 flags them beside the shares.
    who = read_text(outputs, "headline/04-who-uses.html")
    assert (
        "Found only in a secondary outlet: 30.3%† and +4.9 points† (a third-party research note, "
        "publisher not recorded)." in who
    )
    # CNNIC is the report's author, never the outlet that carried its own figures.
    for page in ("01-load-figures", "03-segment-shares", "04-who-uses"):
        assert "CNNIC (PDF" not in read_text(outputs, f"headline/{page}.html"), page


def test_the_figures_of_a_period_lead_with_users_and_their_share(outputs):
    text = read_text(outputs, "mid-2026/01-load-figures.html")
    assert (
        "reporting date. Generative-AI users at the end of June 2026 (a lower bound): more than "
        "700 M‡ Generative-AI users as a share of the whole population: more than 50%‡ "
        "Generative-AI services filed with the CAC since filings began: 988‡" in text
    )
    soup = BeautifulSoup(
        (outputs / "mid-2026/01-load-figures.html").read_text(encoding="utf-8"), "html.parser"
    )
    publishers = [
        row.find("td").get_text(" ", strip=True)
        for row in soup.find_all("table")[-1].find_all("tr")
        if row.find("td")
    ]
    assert publishers[:2] == ["Xinhua (news.cn)", "Sohu (sohu.com)"]


def test_the_half_year_running_totals_chart_dates_each_point_and_says_what_it_draws(outputs):
    drawn = read_svg_text(outputs / "half-year/figures/cac-running-totals.svg").splitlines()
    assert drawn[:2] == ["Dec 2024", "Mar 2025"]
    text = read_text(outputs, "half-year/05-registered-services.html")
    assert "Running totals of services filed; a line joins published points only." in text
    assert "Running totals of filed services and registered apps" not in text


def test_a_page_without_a_china_share_read_in_full_for_its_period_says_so_first(outputs):
    page = (outputs / "mid-2026/06-in-context.html").read_text(encoding="utf-8")
    said = (
        "No share of China's whole population using generative AI for June 2026 was read in "
        "full; the latest is CNNIC's, 42.8% at the end of December 2025"
    )
    soup = BeautifulSoup(page, "html.parser")
    assert " ".join(soup.find("h1", class_="title").get_text().split()) == said
    assert soup.find("meta", property="og:description")["content"].startswith(said)
    chart = " ".join(read_svg_text(outputs / "mid-2026/figures/china-eu-shares.svg").split())
    assert (
        "No June 2026 share was read in full; CNNIC's latest, at the end of December 2025, is "
        "42.8%, Eurostat's 32.7% for the EU" in chart
    )
    # The headline set, whose period has its own share, keeps the plain title.
    assert "No share" not in read_text(outputs, "headline/06-in-context.html")


@pytest.mark.parametrize("page", ["headline/04-who-uses.html", "headline/01-load-figures.html"])
def test_what_is_missing_lists_the_reports_own_date_first(outputs, page):
    """Review 3, item 14: one date order in every report's list of what is missing."""
    text = read_text(outputs, page, charts=False)
    missing = text[text.rindex("What is missing") : text.rindex("Sources")]
    assert missing.index("December 2025:") < missing.index("December 2024:")


def test_totals_given_with_yu_read_as_ranges_and_give_ranges_added(outputs):
    text = read_text(outputs, "headline/05-registered-services.html")
    # 490余 and 240余: above the round number, short of the next ten, so both ends are known.
    assert (
        "The counts are of whole services, so a total published to the unit is exact; one "
        'written in Chinese as a round number followed by 余, shown here as "490-odd", is more '
        "than 490 and less than 500 (491–499)." in text
    )
    assert "Filings, March 2025 to July 2025: from 346‡ to 490-odd‡, so 145–153 added" in text
    assert "Filings, July 2025 to August 2025: from 490-odd‡ to 538, so 39–47 added" in text
    assert "Registrations, July 2025 to August 2025: from 240-odd‡ to 263, so 14–22 added" in text
    # No open bound is left among the totals, so none is said to be drawn or left open.
    assert "hollow triangle" not in text and "open on one side" not in text
    assert "more than 490‡" not in text and "at least 145" not in text


def test_no_line_break_parts_a_number_from_its_unit(outputs):
    """Review 3, item 16: a phone showed '≈181 / M people'. Every unit written after a space is
    joined to its number by a no-break space, on every page and in every part a reader sees."""
    from helpers.formatting import UNIT_SUFFIXES

    units = [suffix.strip() for suffix in UNIT_SUFFIXES.values() if suffix[:1].isspace()]
    assert units == ["M", "points"]
    # A digit, whitespace a line may break at (all but the no-break space), then a unit.
    parted = re.compile(rf"[0-9][^\S\xa0]+(?:{'|'.join(units)})\b")
    found = {}
    pages = sorted(outputs.rglob("*.html"))
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        # The code variants' code is the notebook's source, not a sentence.
        for hidden in soup(["style", "script"]) + soup.select(".input_area"):
            hidden.decompose()
        text = soup.get_text()
        found[page.relative_to(outputs).as_posix()] = [
            text[max(0, m.start() - 30) : m.end() + 10] for m in parted.finditer(text)
        ]
    assert len(pages) > 40  # the index and every set's reports, with and without code
    assert {page: parts for page, parts in found.items() if parts} == {}


def test_a_share_found_only_in_a_research_note_is_flagged_though_a_news_floor_is_near_it(outputs):
    # Review 4, item 3: China News Service's "more than 30%" of students is another figure than
    # the research note's 30.1%†, which the ≈181 M estimate rests on.
    who = read_text(outputs, "headline/04-who-uses.html")
    occupations = who[who.index("Occupations ¶") : who.index("Gender and education ¶")]
    assert occupations.endswith(
        "Found only in a secondary outlet: 30.1%†, 16.2%† and 14.2%† (a third-party research "
        "note, publisher not recorded). "
    )
    listing = read_text(outputs, "headline/01-load-figures.html", charts=False)
    # 25 with the 748‡ of the dashboards (item 4) too.
    assert "Of the figures, 25 were found only in secondary outlets:" in listing


def test_an_estimate_of_people_is_never_written_to_a_digit_the_rounding_leaves_open(outputs):
    # Review 4, item 5: 16.2% and 14.2% of 602 M allow 97.1–97.9 M and 85.1–85.9 M: no tenth.
    who = read_text(outputs, "headline/04-who-uses.html")
    assert (
        "Corporate managers and staff: 16.2%† in a third-party research note (publisher not "
        "recorded), ≈98 M people (estimated from the share and the 602 M total). Self-employed "
        "and freelancers: 14.2%† in a third-party research note (publisher not recorded), ≈85 M "
        "people (estimated from the share and the 602 M total)." in who
    )
    assert "97.5" not in who and "85.5" not in who


def test_a_figure_left_out_on_06_keeps_the_mark_its_legend_explains(outputs):
    # Review 4, item 9: the ‡ legend under Sources explains a ‡ the page shows.
    text = read_text(outputs, "mid-2026/06-in-context.html")
    body, sources = text.split("Sources ¶", 1)
    assert "‡ Seen only in a headline, an excerpt or a news digest." in sources
    assert "CNNIC also gave a figure for June 2026, more than 50%‡, but it was seen only" in body
    assert "more than 50%," not in body


def test_the_forty_and_over_heading_asserts_no_shift_a_page_cannot_show(outputs):
    # Review 4, item 11: one date and "no change is shown" under a heading that named a shift.
    for name in ("headline", "half-year", "mid-2026", "earlier-year"):
        text = read_text(outputs, f"{name}/04-who-uses.html")
        assert "Users aged forty and over ¶" in text, name
        assert "shift" not in text, name
    half = read_text(outputs, "half-year/04-who-uses.html")
    assert "so no change is shown." in half


def test_the_end_2025_filing_total_is_credited_to_the_dashboards_that_carried_it(outputs):
    """Review 4, item 4: the 748‡ was seen on secondary dashboards (it is 302 + 446, perhaps
    added up there), not in IT Home's headline; the pages flag it and say the totals agree with
    the 446 rather than confirm it."""
    headline = read_text(outputs, "headline/05-registered-services.html")
    assert (
        "Filing December 2025 748‡ AI regulation dashboards (airegulationhub.com and others)"
        in headline
    )
    # The chart's note, under the chart, flags it with the other totals only secondary outlets carry.
    assert (
        "(newbe.com.cn); 748‡ (AI regulation dashboards, airegulationhub.com and others); 306‡ "
        "(AIbase, Japanese edition)." in headline
    )
    assert (
        "That total equals the end-2024 total plus the 2025 filings, so a dashboard may have "
        "added the two rather than copied a published total." in headline
    )
    assert "confirm" not in headline
    latest = read_text(outputs, "mid-2026/05-registered-services.html")
    assert (
        "rests on the 302 filed by December 2024, found only in a secondary outlet, 678chat.com, "
        "and on the 748‡ filed by December 2025, found only in a secondary outlet, AI regulation "
        "dashboards (airegulationhub.com and others)." in latest
    )


def test_the_running_totals_subtitle_names_only_the_procedures_drawn(outputs):
    """Review 4, item 10: half-year 05 draws filings alone under 'since each procedure began'."""
    half = " ".join(read_svg_text(outputs / "half-year/figures/cac-running-totals.svg").split())
    assert "Running totals since filing began, by the date they stand at (count)" in half
    assert "each procedure" not in half
    both = " ".join(read_svg_text(outputs / "mid-2026/figures/cac-running-totals.svg").split())
    assert "Running totals since each procedure began" in both


def test_02_says_why_a_published_share_is_not_checked_against_its_levels(outputs):
    """Review 4, item 1: mid-2026 said no share was published for June 2026; one was."""
    latest = read_text(outputs, "mid-2026/02-growth.html", charts=False)
    assert "No other published change or share was found" not in latest
    assert (
        "Generative-AI users as a share of the whole population at the end of June 2026: "
        "published more than 50%‡ (found only in a secondary outlet, Sohu); not recomputed as "
        "generative-AI users over population, as no figure for population at the end of June "
        "2026 was found in the coverage gathered here. The growth section above uses it on "
        "December 2025's population base instead." in latest
    )
    # Where no share was used above, nothing says it was.
    half = read_text(outputs, "half-year/02-growth.html", charts=False)
    assert (
        "at the end of June 2025: published 36.5% (ARY News); not recomputed as generative-AI "
        "users over population, as no figure for population at the end of June 2025 was found in "
        "the coverage gathered here." in half
    )
    assert "The growth section above uses it" not in half


def test_02_ranges_about_a_count_claim_no_more_precision_than_the_count(outputs):
    """Review 4, item 6: starting levels in tenths (the 249 M stands for 248.5–249.5 M), a range
    about the 230 M (to 10 M) in whole millions."""
    for page in ("mid-2026", "headline", "half-year"):
        text = read_text(outputs, f"{page}/02-growth.html", charts=False)
        assert "etnet: 106.6% from December 2024 to June 2025 allows a starting level of " in text
        assert (
            "allows a starting level of 248.9–249.6 M; the published 249 M stands for "
            "248.5–249.5 M: consistent." in text
        ), page
        assert re.search(r"[0-9]\.[0-9]{2}–", text) is None, page
    headline = read_text(outputs, "headline/02-growth.html", charts=False)
    assert (
        "nearly 142% from December 2024 to December 2025 allows a starting level of 248.5–249.5 M"
        in headline
    )
    assert (
        "141.7% from December 2024 to December 2025 allows a starting level of 248.8–249.4 M"
        in headline
    )
    early = read_text(outputs, "earlier-year/02-growth.html", charts=False)
    assert "is 228–233 M (computed)" in early and "228.9" not in early


def test_02_says_where_users_over_internet_users_divides_two_series(outputs):
    """Review 4, item 7: a June count of users and one of internet users come from different
    CNNIC report series: the sentence and the reach chart's caption say so for those dates."""
    caveat = (
        "users and internet users come from different CNNIC report series (users from the "
        "Generative AI Application Development Report, internet users from the Statistical "
        "Report), whose samples and questions may differ."
    )
    half = read_text(outputs, "half-year/02-growth.html")
    assert (
        "At the end of June 2025, users over internet users gives 45.7–46.0% (computed from the "
        "two rounded counts; no such share by CNNIC was found). U" + caveat[1:] in half
    )
    assert f"At the end of June 2024 and June 2025, {caveat}" in half
    early = read_text(outputs, "earlier-year/02-growth.html")
    assert f"At the end of June 2024, {caveat}" in early
    # December's two counts share a series: its sentence carries no caveat.
    headline = read_text(outputs, "headline/02-growth.html")
    assert f"At the end of June 2024 and June 2025, {caveat}" in headline
    assert "no such share by CNNIC was found). Users and internet users" not in headline


def test_02_promises_a_published_rate_only_where_one_was_found(outputs):
    """Review 4, item 8: mid-2026 and earlier-year 02 have no published rate for their pair."""
    for page in ("mid-2026", "earlier-year"):
        text = read_text(outputs, f"{page}/02-growth.html", charts=False)
        assert "the growth rate CNNIC published for them where one was found" in text, page
        assert "No growth rate was found for" in text, page


def test_03_and_04_state_the_same_rounding_rule_for_estimates(outputs):
    # 04 says its estimates are "rounded as in report 03": 03 states the whole rule too.
    rule = "never to a digit their rounding could move by more than one"
    assert rule in read_text(outputs, "headline/03-segment-shares.html")
    assert rule in read_text(outputs, "headline/04-who-uses.html")
