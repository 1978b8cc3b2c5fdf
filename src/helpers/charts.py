"""The project's chart style, the three charts, and saving them reproducibly with their data.

Every chart is drawn twice: a wide layout for desktops and a narrow one whose text stays at least
about 11 CSS px on a 390 px phone. Reports embed both as SVG (sharp at any density, small) and let
the browser pick; the wide one is also written as a 2x PNG to share.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import itertools
import os
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple

import matplotlib
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Bbox
from PIL import Image

from helpers.formatting import (
    MONTHS,
    fold_spaces,
    format_millions,
    format_pct,
    format_period,
    format_published,
    mark_seen,
    start_sentence,
)
from helpers.seam import NARROW_MEDIA  # the phone breakpoint, shared with the stylesheet
from helpers.tables import iterate_rows, save_table

# Okabe-Ito-based palette from seaborn: safe for the common kinds of colour blindness.
PALETTE = sns.color_palette("colorblind")
# A bar that stands for a lower bound ("more than 700 M") is drawn open: outline, pale fill.
BOUND_FILL = "#dbe9f6"
# What a caption says under a chart that draws one.
OPEN_BAR_NOTE = "An open bar is a lower bound."
# The growth arrow and its words; dark enough for 4.5:1 against white (WCAG AA).
ACCENT = "#a14a00"
# One inch of figure is 100 CSS px in a report; PNGs are written at twice that for sharp screens.
CSS_PX_PER_INCH = 100
PNG_SCALE = 2
# Colours kept in the PNGs: flat charts need few, and it keeps a report under its size budget.
PNG_COLOURS = 48
# The font matplotlib measured with, then look-alikes and Chinese fonts a reader's system may have:
# reports embed SVGs whose text the browser draws.
SVG_FONT = re.compile(r"font-family: 'DejaVu Sans'(, '[^']*')*")
SVG_FONT_STACK = (
    "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', 'Noto Sans CJK SC', 'PingFang SC', "
    "'Microsoft YaHei', sans-serif"
)
SVG_SIZE = re.compile(r'<svg[^>]* width="([0-9.]+)pt" height="([0-9.]+)pt"')
# Fixed salt so SVG element ids are the same on every run.
SVG_HASH_SALT = "genai-china"
# Fonts with Chinese glyphs, for source titles such as 《第57次中国互联网络发展状况统计报告》.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei")
# What the note inside an image must not say: a shared PNG has no report footer.
FOOTER_REFERENCE = re.compile(r",? *listed in the report footer")
INK, MUTED, GRID = "0.13", "0.35", "0.86"
# WCAG AA for normal text: every word drawn in a chart reaches this contrast with its ground.
TEXT_CONTRAST = 4.5
# Headers (with units) of the chart data CSVs, and the decimals the chart shows a computed
# column with (None: as published); a bookkeeping column maps to None and is left out. A chart
# whose column means something of its own names it under the chart's name.
CHART_DATA_COLUMNS: dict[str, tuple[str, int | None] | None] = {
    "period": ("Reporting date (YYYY-MM)", None),
    "users_m": ("Generative-AI users (million people)", None),
    "qualifier": ("How the source words the count (exact, nearly, more than…)", None),
    "published_penetration_pct": (
        "Users as a share of the whole population, as published (%)",
        None,
    ),
    "penetration_of_internet_users_pct": ("Users as a share of internet users, computed (%)", 1),
    "published_label": ("Share of the whole population, as the chart labels it", None),
    "internet_label": ("Share of internet users, as the chart labels it (range)", None),
    "segment": None,
    "segment_name": ("Group of users", None),
    "share_pct": ("Share of all users (%)", 1),
    "label": ("As the chart labels it", None),
    # Whether a count of users was published or estimated from a published share (usage shares).
    "users_basis": (
        "Where the users figure comes from (published, or estimated from a share)",
        None,
    ),
    "seen": ("How the figure was seen (grade in data/figures.csv)", None),
    "source_id": ("Source (id in data/sources.csv)", None),
    "figure_id": ("Figure (id in data/figures.csv)", None),
    "decimals": None,
}
CHART_DATA_NAMED = {
    ("usage-shares", "segment_name"): "Use",
    ("usage-shares", "share_seen"): "How the share was seen (grade in data/figures.csv)",
    ("usage-shares", "share_outlets"): "Where the share was found (outlets)",
    ("usage-shares", "total_m"): "Total users the estimate uses (million people, as published)",
    ("usage-shares", "total_outlets"): "Where that total was found (outlets)",
    ("usage-shares", "across_reports"): (
        "Share and total from two different CNNIC report series (yes if so)"
    ),
    ("age-bands", "segment_name"): "Age band",
    ("cac-running-totals", "series"): "Procedure (filing or registration)",
    ("cac-running-totals", "value"): "Running total (services)",
    ("cac-running-totals", "bound"): "Only a lower bound (True: published as “more than”)",
    ("china-eu-shares", "name"): "Population counted",
    ("china-eu-shares", "share_pct"): "Share using generative AI (%)",
}


@dataclass(frozen=True)
class ChartText:
    """The words around a chart: title, subtitle (measure and unit), source note, alt text."""

    title: str
    subtitle: str
    source_note: str
    alt_text: str
    caption: str

    def __post_init__(self) -> None:
        # A title may open with a worded figure ("more than 50%"); it still starts a sentence.
        object.__setattr__(self, "title", start_sentence(self.title))


# The room a title or note leaves at the figure's edges (left offset, right margin), inches.
WRAP_MARGIN_IN = 0.25


@functools.cache
def measure_text_pt(text: str, size_pt: float, bold: bool = True) -> float:
    """Return the width of a line of text in points, in the theme's fonts (bold to be safe)."""
    apply_theme()
    props = font_manager.FontProperties(
        family=matplotlib.rcParams["font.family"], size=size_pt, weight="bold" if bold else "normal"
    )
    width, _, _ = TextToPath().get_text_width_height_descent(text, props, ismath=False)
    return float(width)


@dataclass(frozen=True)
class Layout:
    """A chart's width and type sizes (points) for one kind of screen."""

    name: str
    width_in: float
    plot_height_in: float
    bar_height_in: float
    title_pt: float
    subtitle_pt: float
    label_pt: float
    note_pt: float

    def wrap(self, text: str, size_pt: float) -> str:
        """Return text broken into lines that fit the figure's width at this size, measured."""
        # Split at breakable spaces only: a number and its unit ('602\xa0M') stay on one line.
        return self.wrap_items(fold_spaces(text).split(" "), size_pt)

    def wrap_items(
        self, items: list[str], size_pt: float, sep: str = " ", indent_in: float = 0.0
    ) -> str:
        """Return items joined by `sep` in lines that fit the width less `indent_in`, each item whole."""
        room_pt = (self.width_in - WRAP_MARGIN_IN - indent_in) * 72
        lines: list[str] = []
        for item in items:
            candidate = f"{lines[-1]}{sep}{item}" if lines else item
            if lines and measure_text_pt(candidate, size_pt) <= room_pt:
                lines[-1] = candidate
            else:
                lines.append(item)
        return "\n".join(lines)

    def height(self, text: ChartText, plot_in: float) -> float:
        """Return the figure height for a plot area of plot_in inches under this text."""
        lines = [
            (self.wrap(text.title, self.title_pt).count("\n") + 1, self.title_pt),
            (self.wrap(text.subtitle, self.subtitle_pt).count("\n") + 1, self.subtitle_pt),
            (self.wrap(image_note(text.source_note), self.note_pt).count("\n") + 1, self.note_pt),
        ]
        return plot_in + sum(n * size * 1.45 / 72 for n, size in lines) + 0.75


def measure_luminance(colour: object) -> float:
    """Return a colour's relative luminance as WCAG 2 defines it (0 black, 1 white)."""
    red, green, blue = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in matplotlib.colors.to_rgb(colour)  # type: ignore[arg-type]
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def measure_contrast(foreground: object, background: object) -> float:
    """Return the WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((measure_luminance(foreground), measure_luminance(background)))[::-1]
    return (light + 0.05) / (dark + 0.05)


def darken_for_text(colour: object, background: object = "white") -> tuple[float, float, float]:
    """Return the colour, darkened just enough for text on `background` to reach TEXT_CONTRAST."""
    rgb = matplotlib.colors.to_rgb(colour)  # type: ignore[arg-type]
    for step in range(101):
        darker = tuple(c * (1 - step / 100) for c in rgb)
        if measure_contrast(darker, background) >= TEXT_CONTRAST:
            return darker  # type: ignore[return-value]
    return (0.0, 0.0, 0.0)


# 7 in is the report column at 1280 px; 3.6 in fills a 390 px phone at 1:1, so 8.5 pt is 11.8 px.
WIDE = Layout("wide", 7.0, 3.0, 0.5, 15, 11, 10.5, 8.5)
NARROW = Layout("narrow", 3.6, 2.6, 0.52, 12.5, 9.5, 9, 8.5)
# Each figure's narrow twin, drawn when the figure is saved.
NARROW_TWINS: weakref.WeakKeyDictionary[Figure, Callable[[], Figure]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class SavedChart:
    """Where a chart and the data it plots were written, with the words that describe it."""

    name: str
    png: Path
    svg: Path
    csv: Path
    text: ChartText
    narrow_svg: Path | None = None


def image_note(source_note: str) -> str:
    """Return the source note for inside an image, without pointing at a footer it will not have."""
    return FOOTER_REFERENCE.sub("", fold_spaces(source_note))


@functools.cache
def find_cjk_family() -> str | None:
    """Return an installed font family with Chinese glyphs, adding fonts newer than the cache."""
    known = {font.name for font in font_manager.fontManager.ttflist}
    if not any(family in known for family in CJK_FAMILIES):
        # matplotlib's font cache predates fonts installed later (fonts-noto-cjk): add them once.
        for path in font_manager.findSystemFonts():
            if "CJK" in path or "SourceHan" in path or "wqy" in path:
                font_manager.fontManager.addfont(path)
        known = {font.name for font in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in known), None)


def apply_theme() -> None:
    """Set the one seaborn theme and palette the project uses, with a CJK fallback font."""
    sns.set_theme(context="notebook", style="white", palette=PALETTE)
    cjk = find_cjk_family()
    matplotlib.rcParams.update(
        {
            "svg.hashsalt": SVG_HASH_SALT,
            "svg.fonttype": "none",  # text stays text: smaller files, searchable labels
            # DejaVu Sans for Latin text; glyphs it lacks (Chinese) fall back to the CJK font.
            "font.family": ["DejaVu Sans", *([cjk] if cjk else [])],
            "text.color": INK,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "axes.edgecolor": "0.55",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.spines.left": False,
            "axes.axisbelow": True,  # grid lines behind bars and labels
            # Chart text comes from data: '$' is a dollar sign, never mathtext ('$x$', '\\frac').
            "text.parse_math": False,
        }
    )


def new_chart(
    text: ChartText, layout: Layout = WIDE, plot_in: float | None = None
) -> tuple[Figure, Axes]:
    """Return a figure with the title, subtitle and source note already in place."""
    apply_theme()
    # A bare Figure, not pyplot: no backend is touched and Jupyter never shows it twice.
    fig = Figure(
        figsize=(layout.width_in, layout.height(text, plot_in or layout.plot_height_in)),
        layout="constrained",
    )
    ax = fig.subplots()
    fig.suptitle(
        layout.wrap(text.title, layout.title_pt),
        x=0.01,
        ha="left",
        fontweight="bold",
        fontsize=layout.title_pt,
        linespacing=1.15,
    )
    ax.set_title(
        layout.wrap(text.subtitle, layout.subtitle_pt),
        loc="left",
        fontsize=layout.subtitle_pt,
        color=MUTED,
        pad=10,
    )
    # supxlabel, unlike free text, gets its own room from the constrained layout.
    fig.supxlabel(
        layout.wrap(image_note(text.source_note), layout.note_pt),
        x=0.01,
        ha="left",
        fontsize=layout.note_pt,
        color=MUTED,
        linespacing=1.3,
    )
    ax.tick_params(labelsize=layout.label_pt, length=0)
    return fig, ax


def with_narrow_twin(fig: Figure, draw: Callable[[], Figure]) -> Figure:
    """Remember how to draw the figure's narrow layout; save_chart draws and saves it."""
    NARROW_TWINS[fig] = draw
    return fig


def label_bars(ax: Axes, bars: object, labels: list[str], size: float) -> None:
    """Write a value at the end of each bar on a white ground, so no grid line runs through it."""
    for text in ax.bar_label(bars, labels=labels, padding=3, fontsize=size):  # type: ignore[arg-type]
        text.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 1.0})
        text.set_zorder(4)


def value_grid(ax: Axes, axis: str) -> None:
    """Draw light grid lines along the value axis only, behind everything else."""
    ax.grid(axis=axis, color=GRID, linewidth=0.8)  # type: ignore[arg-type]
    ax.set_axisbelow(True)


class Arrow(NamedTuple):
    """A growth arrow from one bar to another, with the words written above it."""

    from_period: str
    period: str
    label: str


def draw_users_over_time(
    levels: pd.DataFrame, text: ChartText, arrow: Arrow | None, layout: Layout
) -> Figure:
    """Draw users per period as labelled bars (a bound as an open bar), with a growth arrow."""
    fig, ax = new_chart(text, layout)
    positions = list(range(len(levels)))
    bounds = levels["qualifier"] != "exact"
    bars = ax.bar(
        positions,
        levels["users_m"],
        color=[BOUND_FILL if bound else PALETTE[0] for bound in bounds],
        edgecolor=PALETTE[0],
        hatch=None,
        width=0.62,
    )
    # A label column carries the words each bar shows (with the marks of how it was seen).
    labels = (
        list(levels["label"])
        if "label" in levels
        else [
            f">{format_millions(v)}" if bound else format_millions(v)
            for v, bound in zip(levels["users_m"], bounds, strict=True)
        ]
    )
    label_bars(ax, bars, labels, layout.label_pt)
    ax.set_xticks(positions, levels["period"])
    ax.set_ylim(0, levels["users_m"].max() * 1.4)
    value_grid(ax, "y")
    ax.tick_params(axis="y", labelcolor=MUTED)
    if arrow is not None:
        periods = list(levels["period"])
        start, end = periods.index(arrow.from_period), periods.index(arrow.period)
        # Just above the taller of the two bars it compares, clear of their value labels.
        top = levels["users_m"].iloc[[start, end]].max() * 1.17
        ax.annotate(
            "",
            xy=(end, top),
            xytext=(start, top),
            arrowprops={"arrowstyle": "->", "color": ACCENT, "lw": 1.8},
        )
        ax.text(
            (start + end) / 2,
            top * 1.03,
            arrow.label,
            ha="center",
            va="bottom",
            color=ACCENT,
            fontweight="bold",
            fontsize=layout.label_pt,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
            zorder=4,
        )
    # The plot ends on a gridline, so the arrow's words sit under its top line, not above it.
    top = ax.get_ylim()[1]
    ax.set_ylim(0, min(tick for tick in ax.get_yticks() if tick >= top))
    return fig


def plot_users_over_time(levels: pd.DataFrame, text: ChartText, arrow: Arrow | None) -> Figure:
    """Draw users per period as bars with value labels, and an arrow for the growth if given."""
    fig = draw_users_over_time(levels, text, arrow, WIDE)
    return with_narrow_twin(fig, lambda: draw_users_over_time(levels, text, arrow, NARROW))


def draw_segment_shares(shares: pd.DataFrame, text: ChartText, layout: Layout) -> Figure:
    """Draw each segment's share as a horizontal bar with its name above it; height follows bars."""
    fig, ax = new_chart(text, layout, plot_in=layout.bar_height_in * len(shares) + 0.1)
    positions = list(range(len(shares)))[::-1]
    bars = ax.barh(positions, shares["share_pct"], color=PALETTE[2], height=0.5)
    # A label column holds the words each bar carries (estimates marked ≈); else share and users.
    labels = (
        list(shares["label"])
        if "label" in shares
        else [
            f"{format_pct(share)} ({format_millions(users)})"
            for share, users in zip(shares["share_pct"], shares["users_m"], strict=True)
        ]
    )
    label_bars(ax, bars, labels, layout.label_pt)
    # Names above the bars, not beside them, so long names leave the bars the whole width.
    for position, name in zip(positions, shares["segment_name"], strict=True):
        ax.text(0, position + 0.3, str(name), va="bottom", ha="left", fontsize=layout.label_pt)
    # Every bar carries its value, so there is no value axis; the room on the right is for labels.
    ax.set_xlim(0, float(shares["share_pct"].max()) * (1.45 if layout is NARROW else 1.25))
    ax.set_ylim(-0.45, len(shares) - 0.2)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines["bottom"].set_visible(False)
    ax.axvline(0, color="0.55", linewidth=0.8)
    return fig


def plot_segment_shares(shares: pd.DataFrame, text: ChartText) -> Figure:
    """Draw each usage segment's share of users as horizontal bars labelled with % and millions."""
    fig = draw_segment_shares(shares, text, WIDE)
    return with_narrow_twin(fig, lambda: draw_segment_shares(shares, text, NARROW))


def draw_age_bands(bands: pd.DataFrame, text: ChartText, layout: Layout) -> Figure:
    """Draw each age band's share as horizontal bars, one bar and colour per date, youngest on top.

    `bands` holds build_band_table's columns; each label is the share as published, with the
    mark of how it was seen.
    """
    periods = sorted(bands["period"].unique())
    segments = list(dict.fromkeys(bands["segment"]))
    height = 0.8 / len(periods)
    plot_in = layout.bar_height_in * len(segments) * (0.45 + 0.35 * len(periods))
    fig, ax = new_chart(text, layout, plot_in=plot_in)
    for j, period in enumerate(periods):
        rows = bands.loc[bands["period"] == period].set_index("segment").reindex(segments)
        present = rows["share_pct"].notna()
        positions = [
            len(segments) - 1 - i + 0.4 - height * (j + 0.5)
            for i, here in enumerate(present)
            if here
        ]
        shown = rows.loc[present]
        bars = ax.barh(
            positions,
            shown["share_pct"],
            height=height * 0.9,
            color=PALETTE[j % len(PALETTE)],
            label=f"end of {format_period(period)}",
        )
        labels = [
            f"{format_published(row.share_pct, 'percent', decimals=int(row.decimals))}"
            f"{mark_seen(str(row.seen))}"
            for row in shown.itertuples()
        ]
        label_bars(ax, bars, labels, layout.note_pt if layout is NARROW else layout.label_pt)
    names = bands.drop_duplicates("segment").set_index("segment")["segment_name"]
    ax.set_yticks(
        [len(segments) - 1 - i for i in range(len(segments))], [names[s] for s in segments]
    )
    # Every bar carries its value, so there is no value axis; the room on the right is for labels.
    ax.set_xlim(0, float(bands["share_pct"].max()) * (1.45 if layout is NARROW else 1.25))
    ax.set_ylim(-0.5, len(segments) - 0.5)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.axvline(0, color="0.55", linewidth=0.8)
    # Under the bars, where no value label can run into it; one line on a desktop.
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(0, 0),
        ncols=1 if layout is NARROW else len(periods),
        frameon=False,
        fontsize=layout.label_pt,
        borderaxespad=0.2,
    )
    return fig


def plot_age_bands(bands: pd.DataFrame, text: ChartText) -> Figure:
    """Draw the age bands' shares of users at each date as grouped horizontal bars."""
    fig = draw_age_bands(bands, text, WIDE)
    return with_narrow_twin(fig, lambda: draw_age_bands(bands, text, NARROW))


# The two shares the reach chart sets side by side: legend words, value column, label column.
REACH_SERIES = (
    ("of the whole population (CNNIC)", "published_penetration_pct", "published_label"),
    ("of internet users (computed)", "penetration_of_internet_users_pct", "internet_label"),
)


def label_reach(levels: pd.DataFrame, value: str, words: str) -> list[str]:
    """Return the words each reach bar carries: its label column (a range, a bound) or its value."""
    texts = levels[words] if words in levels else [format_pct(v) for v in levels[value]]
    return ["" if pd.isna(v) else str(v) for v in texts]


def fill_reach(levels: pd.DataFrame, value: str, colour: object) -> list[object]:
    """Return each bar's fill: a published lower bound ("more than 50%") is open, as for users."""
    bounds = (
        levels["published_bound"]
        if value == "published_penetration_pct" and "published_bound" in levels
        else [False] * len(levels)
    )
    return [BOUND_FILL if bound else colour for bound in bounds]


def pair_reach_bars(levels: pd.DataFrame) -> list[bool]:
    """Return, per period, whether both reach shares are drawn (so its two bars stand side by side)."""
    drawn = [pd.to_numeric(levels[value]).notna() for _, value, _ in REACH_SERIES]
    return [bool(both) for both in drawn[0] & drawn[1]]


def draw_penetration(levels: pd.DataFrame, text: ChartText, layout: Layout) -> Figure:
    """Draw, per period, users as a share of the population and of internet users, side by side.

    On a phone the periods are rows, so every label has the room to the right of its bar.
    """
    if layout is NARROW:
        return draw_penetration_rows(levels, text, layout)
    fig, ax = new_chart(text, layout)
    width = 0.4
    positions = list(range(len(levels)))
    paired = pair_reach_bars(levels)
    for (label, value, words), colour, offset in zip(
        REACH_SERIES, PALETTE[:2], (-width / 2, width / 2), strict=True
    ):
        bars = ax.bar(
            # A period with one share drawn has its bar centred on its date, under the tick.
            [p + (offset if both else 0.0) for p, both in zip(positions, paired, strict=True)],
            pd.to_numeric(levels[value]),
            width,
            label=label,
            color=fill_reach(levels, value, colour),
            edgecolor=colour,
        )
        label_bars(ax, bars, label_reach(levels, value, words), layout.label_pt - 1)
    ax.set_xticks(positions, levels["period"])
    ax.set_ylim(0, 100)
    value_grid(ax, "y")
    ax.tick_params(axis="y", labelcolor=MUTED)
    ax.legend(loc="upper left", frameon=False, fontsize=layout.label_pt)
    return fig


def draw_penetration_rows(levels: pd.DataFrame, text: ChartText, layout: Layout) -> Figure:
    """Draw the reach chart for a phone: one row per period, its date above its two bars."""
    rows = len(levels)
    fig, ax = new_chart(text, layout, plot_in=layout.bar_height_in * rows * 1.5 + 0.2)
    # The earliest period on top, so the rows read down in time.
    tops = [float(rows - 1 - i) for i in range(rows)]
    for (label, value, words), colour, shift in zip(
        REACH_SERIES, PALETTE[:2], (0.0, -0.3), strict=True
    ):
        bars = ax.barh(
            [top + shift for top in tops],
            pd.to_numeric(levels[value]),
            height=0.28,
            label=label,
            color=fill_reach(levels, value, colour),
            edgecolor=colour,
        )
        label_bars(ax, bars, label_reach(levels, value, words), layout.label_pt)
    for top, period in zip(tops, levels["period"], strict=True):
        ax.text(0, top + 0.2, str(period), va="bottom", ha="left", fontsize=layout.label_pt)
    # Every bar carries its value, so there is no value axis; the room on the right is for labels.
    drawn = pd.to_numeric(pd.concat([levels[value] for _, value, _ in REACH_SERIES])).dropna()
    ax.set_xlim(0, float(drawn.max()) * 1.6 if not drawn.empty else 100)
    ax.set_ylim(-0.55, rows - 0.35)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines["bottom"].set_visible(False)
    ax.axvline(0, color="0.55", linewidth=0.8)
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0), frameon=False, fontsize=layout.label_pt)
    return fig


def plot_penetration(levels: pd.DataFrame, text: ChartText) -> Figure:
    """Draw, per period, users as a share of the population and of internet users, side by side."""
    fig = draw_penetration(levels, text, WIDE)
    return with_narrow_twin(fig, lambda: draw_penetration(levels, text, NARROW))


def month_index(period: str) -> int:
    """Return a YYYY-MM period as a count of months, so dates sit at their true distance apart."""
    year, month = (int(part) for part in period.split("-"))
    return year * 12 + month - 1


def format_short_month(month: int) -> str:
    """Return a month count (month_index) as a short date: 'Jul 2025'."""
    return f"{MONTHS[month % 12][:3]} {month // 12}"


# How far the list of values under the phone chart starts from the figure's edge: past the
# value axis's labels, where the plot starts.
VALUE_LIST_INDENT_IN = 0.5


def list_series_values(totals: pd.DataFrame, names: dict[str, str], layout: Layout) -> str:
    """Return every plotted value as text: each series' name, then 'Dec 2024: 302; …' in lines that fit."""
    paragraphs = []
    for series, name in names.items():
        rows = totals.loc[totals["series"] == series]
        if rows.empty:
            continue
        items = [
            f"{format_short_month(month_index(row.period))}: {row.label}"
            for row in iterate_rows(rows)
        ]
        listed = layout.wrap_items(items, layout.note_pt, "; ", indent_in=VALUE_LIST_INDENT_IN)
        paragraphs.append(f"{name}:\n{listed}")
    return "\n".join(paragraphs)


# The room left between the top gridline and the legend above it, as a share of the plot's height.
LEGEND_GAP_SHARE = 0.03


def raise_above_legend(fig: Figure, ax: Axes, legend: Legend) -> None:
    """Raise the value axis's top, its gridlines kept, until the top gridline runs under the legend."""
    fig.draw_without_rendering()
    legend_box, box = legend.get_window_extent(), ax.get_window_extent()
    # The share of the plot's height, from its top, that the legend takes.
    taken = (box.y1 - legend_box.y0) / box.height + LEGEND_GAP_SHARE
    bottom, top = ax.get_ylim()
    ticks = [tick for tick in ax.get_yticks() if bottom <= tick <= top]
    ax.set_yticks(ticks)
    ax.set_ylim(bottom, max(top, bottom + (ticks[-1] - bottom) / (1 - taken)))


# Months of margin either side of the first and last dates of a chart by month.
MONTH_MARGIN = 1.5
# The least room between two date labels on the axis, inches.
TICK_GAP_IN = 0.15


def choose_month_ticks(months: list[int], layout: Layout) -> list[int]:
    """Return the axis's dates: every date plotted when their labels fit apart, else each June
    and December in the range (or the dates plotted when the range holds neither)."""
    dated = sorted(set(months))
    # The plot spans the figure less the value labels and the right margin.
    plot_in = layout.width_in - VALUE_LIST_INDENT_IN - WRAP_MARGIN_IN
    inch_per_month = plot_in / (dated[-1] - dated[0] + 2 * MONTH_MARGIN)
    label_in = max(measure_text_pt(format_short_month(m), layout.label_pt) for m in dated) / 72
    gaps = [later - earlier for earlier, later in itertools.pairwise(dated)]
    if all(gap * inch_per_month >= label_in + TICK_GAP_IN for gap in gaps):
        return dated
    halves = [m for m in range(dated[0], dated[-1] + 1) if m % 12 in (5, 11)]
    return halves or dated


class PointLabel(NamedTuple):
    """The words to write beside one plotted point, in its series' colour."""

    text: str
    x: float
    y: float
    bound: bool
    colour: object


# Where a point's label may go, as (offset right, offset up) in points from the point and the
# label's alignment, in order of preference: above, below, then beside and at the corners, for
# points a month apart whose labels would run into each other's markers.
LABEL_SPOTS: tuple[
    tuple[float, float, Literal["left", "center", "right"], Literal["bottom", "center", "top"]],
    ...,
] = (
    (0, 7, "center", "bottom"),
    (0, -9, "center", "top"),
    (-8, 0, "right", "center"),
    (8, 0, "left", "center"),
    (-6, 6, "right", "bottom"),
    (6, 6, "left", "bottom"),
    (-6, -6, "right", "top"),
    (6, -6, "left", "top"),
)
# How far a marker reaches from its point (half of 7 pt plus its 1.5 pt edge), and the white
# room kept around a label, points.
MARKER_REACH_PT = 4.5
LABEL_ROOM_PT = 1.0
# Points tested along a line between two markers for whether it runs through a label.
LINE_SAMPLES = 200


def widen_box(box: Bbox, by_px: float) -> Bbox:
    """Return a display box grown by `by_px` on every side."""
    return Bbox.from_extents(box.x0 - by_px, box.y0 - by_px, box.x1 + by_px, box.y1 + by_px)


def cross_box(box: Bbox, start: tuple[float, float], end: tuple[float, float]) -> bool:
    """Return whether the straight line from `start` to `end` (display units) runs through `box`."""
    steps = LINE_SAMPLES
    return any(
        box.contains(
            start[0] + (end[0] - start[0]) * i / steps, start[1] + (end[1] - start[1]) * i / steps
        )
        for i in range(steps + 1)
    )


def place_point_labels(
    fig: Figure,
    ax: Axes,
    labels: list[PointLabel],
    lines: list[list[tuple[float, float]]],
    legend: Legend,
    size_pt: float,
) -> None:
    """Write each label at the first spot inside the plot clear of every marker, the legend and
    the labels already written, preferring one no line runs through (the first spot if none is
    clear).

    `lines` holds each series' points in data units, in order. A bound's longer label tries under
    its point first. Call once the axes' limits are final.
    """
    fig.draw_without_rendering()
    px_per_pt = fig.dpi / 72
    reach_px = MARKER_REACH_PT * px_per_pt
    shown = [[tuple(ax.transData.transform(point)) for point in line] for line in lines]
    segments = [pair for line in shown for pair in itertools.pairwise(line)]
    taken = [
        Bbox.from_extents(x - reach_px, y - reach_px, x + reach_px, y + reach_px)
        for line in shown
        for x, y in line
    ]
    taken.append(legend.get_window_extent())
    plot = ax.get_window_extent()
    for label in labels:
        spots = list(LABEL_SPOTS)
        if label.bound:
            spots[0], spots[1] = spots[1], spots[0]
        text = ax.annotate(
            label.text,
            (label.x, label.y),
            xytext=spots[0][:2],
            textcoords="offset points",
            fontsize=size_pt,
            color=darken_for_text(label.colour),
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
            zorder=4,
        )
        # Kept inside the plot, so the layout is the same wherever a label goes.
        text.set_in_layout(False)
        boxes = []
        for dx, dy, ha, va in spots:
            text.xyann = (dx, dy)
            text.set_horizontalalignment(ha)
            text.set_verticalalignment(va)
            box = widen_box(text.get_window_extent(), LABEL_ROOM_PT * px_per_pt)
            inside = (
                plot.x0 <= box.x0 and box.x1 <= plot.x1 and plot.y0 <= box.y0 <= box.y1 <= plot.y1
            )
            clear = inside and not any(box.overlaps(other) for other in taken)
            boxes.append((clear, not any(cross_box(box, *pair) for pair in segments), box))
        # Clear and off the lines, else clear, else where it would go with nothing around it.
        chosen = next(
            (i for i, (clear, off, _) in enumerate(boxes) if clear and off),
            next((i for i, (clear, _, _) in enumerate(boxes) if clear), 0),
        )
        dx, dy, ha, va = spots[chosen]
        text.xyann = (dx, dy)
        text.set_horizontalalignment(ha)
        text.set_verticalalignment(va)
        taken.append(boxes[chosen][2])


def draw_running_totals(
    totals: pd.DataFrame, names: dict[str, str], text: ChartText, layout: Layout
) -> Figure:
    """Draw running totals by date: points joined by thin lines, a bound as a hollow triangle.

    `totals` has the columns series, period, value, bound (the value is a lower bound) and label;
    `names` maps each series to its legend entry, in drawing order. The wide layout labels every
    point; a phone has room on the plot for each series' latest value only, so the narrow one
    lists every value under the plot as well.
    """
    narrow = layout is NARROW
    listing = list_series_values(totals, names, layout) if narrow else ""
    listing_in = (listing.count("\n") + 1) * layout.note_pt * 1.3 / 72 if listing else 0.0
    fig, ax = new_chart(text, layout, plot_in=layout.plot_height_in + 0.4 + listing_in)
    months = [month_index(p) for p in totals["period"]]
    # Every series' points, and the labels to write once the axes are final.
    lines: list[list[tuple[float, float]]] = []
    labels: list[PointLabel] = []
    for (series, name), colour, marker in zip(
        names.items(), [PALETTE[0], PALETTE[2]], ["o", "s"], strict=False
    ):
        rows = totals.loc[totals["series"] == series]
        if rows.empty:
            continue
        x = [month_index(p) for p in rows["period"]]
        lines.append([(xi, float(v)) for xi, v in zip(x, rows["value"], strict=True)])
        ax.plot(x, rows["value"], color=colour, linewidth=1.2, alpha=0.6, zorder=2)
        for xi, row in zip(x, iterate_rows(rows), strict=True):
            ax.plot(
                xi,
                row.value,
                marker="^" if row.bound else marker,
                markersize=7,
                color=colour,
                markerfacecolor="white" if row.bound else colour,
                markeredgewidth=1.5,
                linestyle="none",
                zorder=3,
            )
        ax.plot([], [], color=colour, marker=marker, label=name)  # one legend entry per series
        last = len(rows) - 1
        for i, (xi, row) in enumerate(zip(x, iterate_rows(rows), strict=True)):
            if narrow and i != last:
                continue  # the list under the plot gives the others
            # The series' hue, dark enough to read as text (the green alone is 3.4:1).
            labels.append(PointLabel(row.label, xi, float(row.value), bool(row.bound), colour))
    ticks = choose_month_ticks(months, layout)
    ax.set_xticks(ticks, [format_short_month(m) for m in ticks])
    ax.set_xlim(min(months) - MONTH_MARGIN, max(months) + MONTH_MARGIN)
    ax.set_ylim(0, float(totals["value"].max()) * 1.22)
    value_grid(ax, "y")
    ax.tick_params(axis="y", labelcolor=MUTED)
    legend = ax.legend(
        loc="upper left", frameon=False, fontsize=layout.note_pt if narrow else layout.label_pt
    )
    raise_above_legend(fig, ax, legend)
    if listing:
        ax.set_xlabel(
            listing, loc="left", fontsize=layout.note_pt, color=INK, linespacing=1.3, labelpad=8
        )
    place_point_labels(
        fig, ax, labels, lines, legend, layout.note_pt if narrow else layout.label_pt - 1.5
    )
    return fig


def plot_running_totals(totals: pd.DataFrame, names: dict[str, str], text: ChartText) -> Figure:
    """Draw running totals by date, each series in its own colour, bounds as hollow triangles."""
    fig = draw_running_totals(totals, names, text, WIDE)
    return with_narrow_twin(fig, lambda: draw_running_totals(totals, names, text, NARROW))


def draw_two_shares(shares: pd.DataFrame, text: ChartText, layout: Layout) -> Figure:
    """Draw two shares as horizontal bars styled apart (solid and hatched), names above the bars.

    `shares` has the columns name, share_pct and label, the first row drawn on top.
    """
    # A long name ("The EU (Eurostat, 2025 survey, published December 2025)") is wrapped to the
    # figure's width, so a phone's narrow chart does not cut it off; each extra line gets room.
    names = [layout.wrap(str(name), layout.label_pt) for name in shares["name"]]
    extra_lines = max((name.count("\n") for name in names), default=0)
    line_in = layout.label_pt * 1.25 / 72
    step = 1 + extra_lines * line_in / (layout.bar_height_in * 2)
    fig, ax = new_chart(
        text,
        layout,
        plot_in=layout.bar_height_in * 2 * len(shares) + 0.2 + extra_lines * line_in * len(shares),
    )
    positions = [step * i for i in range(len(shares))][::-1]
    styles = [
        {"color": PALETTE[0]},
        {"color": "white", "edgecolor": PALETTE[1], "hatch": "///", "linewidth": 1.5},
    ]
    for position, row, name, style in zip(
        positions, iterate_rows(shares), names, styles, strict=False
    ):
        bars = ax.barh([position], [row.share_pct], height=0.45, **style)
        label_bars(ax, bars, [row.label], layout.label_pt)
        ax.text(0, position + 0.3, name, va="bottom", ha="left", fontsize=layout.label_pt)
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.45, step * (len(shares) - 1) + 0.9 + (step - 1))
    ax.set_yticks([])
    ax.xaxis.set_major_formatter("{x:.0f}%")
    value_grid(ax, "x")
    ax.tick_params(axis="x", labelcolor=MUTED)
    ax.axvline(0, color="0.55", linewidth=0.8)
    return fig


def plot_two_shares(shares: pd.DataFrame, text: ChartText) -> Figure:
    """Draw two shares that measure different things as two bars styled apart, on a 0–100 % axis."""
    fig = draw_two_shares(shares, text, WIDE)
    return with_narrow_twin(fig, lambda: draw_two_shares(shares, text, NARROW))


def align_subtitle(fig: Figure) -> None:
    """Start the subtitle where the value labels start, under the title; then fix the layout."""
    ax = fig.axes[0]
    fig.draw_without_rendering()
    box = ax.get_window_extent()
    labels = ax.yaxis.get_tightbbox()  # None when the chart has no value axis
    left = min(labels.x0, box.x0) if labels is not None else box.x0
    subtitle = ax.get_title(loc="left")
    for child in ax.get_children():
        if isinstance(child, Text) and child.get_text() == subtitle and subtitle:
            child.set_x((left - box.x0) / box.width)
    # The layout is settled; keeping it saves a constrained-layout pass on every later save.
    fig.set_layout_engine("none")


# The index's small chart: one layout, type large enough for a phone at 358 of its 480 CSS px.
SMALL_SIZE_IN = (4.8, 2.3)
SMALL_LABEL_PT = 11


def draw_small_users(levels: pd.DataFrame) -> Figure:
    """Draw users per period as small labelled bars, with no title: the page gives it words."""
    apply_theme()
    fig = Figure(figsize=SMALL_SIZE_IN, layout="constrained")
    ax = fig.subplots()
    positions = list(range(len(levels)))
    # A lower bound ("more than 700 M") is an open bar, as in the reports' users chart.
    labels = (
        levels["label"] if "label" in levels else [format_millions(v) for v in levels["users_m"]]
    )
    bounds = levels["is_bound"] if "is_bound" in levels else [False] * len(levels)
    bars = ax.bar(
        positions,
        levels["users_m"],
        color=[BOUND_FILL if bound else PALETTE[0] for bound in bounds],
        edgecolor=PALETTE[0],
        width=0.62,
    )
    label_bars(ax, bars, list(labels), SMALL_LABEL_PT)
    ax.set_xticks(positions, levels["period"])
    ax.set_yticks([])
    ax.set_ylim(0, levels["users_m"].max() * 1.25)
    ax.tick_params(labelsize=SMALL_LABEL_PT, length=0)
    return fig


def write_png(fig: Figure, path: Path) -> None:
    """Write the figure as a 2x PNG with a reduced palette: sharp, small, the same bytes each run."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=CSS_PX_PER_INCH * PNG_SCALE, metadata={"Software": None})
    image = Image.open(buffer).convert("RGB").quantize(PNG_COLOURS, method=Image.Quantize.MEDIANCUT)
    image.save(path, format="png", optimize=True)


def make_svg(fig: Figure, title: str) -> str:
    """Return the figure as SVG text with a font stack any reader's system can satisfy."""
    buffer = io.StringIO()
    # No software version or date in the file, so identical inputs give identical bytes.
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Title": title})
    return SVG_FONT.sub(f"font-family: {SVG_FONT_STACK}", buffer.getvalue())


def write_svg(fig: Figure, path: Path, title: str) -> None:
    """Write the figure as SVG whose text stays text."""
    path.write_text(make_svg(fig, title), encoding="utf-8")


def svg_uri(svg: str) -> tuple[str, int, int]:
    """Return SVG text as a data: URI with its size in CSS px (SVG sizes are in points)."""
    size = SVG_SIZE.search(svg)
    if size is None:
        raise ValueError("the SVG has no width and height in pt")
    width, height = (round(float(side) * CSS_PX_PER_INCH / 72) for side in size.groups())
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}", width, height


def render_svg_uri(fig: Figure, title: str = "") -> tuple[str, int, int]:
    """Return a figure as an SVG data: URI with its size in CSS px, writing no file."""
    return svg_uri(make_svg(fig, title))


def save_chart(
    fig: Figure, data: pd.DataFrame, name: str, text: ChartText, output_dir: Path
) -> SavedChart:
    """Write the chart as PNG and SVG (and a phone SVG) and its data as CSV, the same bytes each run."""
    figures_dir = output_dir / "figures"
    figures_dir.mkdir(parents=True, exist_ok=True)
    csv = save_table(label_chart_data(data, name), name, output_dir)
    twin = NARROW_TWINS.pop(fig, None)
    narrow_svg = figures_dir / f"{name}.phone.svg" if twin else None
    saved = SavedChart(
        name, figures_dir / f"{name}.png", figures_dir / f"{name}.svg", csv, text, narrow_svg
    )
    align_subtitle(fig)
    write_png(fig, saved.png)
    write_svg(fig, saved.svg, text.title)
    if twin and narrow_svg:
        narrow_fig = twin()
        align_subtitle(narrow_fig)
        write_svg(narrow_fig, narrow_svg, text.title)
    return saved


def label_chart_data(data: pd.DataFrame, name: str = "") -> pd.DataFrame:
    """Return a chart's data for a spreadsheet: human headers with units, numbers as the chart shows them."""
    labelled = pd.DataFrame(index=data.index)
    for column in data.columns:
        if column in CHART_DATA_COLUMNS and CHART_DATA_COLUMNS[column] is None:
            continue  # an id: the human name beside it says the same
        header, decimals = CHART_DATA_COLUMNS.get(column) or (str(column), None)
        header = CHART_DATA_NAMED.get((name, str(column)), header)
        values = data[column]
        if decimals is not None:
            # Written as text to the chart's decimals, so 53.5 stays 53.5 and 16.0 stays 16.0.
            values = values.map(lambda v, d=decimals: "" if pd.isna(v) else f"{v:.{d}f}")
        labelled[header] = values
    return labelled


def link_to(path: Path) -> str:
    """Return a link to a written file, relative to where the notebook runs (the report's folder)."""
    return Path(os.path.relpath(path, Path.cwd())).as_posix()


def render_chart_html(saved: SavedChart) -> str:
    """Return an HTML figure with both SVG layouts, its alt text, a caption, downloads and a permalink.

    The source note is drawn in the image; screen readers get its text from a hidden paragraph
    the image names as its description (aria-describedby reads hidden text), so it is shown once
    wherever the HTML goes (a report, JupyterLab) and stays out of every attribute.
    """
    uri, width, height = svg_uri(saved.svg.read_text(encoding="utf-8"))
    source = ""
    if saved.narrow_svg is not None:
        narrow_uri, narrow_width, narrow_height = svg_uri(saved.narrow_svg.read_text("utf-8"))
        source = (
            f'<source media="{NARROW_MEDIA}" srcset="{narrow_uri}" '
            f'width="{narrow_width}" height="{narrow_height}">'
        )
    anchor = f"chart-{saved.name}"
    note_id = f"{anchor}-source"
    title = html.escape(saved.text.title, quote=True)
    downloads = " · ".join(
        f'<a href="{html.escape(link_to(path), quote=True)}" class="download-{kind}" '
        f'aria-label="{title}: {label}">{label}</a>'
        for kind, path, label in (
            ("png", saved.png, "PNG image"),
            ("svg", saved.svg, "SVG image"),
            ("csv", saved.csv, "data (CSV)"),
        )
    )
    return (
        f'<figure class="chart" id="{html.escape(anchor, quote=True)}"><picture>{source}'
        f'<img src="{uri}" alt="{html.escape(saved.text.alt_text, quote=True)}" '
        f'aria-describedby="{html.escape(note_id, quote=True)}" '
        f'width="{width}" height="{height}"></picture>'
        f'<p id="{html.escape(note_id, quote=True)}" hidden>'
        f"{html.escape(image_note(saved.text.source_note))}</p>"
        f"<figcaption>{html.escape(saved.text.caption)}"
        f'<span class="chart-links">Download: {downloads} · '
        f'<a href="#{html.escape(anchor, quote=True)}" class="permalink" '
        f'aria-label="{title}: link to this chart">Link to this chart</a></span>'
        "</figcaption></figure>"
    )


def show_chart(saved: SavedChart) -> object:
    """Return a displayable object so the notebook and the exported HTML show the chart."""
    from IPython.display import HTML

    return HTML(render_chart_html(saved))
