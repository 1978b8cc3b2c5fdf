"""The seam: a missing series is said in words, never a crash; a page is dated by its own sources."""

from __future__ import annotations

import pytest
import yaml
from conftest import FIXTURE_DATA
from datafiles import drop_rows, read_rows, write_rows
from rendering import render

from helpers.paths import NOTEBOOKS_DIR
from helpers.seam import Dateline, describe_latest, describe_plain, read_inputs


def undate_sources(path):
    """Remove every publication date of sources.csv, with the reliability note that requires."""
    rows = read_rows(path)
    for row in rows:
        row["published"], row["reliability"] = "", row["reliability"] or "date not given"
    write_rows(path, rows)


def test_no_users_rows_gives_a_headline_that_says_so(data_copy):
    drop_rows(data_copy / "figures.csv", lambda row: row["metric"] != "genai_users")
    headline = read_inputs(data_copy).describe_headline()
    assert [(item.value, item.label) for item in headline] == [
        ("", "headline not available: data has no generative-AI users figures (metric genai_users)")
    ]


def test_no_growth_rows_leaves_the_computed_growth(data_copy):
    drop_rows(data_copy / "figures.csv", lambda row: row["metric"] != "genai_users_growth")
    labels = [item.label for item in read_inputs(data_copy).describe_headline()]
    assert "generative-AI users in China at the end of December 2025" in labels
    assert not [label for label in labels if "growth in users since" in label]
    # The growth recomputed from the levels stays: it needs no published rate.
    assert "growth since December 2025, computed from the published levels" in labels


def test_no_publication_dates_leave_the_latest_date_empty(data_copy, tmp_path):
    undate_sources(data_copy / "sources.csv")
    assert read_inputs(data_copy).data_published == ""


@pytest.mark.slow
def test_a_render_without_users_rows_writes_the_index_and_summary(tmp_path, data_copy, capsys):
    # Without a users total, the usage counts cannot stay (a segment needs its total).
    drop_rows(
        data_copy / "figures.csv",
        lambda row: row["metric"] not in ("genai_users", "genai_users_by_use"),
    )
    undate_sources(data_copy / "sources.csv")
    plan = tmp_path / "plan.yaml"
    sets = {"s": {"parameters": {"period": "2025-12", "comparison_period": "2024-12"}}}
    plan.write_text(yaml.safe_dump({"sets": sets}))
    outputs = tmp_path / "outputs"
    code = render(outputs, "--plan", str(plan), "--data", str(data_copy))
    summary = capsys.readouterr().out
    notebooks = len(list(NOTEBOOKS_DIR.glob("*.ipynb")))
    # Every notebook says what is missing instead of failing.
    assert code == 0 and f"{notebooks} ok, 0 failed" in summary
    growth = (outputs / "s" / "02-growth.html").read_text(encoding="utf-8")
    assert "No users chart: no count of generative-AI users was found up to this date." in growth
    index = (outputs / "index.html").read_text(encoding="utf-8")
    assert "headline not available: data has no generative-AI users figures" in index


@pytest.mark.parametrize(
    "parameters,expected",
    [
        (
            {"period": "2024-12", "comparison_period": "2024-06"},
            Dateline(
                "Figures as of the end of December 2024, compared with June 2024; the latest dated "
                "of the 7 sources of figures for these dates was published ",
                "2024-12-02",
                "; 6 have no recorded publication date.",
            ),
        ),
        (
            {"period": "2024-12"},
            Dateline(
                "Figures as of the end of December 2024; no publication date is recorded for any "
                "of the 4 sources of figures for these dates."
            ),
        ),
        (
            {"period": "2026-06"},
            Dateline(
                "Figures as of the end of June 2026; the latest dated of the 3 sources of figures "
                "for these dates was published ",
                "2026-09-29",
                "; 1 has no recorded publication date.",
            ),
        ),
        (
            {},
            Dateline(
                "Figures up to June 2026; the latest dated of the 33 sources was published ",
                "2026-09-29",
                "; 20 have no recorded publication date.",
            ),
        ),
    ],
    ids=["window", "window-without-dates", "one-undated", "no-period"],
)
def test_a_page_is_dated_by_the_sources_of_its_own_window(parameters, expected):
    # An undated source may be later than the latest dated one: the dateline says how many.
    assert read_inputs(FIXTURE_DATA).describe_as_of(parameters) == expected


def test_a_window_whose_sources_are_all_dated_names_the_latest(data_copy):
    rows = read_rows(data_copy / "sources.csv")
    for row in rows:
        row["published"] = row["published"] or "2026-10-01"
    write_rows(data_copy / "sources.csv", rows)
    assert str(read_inputs(data_copy).describe_as_of({"period": "2024-12"})) == (
        "Figures as of the end of December 2024; the latest of the 4 sources of figures for these "
        "dates was published 2026-10-01."
    )


def test_the_whole_data_without_publication_dates_says_so(data_copy):
    undate_sources(data_copy / "sources.csv")
    assert str(read_inputs(data_copy).describe_as_of({})) == (
        "Figures up to June 2026; no publication date is recorded for any of the 33 sources."
    )


def test_plain_text_drops_the_seen_marks_and_keeps_the_rest():
    assert describe_plain("more than 700 M‡ people, 30.3%† of users, 602 M") == (
        "more than 700 M people, 30.3% of users, 602 M"
    )


def test_the_index_says_uses_are_none_usable_when_a_finding_explains_their_absence(data_copy):
    # A finding on uses for the latest period (a share 03 leaves out) turns "not found" into
    # "none usable" on the index, as in the reports' lists of what is missing.
    def gaps(folder):
        return [i.label for i in read_inputs(folder).describe_headline() if i.label[:4] == "For "]

    assert gaps(data_copy) == [
        "For June 2026, internet users, population and users by use: not found in the coverage "
        "gathered here."
    ]
    rows = read_rows(data_copy / "findings.csv")
    rows.append({**rows[0], "finding_id": "use-2026-06", "period": "2026-06", "topic": "use"})
    write_rows(data_copy / "findings.csv", rows)
    assert gaps(data_copy) == [
        "For June 2026, internet users and population: not found in the coverage gathered here; "
        "users by use: none usable (report 03 of the set for June 2026 says why)."
    ]


def test_the_index_chart_flags_a_bar_only_a_secondary_outlet_carries():
    caption = read_inputs(FIXTURE_DATA).draw_index_chart().caption
    assert caption.endswith(
        "‡ Seen only in a headline, an excerpt or a news digest. Found only in a secondary "
        "outlet: 249\xa0M (ForexBNB)."
    )


def test_the_index_chart_caption_explains_an_open_bar_only_when_one_is_drawn(data_copy):
    """Review 3, item 20: the >700 M‡ bar is drawn open, and the caption says what that means."""
    caption = read_inputs(FIXTURE_DATA).draw_index_chart().caption
    assert "to June 2026, million people. An open bar is a lower bound. Source:" in caption
    rows = [r for r in read_rows(data_copy / "figures.csv") if r["period"] != "2026-06"]
    write_rows(data_copy / "figures.csv", rows)
    assert "open bar" not in read_inputs(data_copy).draw_index_chart().caption


def test_a_lone_source_is_named_as_the_only_one():
    # "1 of the 1 sources" would count what one word says.
    assert describe_latest(["2024-01-02"], " of figures for these dates") == (
        "the only source of figures for these dates was published ",
        "2024-01-02",
        ".",
    )
    assert describe_latest([""], "") == (
        "no publication date is recorded for the only source.",
        "",
        "",
    )
