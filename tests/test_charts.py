"""Charts that read everywhere: sharp, readable on a phone, Chinese text drawn, no warnings."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import warnings

import matplotlib
import pandas as pd
import pytest
from matplotlib.text import Text
from PIL import Image

from helpers import charts

CJK_TITLE = "《第57次中国互联网络发展状况统计报告》"
TEXT = charts.ChartText(
    title=f"Users more than doubled, says {CJK_TITLE}",
    subtitle="Users at each reporting date, million people",
    source_note="Source: CNNIC, 57th Statistical Report. Via Xinhua (chinaview.cn), listed in the report footer.",
    alt_text="Bar chart of users: 2024-12: 249 M; 2025-12: 602 M.",
    caption="Users per reporting date.",
)
LEVELS = pd.DataFrame(
    {"period": ["2024-12", "2025-12"], "users_m": [249.0, 602.0], "qualifier": ["exact", "exact"]}
)
GROWTH = charts.Arrow("2024-12", "2025-12", "+141.7%")
SHARES = pd.DataFrame(
    {
        "segment": ["qa", "images", "assistant"],
        "segment_name": ["Answering questions", "Making images and video", "Personal assistant"],
        "users_m": [457.0, 288.0, 184.0],
        "share_pct": [75.9, 47.8, 30.6],
    }
)
TOTALS = pd.DataFrame(
    {
        "series": ["filing", "filing", "registration", "registration"],
        "period": ["2024-12", "2025-12", "2024-12", "2025-12"],
        "value": [302.0, 748.0, 105.0, 435.0],
        "bound": [False, False, False, True],
        "label": ["302", "748", "105", "more than 435"],
    }
)
TWO_SHARES = pd.DataFrame(
    {"name": ["China", "The EU"], "share_pct": [42.8, 32.7], "label": ["42.8%", "32.7%"]}
)
# A 390 px phone shows the narrow layout in a column of 358 CSS px (style.css pads 16 px a side).
PHONE_COLUMN_PX = 358


def cjk_font_or_skip() -> None:
    """Chinese glyphs need fonts-noto-cjk; in CI its absence is a failure."""
    if charts.find_cjk_family() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no CJK font: apt-get install fonts-noto-cjk", pytrace=False)
        pytest.skip("fonts-noto-cjk is not installed")


def test_a_chinese_title_renders_without_any_warning(tmp_path, caplog):
    cjk_font_or_skip()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.DEBUG - 1):
        warnings.simplefilter("always")
        figure = charts.plot_users_over_time(LEVELS, TEXT, GROWTH)
        saved = charts.save_chart(figure, LEVELS, "users", TEXT, tmp_path)
    assert [str(w.message) for w in caught] == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert saved.narrow_svg is not None and CJK_TITLE in saved.narrow_svg.read_text("utf-8")
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", charts.find_cjk_family()]


def test_the_note_inside_the_image_does_not_point_at_a_footer():
    assert charts.image_note(TEXT.source_note) == (
        "Source: CNNIC, 57th Statistical Report. Via Xinhua (chinaview.cn)."
    )


def test_the_png_is_2x_and_both_svg_layouts_are_embedded(tmp_path):
    saved = charts.save_chart(
        charts.plot_segment_shares(SHARES, TEXT), SHARES, "shares", TEXT, tmp_path
    )
    with Image.open(saved.png) as wide:
        assert wide.width == charts.WIDE.width_in * 100 * 2 == 1400
    assert saved.narrow_svg == tmp_path / "figures" / "shares.phone.svg"
    svg = saved.narrow_svg.read_text("utf-8")
    assert 'width="259.2pt"' in svg and f"font-family: {charts.SVG_FONT_STACK}" in svg
    page = charts.render_chart_html(saved)
    assert f'<source media="{charts.NARROW_MEDIA}" srcset="data:image/svg+xml;base64,' in page
    assert 'width="360"' in page and 'width="700"' in page
    assert '<img src="data:image/svg+xml;base64,' in page
    # The source note is in the image; screen readers read it as the image's description, from
    # a hidden paragraph: no second visible copy, no data text in an attribute.
    assert 'alt="Bar chart of users: 2024-12: 249 M; 2025-12: 602 M."' in page
    assert (
        'aria-describedby="chart-shares-source"' in page
        and '<p id="chart-shares-source" hidden>Source: CNNIC, 57th Statistical Report. Via '
        "Xinhua (chinaview.cn).</p>"
        in page
    )


def test_a_chart_links_to_its_png_svg_and_csv_and_to_itself(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a render's kernel runs in the report's folder
    saved = charts.save_chart(
        charts.plot_users_over_time(LEVELS, TEXT, GROWTH), LEVELS, "users", TEXT, tmp_path
    )
    page = charts.render_chart_html(saved)
    for kind, href in (
        ("png", "figures/users.png"),
        ("svg", "figures/users.svg"),
        ("csv", "tables/users.csv"),
    ):
        assert f'<a href="{href}" class="download-{kind}"' in page
        assert (tmp_path / href).is_file()
    assert '<figure class="chart" id="chart-users">' in page
    assert '<a href="#chart-users" class="permalink"' in page


def test_the_chart_data_has_human_headers_and_numbers_as_the_chart_shows_them(tmp_path):
    reach = LEVELS.assign(
        published_penetration_pct=[17.7, 42.8],
        penetration_of_internet_users_pct=[22.472865, 53.511111],
    )
    figure = charts.plot_penetration(reach, TEXT)
    saved = charts.save_chart(figure, reach, "reach", TEXT, tmp_path)
    assert saved.csv.read_text("utf-8").splitlines() == [
        "Reporting date (YYYY-MM),Generative-AI users (million people),"
        '"How the source words the count (exact, nearly, more than…)",'
        '"Users as a share of the whole population, as published (%)",'
        '"Users as a share of internet users, computed (%)"',
        "2024-12,249,exact,17.7,22.5",
        "2025-12,602,exact,42.8,53.5",
    ]
    shares = charts.save_chart(
        charts.plot_segment_shares(SHARES, TEXT), SHARES, "usage-shares", TEXT, tmp_path
    )
    assert shares.csv.read_text("utf-8").splitlines()[:2] == [
        "Use,Generative-AI users (million people),Share of all users (%)",
        "Answering questions,457,75.9",
    ]


def test_contrast_is_measured_as_wcag_does():
    # The palette's orange, once the growth label's colour, is too light for text on white.
    assert round(charts.measure_contrast(charts.PALETTE[3], "white"), 2) == 3.87
    assert charts.measure_contrast(charts.ACCENT, "white") >= 4.5
    assert round(charts.measure_contrast("black", "white"), 1) == 21.0


def text_ground(text: Text) -> object:
    """Return the colour behind a text: its own box, else its axes, else the figure."""
    box = text.get_bbox_patch()
    if box is not None and box.get_facecolor()[3] > 0:
        return box.get_facecolor()
    axes = text.axes
    return axes.get_facecolor() if axes is not None else text.figure.get_facecolor()


@pytest.mark.parametrize("layout", [charts.WIDE, charts.NARROW], ids=["wide", "narrow"])
def test_every_text_in_every_chart_reaches_4_5_to_1_against_its_ground(layout):
    reach = LEVELS.assign(
        published_penetration_pct=[17.7, 42.8], penetration_of_internet_users_pct=[22.5, 53.5]
    )
    figures = [
        charts.draw_users_over_time(LEVELS, TEXT, GROWTH, layout),
        charts.draw_segment_shares(SHARES, TEXT, layout),
        charts.draw_penetration(reach, TEXT, layout),
        charts.draw_running_totals(
            TOTALS, {"filing": "Filed", "registration": "Registered"}, TEXT, layout
        ),
        charts.draw_two_shares(TWO_SHARES, TEXT, layout),
        charts.draw_small_users(LEVELS),
    ]
    checked = 0
    for figure in figures:
        figure.draw_without_rendering()
        for text in figure.findobj(Text):
            if not text.get_visible() or not text.get_text().strip():
                continue
            ratio = charts.measure_contrast(text.get_color(), text_ground(text))
            assert ratio >= charts.TEXT_CONTRAST, f"{text.get_text()!r}: {ratio:.2f}:1"
            checked += 1
    assert checked > 30  # titles, labels, ticks, legends and notes were all read


def test_text_on_a_phone_is_at_least_11_css_px():
    for figure in (
        charts.draw_users_over_time(LEVELS, TEXT, GROWTH, charts.NARROW),
        charts.draw_segment_shares(SHARES, TEXT, charts.NARROW),
        charts.draw_penetration(
            LEVELS.assign(
                published_penetration_pct=[17.7, 42.8],
                penetration_of_internet_users_pct=[22.5, 53.5],
            ),
            TEXT,
            charts.NARROW,
        ),
    ):
        figure.draw_without_rendering()
        scale = PHONE_COLUMN_PX / (charts.NARROW.width_in * charts.CSS_PX_PER_INCH)
        sizes = [
            t.get_fontsize() * charts.CSS_PX_PER_INCH / 72 * scale
            for t in figure.findobj(Text)
            if t.get_text().strip() and t.get_visible()
        ]
        assert min(sizes) >= 11, f"smallest text is {min(sizes):.1f} CSS px on a phone"


def test_the_height_follows_the_number_of_bars():
    one = charts.draw_segment_shares(SHARES.iloc[:1], TEXT, charts.WIDE)
    three = charts.draw_segment_shares(SHARES, TEXT, charts.WIDE)
    grown = three.get_figheight() - one.get_figheight()
    assert grown == pytest.approx(2 * charts.WIDE.bar_height_in)


def test_grid_lines_stay_behind_the_value_labels():
    figure = charts.draw_users_over_time(LEVELS, TEXT, GROWTH, charts.WIDE)
    ax = figure.axes[0]
    assert ax.get_axisbelow() is True
    labels = [t for t in ax.texts if t.get_text().endswith(" M")]
    assert [t.get_text() for t in labels] == ["249 M", "602 M"]
    assert all(t.get_bbox_patch() is not None and t.get_zorder() > 2 for t in labels)


def test_the_same_chart_gives_the_same_bytes(tmp_path):
    first = charts.save_chart(
        charts.plot_users_over_time(LEVELS, TEXT, GROWTH), LEVELS, "u", TEXT, tmp_path / "a"
    )
    second = charts.save_chart(
        charts.plot_users_over_time(LEVELS, TEXT, GROWTH), LEVELS, "u", TEXT, tmp_path / "b"
    )
    for a, b in (
        (first.png, second.png),
        (first.svg, second.svg),
        (first.narrow_svg, second.narrow_svg),
    ):
        assert a is not None and b is not None and a.read_bytes() == b.read_bytes()


def test_importing_the_helpers_keeps_matplotlibs_backend():
    script = "import matplotlib, helpers, helpers.charts; print(matplotlib.get_backend())"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MPLBACKEND": "svg"},
    )
    assert result.stdout.strip() == "svg"


def test_dollar_signs_in_data_text_are_drawn_as_they_are(tmp_path):
    # '$x$' would be typeset as math (dollars vanish), '\frac' alone would fail the render.
    math_like = r"Costs $x$ or \frac{1}{2} $"
    text = charts.ChartText(
        title=math_like,
        subtitle=TEXT.subtitle,
        source_note=f"Source: {math_like}",
        alt_text=TEXT.alt_text,
        caption=TEXT.caption,
    )
    shares = SHARES.assign(segment_name=[math_like, "$5 plan", "$$"])
    saved = charts.save_chart(
        charts.plot_segment_shares(shares, text), shares, "dollars", text, tmp_path
    )
    svg = saved.svg.read_text(encoding="utf-8")
    assert math_like in svg and ">$5 plan<" in svg and ">$$<" in svg


def test_a_bound_is_an_open_bar_labelled_as_published_with_its_mark():
    levels = pd.DataFrame(
        {
            "period": ["2025-12", "2026-06"],
            "users_m": [602.0, 700.0],
            "qualifier": ["exact", "more_than"],
            "label": ["602 M", "more than 700 M‡"],
        }
    )
    ax = charts.draw_users_over_time(levels, TEXT, None, charts.WIDE).axes[0]
    assert [t.get_text() for t in ax.texts] == ["602 M", "more than 700 M‡"]
    assert [matplotlib.colors.to_hex(bar.get_facecolor()) for bar in ax.patches] == [
        matplotlib.colors.to_hex(charts.PALETTE[0]),
        charts.BOUND_FILL,
    ]
    reach = levels.assign(
        published_penetration_pct=[42.8, 50.0],
        published_label=["42.8%", "more than 50%‡"],
        published_bound=[False, True],
        penetration_of_internet_users_pct=[53.5, None],
    )
    ax = charts.draw_penetration(reach, TEXT, charts.WIDE).axes[0]
    published_bars = ax.containers[0]
    assert [matplotlib.colors.to_hex(bar.get_facecolor()) for bar in published_bars] == [
        matplotlib.colors.to_hex(charts.PALETTE[0]),
        charts.BOUND_FILL,
    ]
    assert "more than 50%‡" in [t.get_text() for t in ax.texts]


def test_a_period_with_one_reach_bar_has_it_centred_under_its_date():
    reach = LEVELS.assign(
        published_penetration_pct=[42.8, 50.0], penetration_of_internet_users_pct=[53.5, None]
    )
    ax = charts.draw_penetration(reach, TEXT, charts.WIDE).axes[0]
    published, internet = ax.containers
    centres = [
        [bar.get_x() + bar.get_width() / 2 for bar in bars] for bars in (published, internet)
    ]
    ticks = list(ax.get_xticks())
    # The paired period's bars straddle its tick; the lone bar sits on its own.
    assert centres[0][0] == pytest.approx(ticks[0] - 0.2)
    assert centres[1][0] == pytest.approx(ticks[0] + 0.2)
    assert centres[0][1] == pytest.approx(ticks[1])


def test_a_title_opening_with_a_worded_figure_starts_with_a_capital():
    text = charts.ChartText("more than 50%‡ of people had used it", "", "", "", "")
    assert text.title == "More than 50%‡ of people had used it"


def read_svg_text(svg: str) -> str:
    """Return the words an SVG draws: every text element's content, a line each."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    return "\n".join(
        "".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text")
    )


def test_every_running_total_is_text_in_both_layouts_and_fits_a_phone(tmp_path):
    periods = ["2024-12", "2025-03", "2025-07", "2025-08", "2025-10", "2025-12", "2026-06"]
    totals = pd.DataFrame(
        {
            "series": ["filing"] * 7 + ["registration"] * 4,
            "period": [*periods, "2025-07", "2025-08", "2025-10", "2026-06"],
            "value": [302.0, 346, 490, 538, 611, 748, 988, 240, 263, 306, 598],
            "bound": [False, False, True, False, False, False, False, True, False, False, False],
            "label": [
                "302",
                "346‡",
                "more than 490‡",
                "538",
                "611‡",
                "748‡",
                "988‡",
                "more than 240‡",
                "263",
                "306‡",
                "598‡",
            ],
        }
    )
    names = {"filing": "Services filed", "registration": "Apps and features registered"}
    saved = charts.save_chart(
        charts.plot_running_totals(totals, names, TEXT), totals, "totals", TEXT, tmp_path
    )
    assert saved.narrow_svg is not None
    for svg in (saved.svg, saved.narrow_svg):
        drawn = read_svg_text(svg.read_text("utf-8"))
        for label in totals["label"]:
            assert label in drawn, (svg.name, label)
    # On a phone each value is listed under the plot, by date, inside the figure's width.
    narrow = charts.draw_running_totals(totals, names, TEXT, charts.NARROW)
    narrow.draw_without_rendering()
    listing = narrow.axes[0].xaxis.label
    assert (
        listing.get_text()
        .replace("\n", "; ")
        .startswith(
            "Services filed:; Dec 2024: 302; Mar 2025: 346‡; Jul 2025: more than 490‡; Aug 2025: 538"
        )
    )
    assert listing.get_window_extent().x1 <= narrow.bbox.x1
    assert (
        listing.get_fontsize()
        * charts.CSS_PX_PER_INCH
        / 72
        * (PHONE_COLUMN_PX / (charts.NARROW.width_in * charts.CSS_PX_PER_INCH))
        >= 11
    )


def test_a_phone_reach_chart_without_internet_shares_still_draws():
    reach = LEVELS.assign(
        published_penetration_pct=[17.7, 42.8], penetration_of_internet_users_pct=[None, None]
    )
    ax = charts.draw_penetration(reach, TEXT, charts.NARROW).axes[0]
    assert ax.get_xlim() == pytest.approx((0, 42.8 * 1.6))
    empty = reach.assign(published_penetration_pct=[None, None])
    assert charts.draw_penetration(empty, TEXT, charts.NARROW).axes[0].get_xlim() == (0, 100)


def test_a_usage_csv_says_which_counts_of_users_were_published_and_which_estimated():
    shares = pd.DataFrame(
        {
            "segment_name": ["Answering questions", "Writing text"],
            "users_m": [457.0, 226.0],
            "users_basis": ["published", "estimated from a published share"],
        }
    )
    labelled = charts.label_chart_data(shares, "usage-shares")
    column = "Where the users figure comes from (published, or estimated from a share)"
    assert list(labelled[column]) == ["published", "estimated from a published share"]


def test_a_chart_title_never_wraps_between_a_number_and_its_unit():
    # With a plain space the phone layout's first line would end at "1,404.89", "M" below it.
    title = "The population base is 1,404.89\xa0M people at the end of December 2025"
    assert charts.NARROW.wrap(title, charts.NARROW.title_pt).split("\n") == [
        "The population base is",
        "1,404.89\xa0M people at the end of",
        "December 2025",
    ]


def test_a_long_name_over_a_bar_is_wrapped_inside_a_phone_chart():
    long_names = TWO_SHARES.assign(
        name=[
            "China's whole population (CNNIC, end of December 2025)",
            "The EU (Eurostat, 2025 survey, published December 2025)",
        ]
    )
    for layout in (charts.WIDE, charts.NARROW):
        fig = charts.draw_two_shares(long_names, TEXT, layout)
        fig.draw_without_rendering()
        names = [t for t in fig.axes[0].texts if "(" in t.get_text()]
        assert len(names) == 2
        for name in names:
            assert name.get_window_extent().x1 <= fig.bbox.x1, (layout, name.get_text())
    # On the phone the EU's name takes two lines, and its bar stays below its name.
    narrow = charts.draw_two_shares(long_names, TEXT, charts.NARROW)
    narrow.draw_without_rendering()
    eu = next(t for t in narrow.axes[0].texts if t.get_text().startswith("The EU"))
    assert eu.get_text() == "The EU (Eurostat, 2025 survey, published\nDecember 2025)"
    china = next(t for t in narrow.axes[0].texts if t.get_text().startswith("China"))
    assert eu.get_window_extent().y1 < china.get_window_extent().y0 - 20


def test_a_usage_csv_names_each_shares_outlet_and_the_total_behind_the_estimates():
    shares = pd.DataFrame(
        {
            "segment_name": ["Answering questions"],
            "share_seen": ["snippet"],
            "share_outlets": ["Reportify"],
            "total_m": ["515"],
            "total_outlets": ["ARY News"],
            "across_reports": ["yes"],
        }
    )
    labelled = charts.label_chart_data(shares, "usage-shares")
    assert list(labelled.columns) == [
        "Use",
        "How the share was seen (grade in data/figures.csv)",
        "Where the share was found (outlets)",
        "Total users the estimate uses (million people, as published)",
        "Where that total was found (outlets)",
        "Share and total from two different CNNIC report series (yes if so)",
    ]


@pytest.mark.parametrize("layout", [charts.WIDE, charts.NARROW], ids=["wide", "narrow"])
def test_the_growth_arrows_words_sit_under_the_top_gridline(layout):
    """Review 3, item 19: over a bound the arrow's words floated above the last gridline."""
    levels = pd.DataFrame(
        {
            "period": ["2024-06", "2024-12", "2025-06", "2025-12", "2026-06"],
            "users_m": [230.0, 249.0, 515.0, 602.0, 700.0],
            "qualifier": ["exact", "exact", "exact", "exact", "more_than"],
        }
    )
    arrow = charts.Arrow("2025-12", "2026-06", "more than 16.1%‡")
    figure = charts.draw_users_over_time(levels, TEXT, arrow, layout)
    figure.draw_without_rendering()
    ax = figure.axes[0]
    top = ax.get_ylim()[1]
    assert top in list(ax.get_yticks())
    words = next(t for t in ax.texts if t.get_text() == arrow.label)
    gridline = ax.transData.transform((0, top))[1]
    assert words.get_window_extent().y1 <= gridline


@pytest.mark.parametrize("layout", [charts.WIDE, charts.NARROW], ids=["wide", "narrow"])
def test_a_running_total_chart_dates_every_point_when_the_labels_fit(layout):
    two = [charts.month_index(p) for p in ("2024-12", "2025-03")]
    # Two totals three months apart, neither in a June: both dated, not December alone.
    assert charts.choose_month_ticks(two, layout) == two
    crowded = [charts.month_index(p) for p in ("2024-12", "2025-03", "2025-07", "2025-08")]
    # July and August side by side do not fit: each June and December is dated instead.
    assert [charts.format_short_month(m) for m in charts.choose_month_ticks(crowded, layout)] == [
        "Dec 2024",
        "Jun 2025",
    ]


@pytest.mark.parametrize("layout", [charts.WIDE, charts.NARROW], ids=["wide", "narrow"])
@pytest.mark.parametrize("top", [346.0, 400.0, 988.0])
def test_the_running_totals_legend_sits_above_the_top_gridline(layout, top):
    totals = TOTALS.loc[TOTALS["series"] == "filing"].assign(value=[302.0, top])
    figure = charts.draw_running_totals(totals, {"filing": "Filed"}, TEXT, layout)
    figure.draw_without_rendering()
    ax = figure.axes[0]
    legend_bottom = ax.get_legend().get_window_extent().y0
    gridline = ax.transData.transform((0, max(ax.get_yticks())))[1]
    assert gridline < legend_bottom
    assert max(ax.get_yticks()) <= ax.get_ylim()[1]


def test_the_running_totals_chart_dates_both_points_a_year_apart():
    totals = TOTALS.loc[TOTALS["series"] == "filing"]
    figure = charts.draw_running_totals(totals, {"filing": "Filed"}, TEXT, charts.WIDE)
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == ["Dec 2024", "Dec 2025"]


@pytest.mark.parametrize("layout", [charts.WIDE, charts.NARROW], ids=["wide", "narrow"])
def test_running_total_labels_clear_every_marker_and_each_other(layout):
    """Review 4, item 10: points a month apart (July and August 2025) ran '490-odd‡' into the
    538 marker, and the ‡ of '240-odd‡' under the 263 square."""
    periods = ["2024-12", "2025-03", "2025-07", "2025-08", "2025-10", "2025-12", "2026-06"]
    totals = pd.DataFrame(
        {
            "series": ["filing"] * 7 + ["registration"] * 4,
            "period": [*periods, "2025-07", "2025-08", "2025-10", "2026-06"],
            "value": [302.0, 346, 490, 538, 611, 748, 988, 240, 263, 306, 598],
            "bound": [False] * 11,
            "label": [
                *["302", "346‡", "490-odd‡", "538", "611‡", "748‡", "988‡"],
                *["240-odd‡", "263", "306‡", "598‡"],
            ],
        }
    )
    names = {"filing": "Services filed", "registration": "Apps and features registered"}
    figure = charts.draw_running_totals(totals, names, TEXT, layout)
    figure.draw_without_rendering()
    ax = figure.axes[0]
    labels = [t for t in ax.texts if t.get_text() in set(totals["label"])]
    assert len(labels) == (11 if layout is charts.WIDE else 2)
    boxes = [label.get_window_extent() for label in labels]
    reach_px = charts.MARKER_REACH_PT * figure.dpi / 72
    markers = [
        ax.transData.transform((charts.month_index(p), v))
        for p, v in zip(totals["period"], totals["value"], strict=True)
    ]
    plot = ax.get_window_extent()
    for label, box in zip(labels, boxes, strict=True):
        for x, y in markers:
            hits = box.x0 < x + reach_px and x - reach_px < box.x1
            assert not (hits and box.y0 < y + reach_px and y - reach_px < box.y1), label
        others = [other for other in boxes if other is not box]
        assert not any(box.overlaps(other) for other in others), label.get_text()
        assert plot.x0 <= box.x0 and box.x1 <= plot.x1 and box.y1 <= plot.y1, label.get_text()
    # Clear of its neighbours, July's label goes under its point; a lone point keeps it above.
    spots = {label.get_text(): label.get_window_extent() for label in labels}
    if layout is charts.WIDE:
        july = ax.transData.transform((charts.month_index("2025-07"), 490))
        assert spots["490-odd‡"].y1 < july[1] and spots["302"].y0 > markers[0][1]
