"""Charts of the news: volume, share of voice, rising terms, event types and source mix, and a dashboard."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from ..analysis.trends import MIN_ARTICLES
from .figures import NOTE_COLOR, OTHER, PALETTE, date_ticks, empty_state, new_figure, outside_legend


def _wide(table: pd.DataFrame, key: str, value: str, *, keep: int) -> pd.DataFrame:
    """Periods × keys, the `keep` largest keys kept and the rest summed into 'other'."""
    wide = table.pivot_table(index="period", columns=key, values=value, aggfunc="sum", fill_value=0)
    order = wide.sum().sort_values(ascending=False).index
    if len(order) > keep:
        wide[OTHER] = wide[order[keep - 1 :]].sum(axis=1)
        order = [*order[: keep - 1], OTHER]
    return wide[list(order)]


def _period_grid(index: pd.Index) -> tuple[pd.DatetimeIndex, str]:
    """Every period from the first to the last of `index`, and the period's name (its spacing tells days, Monday
    weeks or months): a period without rows is drawn as a gap or a zero, never bridged by a straight line."""
    stamps = pd.DatetimeIndex(index).unique().sort_values()
    step = stamps.to_series().diff().min() if len(stamps) > 1 else pd.Timedelta(days=7)
    if step >= pd.Timedelta(days=28) and (stamps.day == 1).all():
        freq, word = "MS", "month"
    elif step >= pd.Timedelta(days=7) and (stamps.day_of_week == 0).all():
        freq, word = "W-MON", "week"
    else:
        freq, word = "D", "day"
    if not len(stamps):
        return stamps, word
    return pd.date_range(stamps[0], stamps[-1], freq=freq, name="period"), word


def volume_chart(
    table: pd.DataFrame, *, title: str = "News volume", keep: int = 8, legend: bool = True, ax=None
) -> Figure:
    """Articles per period, one line per company, periods without articles at zero (from `Trends.volume`); the
    company legend left out with `legend=False` (one line the title names)."""
    fig, ax = new_figure(title, "period", "articles", ax=ax)
    if table.empty:
        empty_state(ax)
        return fig
    wide = _wide(table, "company", "articles", keep=keep)
    wide = wide.reindex(_period_grid(wide.index)[0], fill_value=0)
    dots = 3 if len(wide) <= 60 else 0  # dots on a long span would draw a thick line along the zeros
    for color, name in zip(PALETTE, wide.columns):
        ax.plot(wide.index, wide[name], marker="o", markersize=dots, linewidth=2, color=color, label=name)
    ax.set_ylim(bottom=0)
    date_ticks(ax)
    if legend:
        outside_legend(ax, "company")
    return fig


def voice_bars_chart(
    table: pd.DataFrame,
    *,
    since: pd.Timestamp,
    title: str = "Share of mentions",
    highlight: str | None = None,
    recent_label: str = "last 30 days",
    size: tuple[float, float] = (3.6, 2.4),
) -> Figure:
    """Each company's share of mentions from `since` on (black bars) and before it (outlined bars), largest first,
    percentages written beside the bars: a chart that still reads printed small and in black and white (from
    `share_of_voice`; the `highlight` company's name in bold)."""
    fig, ax = new_figure(title, "", "", size=size)
    shares = _period_shares(table, since=since)
    if shares.empty:
        empty_state(ax)
        return fig
    rows = range(len(shares))
    labels = {"recent": recent_label, "earlier": "before"}
    for offset, column, style in ((-0.2, "recent", {"color": "#222222"}), (0.2, "earlier", _OUTLINED)):
        values = shares[column].fillna(0)
        bars = ax.barh([r + offset for r in rows], values, height=0.38, label=labels[column], **style)
        ax.bar_label(bars, labels=[f"{v:.0%}" if v == v else "" for v in shares[column]], padding=2, fontsize=8)
    ax.set_yticks(list(rows), shares.index, fontsize=9)
    for label in ax.get_yticklabels():
        label.set_fontweight("bold" if label.get_text() == highlight else "normal")
    ax.invert_yaxis()
    ax.set_xlim(0, min(1.0, float(shares.max().max()) * 1.3 + 0.05))
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncol=2, fontsize=8, frameon=False)
    return fig


_OUTLINED = {"color": "white", "edgecolor": "#222222", "linewidth": 0.8, "hatch": "////"}


def _period_shares(table: pd.DataFrame, *, since: pd.Timestamp) -> pd.DataFrame:
    """Companies × (recent, earlier): each company's share of the mentions from `since` on and before, the recent
    largest first (NaN where a part has no mentions)."""
    if table.empty:
        return pd.DataFrame(columns=["recent", "earlier"])
    part = (pd.to_datetime(table["period"], utc=True) >= since).map({True: "recent", False: "earlier"})
    mentions = table.assign(part=part.to_numpy()).pivot_table(
        index="company", columns="part", values="mentions", aggfunc="sum", fill_value=0
    )
    if float(mentions.to_numpy().sum()) == 0:
        return pd.DataFrame(columns=["recent", "earlier"])
    shares = (mentions / mentions.sum()).reindex(columns=["recent", "earlier"])
    return shares.sort_values(["recent", "earlier"], ascending=False, na_position="last")


def _voice_shares(table: pd.DataFrame, *, min_articles: int = MIN_ARTICLES) -> pd.DataFrame:
    """Periods × companies: the share of mentions, NaN in periods with fewer than `min_articles` articles naming
    the companies and in periods without articles (every period from the first to the last is a row)."""
    mentions = table.pivot_table(index="period", columns="company", values="mentions", aggfunc="sum", fill_value=0)
    naming = table.groupby("period")["articles"].max() if "articles" in table else mentions.sum(axis=1)
    grid = _period_grid(mentions.index)[0]
    mentions, naming = mentions.reindex(grid, fill_value=0), naming.reindex(grid, fill_value=0)
    totals = mentions.sum(axis=1)
    enough = (naming >= min_articles) & (totals > 0)
    return mentions.div(totals.where(enough), axis=0)


def share_of_voice_chart(
    table: pd.DataFrame, *, title: str = "Share of voice", min_articles: int = MIN_ARTICLES, ax=None
) -> Figure:
    """Each company's share of mentions per period, over periods with at least `min_articles` articles naming the
    companies (the others are gaps, counted in a note): one panel per company, or lines on one axes (`ax=`)."""
    if table.empty or table["mentions"].sum() == 0:
        fig, ax = new_figure(title, "period", "share of mentions", ax=ax)
        empty_state(ax)
        return fig
    shares = _voice_shares(table, min_articles=min_articles)
    word = _period_grid(shares.index)[1]
    note = _gap_note(shares.isna().all(axis=1), word, min_articles, "naming these companies")
    if ax is None and len(shares.columns) > 1:
        return _voice_panels(table, shares, title, note)
    fig, ax = new_figure(title, _wrapped(note, ax), "share of mentions", ax=ax)
    for color, name in zip(PALETTE, shares.columns):
        ax.plot(shares.index, shares[name], marker="o", markersize=3, linewidth=2, color=color, label=name)
    _share_axis(ax)
    outside_legend(ax, "company")
    return fig


def _voice_panels(table: pd.DataFrame, shares: pd.DataFrame, title: str, note: str, *, place=None) -> Figure:
    """One small panel per company on the same 0-100% scale, each with its share over the whole span dashed."""
    columns = 2 if len(shares.columns) <= 4 else 3
    rows = -(-len(shares.columns) // columns)
    place = place or Figure(figsize=(5.2 * columns, 2.6 * rows + 1.0), layout="constrained")
    place.suptitle(f"{title} (share of mentions)", x=0.01, ha="left", fontsize=13, fontweight="bold")
    overall = table.groupby("company")["mentions"].sum() / table["mentions"].sum()
    axes = place.subplots(rows, columns, sharex=True, sharey=True, squeeze=False).ravel()
    for ax, color, name in zip(axes, PALETTE, shares.columns):
        new_figure("", _period_grid(shares.index)[1], "share of mentions", ax=ax)
        ax.set_title(f"{name}: {overall[name]:.0%} overall", loc="left", fontsize=11, fontweight="bold")
        ax.axhline(overall[name], color=color, linewidth=1, linestyle="--", alpha=0.6)
        ax.plot(shares.index, shares[name], marker="o", markersize=3, linewidth=2, color=color)
        _share_axis(ax)
    _bottom_labels(axes, len(shares.columns), columns)
    place.supxlabel(note + " Dashed: share over the whole span.", x=0.01, ha="left", fontsize=9, color=NOTE_COLOR)
    return place.figure


def _bottom_labels(axes, used: int, columns: int) -> None:
    """Hide the panels not used, and the x label of every panel that has another one under it."""
    for i, ax in enumerate(axes):
        ax.set_visible(i < used)
        ax.xaxis.label.set_visible(i + columns >= used)


def _share_axis(ax) -> None:
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    date_ticks(ax)


def _wrapped(text: str, ax) -> str:
    """A note as an x-axis label, wrapped to the axes' width (~14 characters an inch at 9-10 pt)."""
    import textwrap

    inches = ax.get_position().width * ax.get_figure(root=True).get_figwidth()
    return "\n".join(textwrap.wrap(text, width=max(40, int(inches * 14))))


def _gap_note(gaps: pd.Series, word: str, min_articles: int, which: str) -> str:
    """What the gaps in a share line mean, in a sentence: how many periods had too few articles."""
    count = int(gaps.sum())
    rule = f"{word}s with {min_articles}+ articles {which}"
    if not count:
        return f"Per {word}, over {rule} (every {word} has enough)."
    return f"Per {word}, over {rule} only; gaps: {count} of {len(gaps)} {word}s had fewer."


def rising_terms_chart(
    bursts: pd.DataFrame, *, title: str = "Rising terms", keep: int = 6, min_articles: int = MIN_ARTICLES, ax=None
) -> Figure:
    """Share of articles per period mentioning each rising term, bursts dotted, periods with fewer than
    `min_articles` articles left as gaps (from `Trends.bursts`).

    On its own it draws one small panel per term on one scale, titled with the terms found in the same articles;
    inside a dashboard (`ax=`) it draws them on one axes.
    """
    terms = bursts["term"].drop_duplicates().head(keep).tolist() if not bursts.empty else []
    if ax is not None or len(terms) < 2:
        fig, ax = new_figure(title, "period", "share of articles", ax=ax)
        if not terms:
            empty_state(ax, "no rising terms yet")
            return fig
        for color, term in zip(PALETTE, terms):
            _term_line(ax, _term_rows(bursts, term), color, term, min_articles)
        ax.set_ylim(bottom=0)  # after every line: an earlier limit would clip the later, taller ones
        ax.set_xlabel(_wrapped(_term_note(bursts, min_articles), ax))
        outside_legend(ax, "term (dots: burst)")
        return fig
    return _term_panels(bursts, terms, title, min_articles)


def _term_rows(bursts: pd.DataFrame, term: str) -> pd.DataFrame:
    """One term's rows on every period from the first to the last (a period missing from the table: 0 of 0)."""
    rows = bursts[bursts["term"] == term].set_index("period")
    rows = rows.reindex(_period_grid(bursts["period"])[0])
    rows[["count", "total"]] = rows[["count", "total"]].fillna(0)
    rows["burst"] = rows["burst"].astype("boolean").fillna(False).astype(bool)
    return rows.rename_axis("period").reset_index()


def _term_note(bursts: pd.DataFrame, min_articles: int) -> str:
    totals = bursts.groupby("period")["total"].max()
    grid, word = _period_grid(totals.index)
    return _gap_note(totals.reindex(grid, fill_value=0) < min_articles, word, min_articles, "in all")


def _term_panels(bursts: pd.DataFrame, terms: list[str], title: str, min_articles: int, *, place=None) -> Figure:
    """One panel per term, all on the same y scale: a small share looks small, not like every other spike."""
    columns = 3 if len(terms) > 4 else 2
    rows = -(-len(terms) // columns)
    place = place or Figure(figsize=(4.4 * columns, 3.1 * rows + 0.9), layout="constrained")
    place.suptitle(f"{title} (share of articles; dots: burst)", x=0.01, ha="left", fontsize=13, fontweight="bold")
    axes = place.subplots(rows, columns, sharex=True, sharey=True, squeeze=False).ravel()
    for ax, color, term in zip(axes, PALETTE, terms):
        found = _term_rows(bursts, term)
        new_figure("", _period_grid(bursts["period"])[1], "share of articles", ax=ax)
        _related_line(ax, term, found)
        _term_line(ax, found, color, None, min_articles)
    tops = [pd.Series(line.get_ydata(), dtype=float).max() for ax in axes for line in ax.get_lines()]
    axes[0].set_ylim(0, max(0.05, pd.Series(tops, dtype=float).max() * 1.08))  # shared: one scale for every term
    _bottom_labels(axes, len(terms), columns)
    place.supxlabel(_term_note(bursts, min_articles), x=0.01, ha="left", fontsize=9, color=NOTE_COLOR)
    return place.figure


def _related_line(ax, term: str, rows: pd.DataFrame) -> None:
    """A panel's title: the term, and under it the terms found in the same articles (the same story), cut to fit."""
    related = str(rows["related"].dropna().iloc[0]) if "related" in rows and rows["related"].notna().any() else ""
    ax.set_title(term, loc="left", fontsize=11, fontweight="bold", pad=16 if related else 6)
    if not related:
        return
    text = "with: " + related if len(related) <= 44 else "with: " + related[:43].rsplit(",", 1)[0] + ", …"
    ax.text(0, 1.02, text, transform=ax.transAxes, ha="left", va="bottom", fontsize=8.5, color=NOTE_COLOR)


def _term_line(ax, rows: pd.DataFrame, color: str, label: str | None, min_articles: int) -> None:
    share = rows["count"] / rows["total"].where(rows["total"] >= max(min_articles, 1))
    ax.plot(rows["period"], share, linewidth=2, color=color, label=label, marker="o", markersize=2.5)
    hot = rows["burst"].astype(bool).to_numpy() & share.notna().to_numpy()
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


def news_dashboard(trends, *, title: str = "News trends", min_articles: int = MIN_ARTICLES) -> Figure:
    """Four panels on one page: share of voice (one small panel per company; else the volume), rising terms (one
    small panel per term), event types and the source mix."""
    fig = Figure(figsize=(16, 11), layout="constrained")
    fig.suptitle(title, x=0.01, ha="left", fontsize=15, fontweight="bold")
    (voice, rising), (events, sources) = fig.subfigures(2, 2, wspace=0.04, hspace=0.04)  # type: ignore[misc]
    table = trends.share_of_voice
    if not table.empty and table["mentions"].sum() > 0 and table["company"].nunique() > 1:
        shares = _voice_shares(table, min_articles=min_articles)
        note = _gap_note(shares.isna().all(axis=1), _period_grid(shares.index)[1], min_articles, "naming them")
        _voice_panels(table, shares, "Share of voice", note, place=voice)
    else:
        volume_chart(trends.volume, ax=voice.subplots())
    terms = trends.bursts["term"].drop_duplicates().head(4).tolist() if not trends.bursts.empty else []
    if len(terms) > 1:
        _term_panels(trends.bursts, terms, "Rising terms", min_articles, place=rising)
    else:
        rising_terms_chart(trends.bursts, min_articles=min_articles, ax=rising.subplots())
    event_types_chart(trends.events, ax=events.subplots())
    source_mix_chart(trends.publishers, ax=sources.subplots())
    return fig
