"""Who the users are, derived from the frozen fixture data: age bands, groups, changes, occupations."""

from __future__ import annotations

import math

from helpers import demographics
from helpers.analysis import Published
from helpers.demographics import AGE_METRIC, Direction, ShareBasis
from helpers.metrics import Interval


def rounded(interval: Interval, places: int = 2) -> tuple[float, float]:
    """Return an interval's ends rounded, to compare without float noise."""
    return (round(interval.low, places), round(interval.high, places))


def test_breakdowns_exist_for_mid_and_end_2025_only(figures):
    assert demographics.list_breakdown_periods(figures) == ["2025-06", "2025-12"]


def test_the_six_bands_come_youngest_first_and_cover_all_users(figures):
    bands = demographics.select_bands(figures, "2025-12")
    assert [band.value for band in bands] == [26.4, 21.3, 22.0, 15.1, 10.1, 5.1]
    assert demographics.select_bands(figures, "2024-12") == []
    june = demographics.check_bands_cover_all(figures, "2025-06")
    assert june is not None
    assert june.computed == 100.1
    assert rounded(june.computed_range) == (99.8, 100.4)
    assert june.consistent
    december = demographics.check_bands_cover_all(figures, "2025-12")
    assert december is not None and december.computed == 100.0 and december.consistent
    assert demographics.check_bands_cover_all(figures, "2026-06") is None


def test_forty_and_over_in_june_is_all_users_less_the_published_under_forty(figures):
    share = demographics.compute_group_share(figures, AGE_METRIC, "2025-06", "age_40_plus")
    assert share is not None
    assert (share.value, share.basis, share.decimals) == (25.4, ShareBasis.COMPLEMENT, 1)
    assert rounded(share.range) == (25.35, 25.45)
    assert [part.figure_id for part in share.parts] == ["age-under-40-2025-06"]
    # The sum of the three transcribed bands is the second derivation, wider and less supported.
    derived = demographics.list_derived_shares(figures, AGE_METRIC, "2025-06", "age_40_plus")
    assert [(d.basis, d.value, rounded(d.range)) for d in derived] == [
        (ShareBasis.COMPLEMENT, 25.4, (25.35, 25.45)),
        (ShareBasis.BANDS, 25.5, (25.35, 25.65)),
    ]
    assert [part.figure_id for part in derived[1].parts] == [
        "age-40-49-2025-06",
        "age-50-59-2025-06",
        "age-60-plus-2025-06",
    ]


def test_without_the_other_group_the_share_is_the_sum_of_its_bands(figures):
    without = figures.loc[figures["figure_id"] != "age-under-40-2025-06"]
    share = demographics.compute_group_share(without, AGE_METRIC, "2025-06", "age_40_plus")
    assert share is not None
    assert (share.value, share.basis) == (25.5, ShareBasis.BANDS)
    assert (
        demographics.list_derived_shares(figures, demographics.GENDER_METRIC, "2025-06", "male")
        == []
    )


def test_a_share_is_written_at_the_precision_its_inputs_allow_and_says_how_it_was_computed(
    figures,
):
    published = demographics.compute_group_share(figures, AGE_METRIC, "2025-12", "age_40_plus")
    complement, bands = demographics.list_derived_shares(
        figures, AGE_METRIC, "2025-06", "age_40_plus"
    )
    assert published is not None
    assert demographics.describe_share(published).text == "30.3%†"
    assert demographics.describe_share(complement).text == (
        "25.4% (computed: 100% less the 74.6% of users under 40)"
    )
    assert demographics.describe_share(complement, short=True).text == "25.4% (computed)"
    assert demographics.describe_share(bands).text == (
        "25.3–25.7% (computed: 12.7%† + 8.6%† + 4.2%†, the bands 40 to 49, 50 to 59 and "
        "60 and over)"
    )
    assert [f.figure_id for f in demographics.describe_share(complement).shown] == [
        "age-under-40-2025-06"
    ]
    other = demographics.describe_other_derivations(figures, complement, "2025-06")
    assert other.text == (
        "Read another way, it is 25.3–25.7% (computed: 12.7%† + 8.6%† + 4.2%†, the bands "
        "40 to 49, 50 to 59 and 60 and over), which agrees."
    )
    assert len(other.shown) == 3
    assert demographics.describe_other_derivations(figures, published, "2025-12").text == ""


def test_forty_and_over_in_december_is_published_and_matches_its_bands(figures):
    share = demographics.compute_group_share(figures, AGE_METRIC, "2025-12", "age_40_plus")
    assert share is not None
    assert (share.value, share.basis) == (30.3, ShareBasis.PUBLISHED)
    assert rounded(share.range) == (30.25, 30.35)
    check = demographics.check_group_share(figures, "2025-12", "age_40_plus")
    assert check is not None
    assert (check.computed, check.published) == (30.3, 30.3)
    assert rounded(check.computed_range) == (30.15, 30.45)
    assert check.consistent


def test_under_forty_in_june_matches_its_three_bands(figures):
    check = demographics.check_group_share(figures, "2025-06", "age_39_and_under")
    assert check is not None
    assert (check.computed, check.published) == (74.6, 74.6)
    assert check.consistent
    # No wider group at all where no bands are published.
    assert demographics.check_group_share(figures, "2024-12", "age_39_and_under") is None
    assert demographics.compute_group_share(figures, AGE_METRIC, "2024-12", "age_40_plus") is None


def test_the_published_rise_of_forty_and_over_fits_the_rounded_shares(figures):
    assert demographics.find_change_base(figures, AGE_METRIC, "2025-12", "age_40_plus") == "2025-06"
    assert demographics.find_change_base(figures, AGE_METRIC, "2025-06", "age_40_plus") is None
    change = demographics.compare_group_share(
        figures, AGE_METRIC, "age_40_plus", "2025-12", "2025-06"
    )
    assert change is not None
    # From the better-supported June share (all users less the published 74.6% under 40).
    assert round(change.points, 1) == 4.9
    assert rounded(change.range) == (4.8, 5.0)
    assert change.published is not None and change.published.value == 4.9
    assert rounded(change.published.range) == (4.85, 4.95)
    assert change.consistent is True
    assert demographics.judge_direction(change.range) is Direction.UP


def test_no_change_without_both_periods_or_backwards(figures):
    for period, from_period in (("2025-12", "2024-12"), ("2026-06", "2025-12")):
        assert (
            demographics.compare_group_share(
                figures, AGE_METRIC, "age_40_plus", period, from_period
            )
            is None
        )
    assert (
        demographics.compare_group_share(figures, AGE_METRIC, "age_40_plus", "2025-06", "2025-12")
        is None
    )


def test_men_and_college_education_rise_with_no_published_change(figures):
    men = demographics.compare_group_share(
        figures, demographics.GENDER_METRIC, "male", "2025-12", "2025-06"
    )
    assert men is not None
    assert (men.earlier.value, men.later.value) == (47.6, 50.3)
    assert rounded(men.range) == (2.6, 2.8)
    assert men.published is None and men.consistent is None
    assert demographics.judge_direction(men.range) is Direction.UP
    assert rounded(demographics.compute_complement(men.later.range)) == (49.65, 49.75)
    college = demographics.compare_group_share(
        figures, demographics.EDUCATION_METRIC, "college_or_higher", "2025-12", "2025-06"
    )
    assert college is not None
    assert (college.earlier.value, college.later.value) == (37.5, 38.6)
    assert rounded(college.range) == (1.0, 1.2)


def test_direction_is_unclear_when_rounding_allows_no_change():
    assert demographics.judge_direction(Interval(-0.1, 0.1)) is Direction.UNCLEAR
    assert demographics.judge_direction(Interval(-0.3, -0.1)) is Direction.DOWN


def test_band_table_holds_each_period_youngest_first(figures):
    table = demographics.build_band_table(figures, ["2024-12", "2025-06", "2025-12"])
    assert list(table.columns) == demographics.BAND_COLUMNS
    assert list(table["period"]) == ["2025-06"] * 6 + ["2025-12"] * 6
    assert list(table["segment"][:6]) == list(demographics.AGE_BANDS)
    assert list(table["share_pct"][:6]) == [33.8, 21.0, 19.8, 12.7, 8.6, 4.2]
    assert list(table["seen"][:6]) == ["full_text"] * 3 + ["transcription"] * 3


def test_occupations_keep_both_student_figures_with_the_users_they_allow(figures):
    table = demographics.list_group_users(figures, "2025-12")
    assert list(table["figure_id"]) == [
        "occupation-students-2025-12",
        "occupation-students-2025-12-pdf",
        "occupation-staff-2025-12",
        "occupation-self-employed-2025-12",
    ]
    students = table.iloc[0]
    assert (students["share_pct"], students["qualifier"]) == (30.0, "more_than")
    assert round(students["users_low_m"], 2) == 180.45 and math.isinf(students["users_high_m"])
    pdf = table.iloc[1]
    assert (round(pdf["users_low_m"], 2), round(pdf["users_high_m"], 2)) == (180.75, 181.65)
    staff = table.iloc[2]
    assert (round(staff["users_low_m"], 2), round(staff["users_high_m"], 2)) == (97.14, 97.91)
    assert demographics.list_group_users(figures, "2025-06").empty


def test_an_occupation_share_of_the_total_is_estimated_as_report_03_estimates_a_use(figures):
    # One convention for share × total on both pages: ≈ the value, halves up, to the inputs'
    # significant digits (30.1% of 602 M is 181.2 M: ≈181 M); a floor ("more than 30%") is none.
    # Never to a digit the rounding can move by more than one (review 4, item 5): 16.2% of 602 M
    # allows 97.14–97.91 M, so ≈98 M, not ≈97.5 M.
    table = demographics.list_group_users(figures, "2025-12")
    estimates = table["users_estimate_m"].tolist()
    assert math.isnan(estimates[0])
    assert estimates[1:] == [181.0, 98.0, 85.0]


def test_sums_of_rounded_shares_keep_their_decimals():
    bands = [
        Published(value, 0.1, "exact", 1, "percent", "s", "transcription", f"f{value}")
        for value in (12.7, 8.6, 4.2)
    ]
    assert demographics.add_values(bands) == 25.5
    assert rounded(demographics.add_bands(bands)) == (25.35, 25.65)


def test_reports_behind_the_two_age_shares_are_named(figures, sources):
    change = demographics.compare_group_share(
        figures, AGE_METRIC, "age_40_plus", "2025-12", "2025-06"
    )
    assert change is not None
    parts = (*change.earlier.parts, *change.later.parts)
    assert demographics.name_reports(parts, sources) == [
        "Generative AI Application Development Report (2025)",
        "57th Statistical Report",
    ]


def test_the_scope_is_the_periods_own_breakdown_and_cnnics_base(figures):
    assert demographics.choose_scope(figures, "2025-12", "2024-12") == (
        ["2025-06", "2025-12"],
        ["2025-06", "2025-12"],
        "2025-06",
    )
    assert demographics.choose_scope(figures, "2025-06", "2024-12") == (
        ["2025-06", "2025-12"],
        ["2025-06"],
        None,
    )
    # No breakdown at the period: the report shows none from other dates.
    assert demographics.choose_scope(figures, "2026-06", "2025-12").dates == []


def test_the_lede_leads_with_the_better_supported_june_share_and_checks_cnnics_change(
    figures, sources
):
    scope = demographics.choose_scope(figures, "2025-12", "2024-12")
    headline, lede = demographics.describe_lede(figures, sources, "2025-12", scope)
    assert headline == (
        "Users aged 40 and over made up 30.3%† of generative-AI users at the end of December 2025"
    )
    assert lede.text == (
        "Users aged 40 and over made up 30.3%† of generative-AI users at the end of December "
        "2025, against 25.4% (computed: 100% less the 74.6% of users under 40) at the end of "
        "June 2025. CNNIC gives the change as +4.9\xa0points†; the shares, read as rounded, allow "
        "4.8–5.0\xa0points, so the two agree. Found only in a secondary outlet: 30.3%† and "
        "+4.9\xa0points† (CNNIC, as transcribed by a third-party research note)."
    )
    assert [figure.figure_id for figure in lede.shown] == [
        "age-40-plus-2025-12",
        "age-under-40-2025-06",
        "age-40-plus-change-2025-12",
    ]


def test_the_lede_labels_a_computed_share_and_the_headline_says_computed(figures, sources):
    scope = demographics.choose_scope(figures, "2025-06", "2024-12")
    headline, lede = demographics.describe_lede(figures, sources, "2025-06", scope)
    # The published share the computed one comes from leads (#18, 1).
    assert headline == (
        "74.6% of generative-AI users were under 40 at the end of June 2025, so 40 and over was "
        "25.4% (computed)"
    )
    assert lede.text == f"{headline}."
    assert [figure.figure_id for figure in lede.shown] == ["age-under-40-2025-06"]


def test_a_share_computed_from_the_rest_is_said_after_the_published_rest(figures):
    share = demographics.compute_group_share(figures, AGE_METRIC, "2025-06", "age_40_plus")
    assert share is not None
    said = demographics.describe_from_rest(share)
    assert said.text == "74.6% of users were under 40, so 40 and over was 25.4% (computed)"
    assert [f.figure_id for f in said.shown] == ["age-under-40-2025-06"]


def test_the_shares_found_are_said_as_found(figures):
    dates = ["2025-06", "2025-12"]
    assert demographics.describe_found_shares(figures, demographics.GENDER_METRIC, dates) == (
        "For gender only the men's share was found"
    )
    assert demographics.describe_found_shares(figures, demographics.EDUCATION_METRIC, dates) == (
        "For education only the share with a college education or higher was found"
    )
    assert demographics.describe_found_shares(figures, demographics.OCCUPATION_METRIC, dates) == (
        "For occupation only the shares of students, corporate managers and staff, and "
        "self-employed and freelancers were found"
    )
    assert (
        demographics.describe_found_shares(figures, demographics.GENDER_METRIC, ["2026-06"]) == ""
    )


def test_the_rows_in_scope_are_the_breakdowns_of_the_dates_and_their_changes(figures):
    rows = demographics.select_scope_rows(figures, ["2025-12"])
    assert "age-40-plus-change-2025-12" in set(rows["figure_id"])
    assert set(rows["period"]) == {"2025-12"}
    assert "users-2025-12" not in set(rows["figure_id"])
    assert demographics.select_scope_rows(figures, ["2026-06"]).empty


def test_without_a_breakdown_the_lede_points_to_the_reports_of_other_dates(figures, sources):
    scope = demographics.choose_scope(figures, "2026-06", "2025-12")
    headline, lede = demographics.describe_lede(figures, sources, "2026-06", scope)
    assert headline == (
        "A breakdown of generative-AI users by age, gender, education or occupation at the end "
        "of June 2026 was not found in the coverage gathered here"
    )
    assert lede == (
        "A breakdown of generative-AI users by age, gender, education or occupation at the end "
        "of June 2026 was not found in the coverage gathered here, so this report shows none. "
        "This report, run for the end of June 2025 or the end of December 2025, shows the "
        "breakdowns found for those dates.",
        (),
    )


def test_the_gaps_say_what_is_found_for_a_date_and_whether_this_report_shows_it(figures):
    # A breakdown found in part says which groups, never a bare "found"; lower case after the
    # date's colon.
    assert demographics.describe_breakdown_gaps(figures, "2025-12", shown=False) == (
        "users by age, gender, education and occupation: found, in part for gender (only the "
        "men's share), education (only the share with a college education or higher) and "
        "occupation (only the shares of students, corporate managers and staff, and self-employed "
        "and freelancers). These are shown in this report run for the end of December 2025, not "
        "here."
    )
    assert demographics.describe_breakdown_gaps(figures, "2025-06", shown=True) == (
        "users by occupation: not found in the coverage gathered here; users by age, gender and "
        "education: found, in part for gender (only the men's share) and education (only the "
        "share with a college education or higher)."
    )
    assert demographics.describe_breakdown_gaps(figures, "2024-12", shown=False) == (
        "users by age, gender, education and occupation: not found in the coverage gathered here."
    )
    some_bands = figures.loc[figures["figure_id"] != "age-60-plus-2025-12"]
    assert (
        "in part for age (only the shares of 19 and under, 20 to 29, 30 to 39, 40 to 49, 50 "
        in (demographics.describe_breakdown_gaps(some_bands, "2025-12", shown=True))
    )
