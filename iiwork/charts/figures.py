"""What every chart shares: the figure frame, date ticks, legends outside the data, empty states and saving."""

from __future__ import annotations

import matplotlib.dates as mdates
from matplotlib.figure import Figure

from ..errors import InvalidInput
from ..render import CHART_FORMATS, chart_bytes
from ..workspace import output_path, write_atomically

PALETTE = ["#1b6ca8", "#e07b39", "#3a9d5d", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd"]
SIZE = (10, 5.2)
OTHER = "other"
NOTE_COLOR = "#666666"


def new_figure(title: str, xlabel: str, ylabel: str, *, ax=None, size: tuple[float, float] = SIZE):
    if ax is None:
        fig = Figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
    fig = ax.figure
    ax.set_title(title, loc="left", fontsize=13, fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def date_ticks(ax) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def outside_legend(ax, title: str) -> None:
    if ax.get_legend_handles_labels()[0]:
        ax.legend(title=title, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)


def empty_state(ax, message: str = "no data for this period") -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color="#666666", fontsize=12)
    ax.set_xticks([])
    ax.set_yticks([])


def save_chart(fig: Figure, path: str, *, dpi: int = 110) -> None:
    """Save a chart as PNG or SVG (by extension), atomically; a bad or unwritable path is a clear error."""
    suffix = str(path).lower().rpartition(".")[2]
    if suffix not in CHART_FORMATS:
        raise InvalidInput(f"plot: expected a .png or .svg file name, got {path!r}", field="plot")
    target = output_path(path)
    data = chart_bytes(fig, format=suffix, dpi=dpi)
    try:
        write_atomically(target, lambda partial: partial.write_bytes(data))
    except OSError as error:
        raise InvalidInput(f"plot: cannot write {path}: {error.strerror or error}", field="plot") from error
