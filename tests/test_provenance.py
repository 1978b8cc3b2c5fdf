"""How outlets are named and sorted, and how undated sources are listed (fixture data)."""

import pandas as pd
import pytest

from helpers import provenance


@pytest.mark.parametrize(
    "publisher,name",
    [
        (
            "CNNIC press release (mirrored by m.xzyrifv.net)",
            "m.xzyrifv.net (mirroring the CNNIC press release)",
        ),
        (
            "CNNIC press release, as mirrored by m.xzyrifv.net",
            "m.xzyrifv.net (mirroring the CNNIC press release)",
        ),
        ("ForexBNB (forexbnb.com)", "ForexBNB"),
    ],
)
def test_a_mirror_is_named_as_the_outlet_not_as_what_it_copies(publisher, name):
    # "CNNIC press release" among secondary outlets would read as if CNNIC's own were secondary.
    assert provenance.name_outlet(publisher) == name


def test_outlets_are_sorted_whatever_their_case():
    names = ["lwxsd.com", "Xinhua", "ARY News", "Access to China", "etnet", "ARY News"]
    assert provenance.sort_names(names) == [
        "Access to China",
        "ARY News",
        "etnet",
        "lwxsd.com",
        "Xinhua",
    ]


def test_a_secondary_flag_names_the_mirror_first(figures, sources):
    flag = provenance.flag_secondary("internet-penetration-2025-12", figures, sources)
    assert (
        flag
        == "found only in a secondary outlet, m.xzyrifv.net (mirroring the CNNIC press release)"
    )


def test_an_undated_source_says_so_once_in_the_published_column(figures, sources):
    rows = figures.loc[figures["figure_id"].isin(["users-2024-12", "users-2025-12"])]
    used = provenance.list_used_sources(rows, sources).set_index("source_id")
    assert used.loc["forexbnb-13764", "published"] == "date not recorded"
    assert used.loc["forexbnb-13764", "reliability"] == (
        "Secondary outlet only: no primary report of these 2024-12 figures was found."
    )
    # A dated source's note is left as written.
    assert (
        used.loc["ecns-2026-02-06", "reliability"] == sources.loc["ecns-2026-02-06", "reliability"]
    )


def test_a_full_text_reading_does_not_call_every_outlet_a_news_report():
    from helpers.formatting import describe_grade

    # Blogs, aggregators and republished chapters are read in full too.
    assert describe_grade("full_text") == "read in full (the publication's full text)"


def test_data_without_a_users_count_has_no_summary(fixture_tables):
    from helpers.headline import describe_summary

    figures, sources = fixture_tables
    others = figures.loc[figures["metric"] != "genai_users"]
    assert describe_summary(others, sources) == ""


def test_a_figure_is_carried_only_by_an_outlet_giving_the_same_value_the_same_way(figures, sources):
    # Review 4, item 3: China News Service's "more than 30%" is another figure than the research
    # note's 30.1% of students, so it does not lift the note's flag.
    assert provenance.flag_secondary("occupation-students-2025-12-pdf", figures, sources) == (
        "found only in a secondary outlet, CNNIC, as transcribed by a third-party research note"
    )
    assert provenance.flag_secondary("occupation-students-2025-12", figures, sources) == ""
    # The same value said the same way by a news organisation does lift it.
    carried = figures.loc[figures["figure_id"] == "occupation-students-2025-12-pdf"].assign(
        figure_id="occupation-students-2025-12-news", source_id="ecns-2026-02-06"
    )
    both = pd.concat([figures, carried], ignore_index=True)
    assert provenance.flag_secondary("occupation-students-2025-12-pdf", both, sources) == ""
