"""Charts of the news: volume, share of voice, rising terms, event types and source mix, and a dashboard."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from .figures import OTHER, PALETTE, date_ticks, empty_state, new_figure, outside_legend


def _wide(table: pd.DataFrame, key: str, value: str, *, keep: int) -> pd.DataFrame:
    """Periods × keys, the `keep` largest keys kept and the rest summed into 'other'."""
    wide = table.pivot_table(index="period", columns=key, values=value, aggfunc="sum", fill_value=0)
    order = wide.sum().sort_values(ascending=False).index
    if len(order) > keep:
        wide[OTHER] = wide[order[keep - 1 :]].sum(axis=1)
        order = [*order[: keep - 1], OTHER]
    return wide[list(order)]


def volume_chart(table: pd.DataFrame, *, title: str = "News volume", keep: int = 8, ax=None) -> Figure:
    """Articles per period, one line per company (from `Trends.volume`)."""
    fig, ax = new_figure(title, "period", "articles", ax=ax)
    if table.empty:
        empty_state(ax)
        return fig
    wide = _wide(table, "company", "articles", keep=keep)
    for color, name in zip(PALETTE, wide.columns):
        ax.plot(wide.index, wide[name], marker="o", markersize=3, linewidth=2, color=color, label=name)
    ax.set_ylim(bottom=0)
    date_ticks(ax)
    outside_legend(ax, "company")
    return fig


def share_of_voice_chart(table: pd.DataFrame, *, title: str = "Share of voice", ax=None) -> Figure:
    """Each company's share of mentions per period, stacked to 100% (from `Trends.share_of_voice`)."""
    fig, ax = new_figure(title, "period", "share of mentions", ax=ax)
    if table.empty or table["mentions"].sum() == 0:
        empty_state(ax)
        return fig
    wide = table.pivot_table(index="period", columns="company", values="share", fill_value=0)
    ax.stackplot(
        wide.index,
        *(wide[c] for c in wide.columns),
        labels=list(wide.columns),
        colors=PALETTE[: len(wide.columns)],
        alpha=0.9,
    )
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    date_ticks(ax)
    outside_legend(ax, "company")
    return fig


def rising_terms_chart(bursts: pd.DataFrame, *, title: str = "Rising terms", keep: int = 6, ax=None) -> Figure:
    """Share of articles per period mentioning each rising term, bursts dotted (from `Trends.bursts`).

    On its own it draws one small panel per term (lines that coincide would hide each other); inside a
    dashboard (`ax=`) it draws them on one axes.
    """
    terms = bursts["term"].drop_duplicates().head(keep).tolist() if not bursts.empty else []
    if ax is not None or len(terms) < 2:
        fig, ax = new_figure(title, "period", "share of articles", ax=ax)
        if not terms:
            empty_state(ax, "no rising terms yet")
            return fig
        for color, term in zip(PALETTE, terms):
            _term_line(ax, bursts[bursts["term"] == term], color, term)
        ax.set_ylim(bottom=0)  # after every line: an earlier limit would clip the later, taller ones
        outside_legend(ax, "term (dots: burst)")
        return fig
    return _term_panels(bursts, terms, title)


def _term_panels(bursts: pd.DataFrame, terms: list[str], title: str) -> Figure:
    columns = 3 if len(terms) > 4 else 2
    rows = -(-len(terms) // columns)
    fig = Figure(figsize=(4.2 * columns, 2.9 * rows + 0.6), layout="constrained")
    fig.suptitle(
        f"{title} (share of articles per period; dots: burst)", x=0.01, ha="left", fontsize=13, fontweight="bold"
    )
    axes = fig.subplots(rows, columns, sharex=True, squeeze=False).ravel()
    for ax, color, term in zip(axes, PALETTE, terms):
        new_figure(term, "period", "share of articles", ax=ax)
        _term_line(ax, bursts[bursts["term"] == term], color, None)
        ax.set_ylim(bottom=0)
    for ax in axes[len(terms) :]:
        ax.set_visible(False)
    return fig


def _term_line(ax, rows: pd.DataFrame, color: str, label: str | None) -> None:
    share = (rows["count"] / rows["total"].where(rows["total"] > 0)).fillna(0)
    ax.plot(rows["period"], share, linewidth=2, color=color, label=label)
    hot = rows["burst"].astype(bool).to_numpy()
    ax.scatter(rows["period"][hot], share[hot], s=28, color=color, zorder=3)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    date_ticks(ax)


def event_types_chart(table: pd.DataFrame, *, title: str = "Business events over time", ax=None) -> Figure:
    """Articles per period by event type, stacked bars, 'other' left out (from `Trends.events`)."""
    fig, ax = new_figure(title, "period", "articles", ax=ax)
    events = table[table["event_type"] != OTHER] if not table.empty else table
    if events.empty:
        empty_state(ax, "no business events tagged")
        return fig
    wide = _wide(events, "event_type", "articles", keep=len(PALETTE))
    width = _bar_width(wide.index)
    bottom = pd.Series(0, index=wide.index)
    for color, name in zip(PALETTE, wide.columns):
        ax.bar(wide.index, wide[name], bottom=bottom, width=width, color=color, label=name, align="edge")
        bottom = bottom + wide[name]
    date_ticks(ax)
    outside_legend(ax, "event type")
    return fig


def _bar_width(index: pd.Index) -> float:
    if len(index) < 2:
        return 5.0
    return float(pd.Series(index).diff().dropna().min() / pd.Timedelta(days=1)) * 0.8


def source_mix_chart(table: pd.DataFrame, *, title: str = "Source mix", keep: int = 12, ax=None) -> Figure:
    """Articles per publisher over the whole span, largest first (from `Trends.publishers`)."""
    fig, ax = new_figure(title, "articles", "", ax=ax)
    if table.empty:
        empty_state(ax)
        return fig
    totals = table.groupby("publisher")["articles"].sum().sort_values(ascending=False)
    if len(totals) > keep:
        totals = pd.concat(
            [totals.iloc[: keep - 1], pd.Series({f"{len(totals) - keep + 1} others": totals.iloc[keep - 1 :].sum()})]
        )
    ax.barh(totals.index[::-1], totals.values[::-1], color=PALETTE[0])
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.grid(axis="y", visible=False)
    for y, value in enumerate(totals.values[::-1]):
        ax.text(value, y, f" {value:,}", va="center", fontsize=9)
    return fig


def news_dashboard(trends, *, title: str = "News trends") -> Figure:
    """Four panels on one page: volume (or share of voice), rising terms, event types and the source mix."""
    fig = Figure(figsize=(15, 10), layout="constrained")
    fig.suptitle(title, x=0.01, ha="left", fontsize=15, fontweight="bold")
    axes = fig.subplots(2, 2)
    if not trends.share_of_voice.empty:
        share_of_voice_chart(trends.share_of_voice, ax=axes[0][0])
    else:
        volume_chart(trends.volume, ax=axes[0][0])
    rising_terms_chart(trends.bursts, ax=axes[0][1])
    event_types_chart(trends.events, ax=axes[1][0])
    source_mix_chart(trends.publishers, ax=axes[1][1])
    return fig
