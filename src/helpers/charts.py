"""The project's chart style, the three charts, and saving them reproducibly with their data."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # charts are files first; notebooks show them as embedded images

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from helpers.analysis import LevelGrowth
from helpers.exports import save_table
from helpers.formatting import format_millions, format_pct

# Okabe-Ito-based palette from seaborn: safe for the common kinds of colour blindness.
PALETTE = sns.color_palette("colorblind")
# Every chart has the same size so reports line up.
FIGURE_SIZE_IN = (8.0, 4.6)
# Enough resolution for a browser, small enough to keep a report under its size budget.
PNG_DPI = 100
# Fixed salt so SVG element ids are the same on every run.
SVG_HASH_SALT = "genai-china"


@dataclass(frozen=True)
class ChartText:
    """The words around a chart: title, subtitle (measure and unit), source note, alt text."""

    title: str
    subtitle: str
    source_note: str
    alt_text: str
    caption: str


@dataclass(frozen=True)
class SavedChart:
    """Where a chart and the data it plots were written, with the words that describe it."""

    name: str
    png: Path
    svg: Path
    csv: Path
    text: ChartText


def apply_theme() -> None:
    """Set the one seaborn theme and palette the project uses, with reproducible SVG ids."""
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE)
    plt.rcParams.update(
        {
            "svg.hashsalt": SVG_HASH_SALT,
            "svg.fonttype": "none",  # text stays text: smaller files, searchable labels
            "figure.figsize": FIGURE_SIZE_IN,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid.axis": "y",  # value gridlines only; category gridlines add noise
        }
    )


def new_chart(text: ChartText) -> tuple[Figure, plt.Axes]:
    """Return a figure with the title, subtitle and source note already in place."""
    apply_theme()
    fig, ax = plt.subplots(figsize=FIGURE_SIZE_IN, layout="constrained")
    fig.suptitle(text.title, x=0.01, ha="left", fontweight="bold", fontsize=13)
    ax.set_title(text.subtitle, loc="left", fontsize=10, fontweight="normal", color="0.3")
    # supxlabel, unlike free text, gets its own room from the constrained layout.
    fig.supxlabel(text.source_note, x=0.01, ha="left", fontsize=8, color="0.35")
    return fig, ax


def plot_users_over_time(
    levels: pd.DataFrame, text: ChartText, growth: LevelGrowth | None
) -> Figure:
    """Draw users per period as bars with value labels, and an arrow for the growth if given."""
    fig, ax = new_chart(text)
    positions = range(len(levels))
    bars = ax.bar(positions, levels["users_m"], color=PALETTE[0], width=0.6)
    ax.bar_label(bars, labels=[format_millions(v) for v in levels["users_m"]], padding=3)
    ax.set_xticks(list(positions), levels["period"])
    ax.set_ylabel("million people")
    ax.set_ylim(0, levels["users_m"].max() * 1.3)
    if growth is not None:
        periods = list(levels["period"])
        start, end = periods.index(growth.from_period), periods.index(growth.period)
        top = levels["users_m"].max() * 1.17
        ax.annotate(
            "",
            xy=(end, top),
            xytext=(start, top),
            arrowprops={"arrowstyle": "->", "color": PALETTE[3], "lw": 1.8},
        )
        ax.text(
            (start + end) / 2,
            top * 1.02,
            format_pct(growth.growth_pct, signed=True),
            ha="center",
            va="bottom",
            color=PALETTE[3],
            fontweight="bold",
        )
    return fig


def plot_segment_shares(shares: pd.DataFrame, text: ChartText) -> Figure:
    """Draw each usage segment's share of users as horizontal bars labelled with % and millions."""
    fig, ax = new_chart(text)
    positions = list(range(len(shares)))[::-1]
    bars = ax.barh(positions, shares["share_pct"], color=PALETTE[2], height=0.6)
    labels = [
        f"{format_pct(share)} ({format_millions(users)})"
        for share, users in zip(shares["share_pct"], shares["users_m"], strict=True)
    ]
    ax.bar_label(bars, labels=labels, padding=3)
    ax.set_yticks(positions, shares["segment_name"])
    ax.set_xlim(0, 100)
    ax.set_xlabel("percent of generative-AI users")
    return fig


def plot_penetration(levels: pd.DataFrame, text: ChartText) -> Figure:
    """Draw, per period, users as a share of the population and of internet users, side by side."""
    fig, ax = new_chart(text)
    width = 0.38
    positions = list(range(len(levels)))
    series = [
        ("of the whole population (CNNIC)", "published_penetration_pct", PALETTE[0], -width / 2),
        (
            "of internet users (computed)",
            "penetration_of_internet_users_pct",
            PALETTE[1],
            width / 2,
        ),
    ]
    for label, column, colour, offset in series:
        bars = ax.bar(
            [p + offset for p in positions], levels[column], width, label=label, color=colour
        )
        ax.bar_label(bars, labels=[format_pct(v) for v in levels[column]], padding=2, fontsize=9)
    ax.set_xticks(positions, levels["period"])
    ax.set_ylim(0, 100)
    ax.set_ylabel("percent")
    ax.legend(loc="upper left", frameon=False)
    return fig


def save_chart(
    fig: Figure, data: pd.DataFrame, name: str, text: ChartText, output_dir: Path
) -> SavedChart:
    """Write the chart as PNG and SVG and its data as CSV, byte for byte the same on every run."""
    figures_dir = output_dir / "figures"
    figures_dir.mkdir(parents=True, exist_ok=True)
    csv = save_table(data, name, output_dir)
    saved = SavedChart(name, figures_dir / f"{name}.png", figures_dir / f"{name}.svg", csv, text)
    # No software version or date in the files, so identical inputs give identical bytes.
    fig.savefig(saved.png, dpi=PNG_DPI, metadata={"Software": None})
    fig.savefig(saved.svg, metadata={"Date": None, "Creator": None, "Title": text.title})
    plt.close(fig)
    return saved


def render_chart_html(saved: SavedChart) -> str:
    """Return an HTML figure with the PNG embedded, its alt text and a caption (all escaped)."""
    encoded = base64.b64encode(saved.png.read_bytes()).decode("ascii")
    return (
        f'<figure class="chart" id="chart-{html.escape(saved.name)}">'
        f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(saved.text.alt_text)}" '
        f'style="max-width:100%;height:auto">'
        f"<figcaption>{html.escape(saved.text.caption)} "
        f'<span class="source-note">{html.escape(saved.text.source_note)}</span>'
        "</figcaption></figure>"
    )


def show_chart(saved: SavedChart) -> object:
    """Return a displayable object so the notebook and the exported HTML show the chart."""
    from IPython.display import HTML

    return HTML(render_chart_html(saved))
