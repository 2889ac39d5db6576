"""Charts of the search: activity per period, funnel, replies, thank-you timeliness, referral tree, how-known."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from .figures import NOTE_COLOR, PALETTE, SIZE, empty_state, new_figure, outside_legend

# Activity over the search (from `iiwork.activity.Activity`): each chart points to a next action.

ACTION_COLOR = "#b3541e"
GOOD, LATE, WAITING = "#3a9d5d", "#c44e52", "#bbbbbb"
KIND_LABELS = {
    "requests": "requests sent",
    "held": "interviews held",
    "thank-yous": "thank-yous sent",
    "referrals": "referrals received",
}
PERIOD_NAMES = {"D": "day", "W": "week", "M": "month"}
PERIOD_AXIS = {"D": "day", "W": "week starting Monday (ticks: Mondays)", "M": "month"}
PERIOD_STEP = {"D": pd.DateOffset(days=1), "W": pd.DateOffset(weeks=1), "M": pd.DateOffset(months=1)}


def _pointer(act, *topics: str, alone: bool = True) -> str | None:
    """The chart's next action: its own topic's first, else (for a chart on its own) the most urgent one. Inside
    the dashboard, which lists the most urgent actions at the top, a panel shows only its own topic's."""
    for topic in (*topics, *(("overdue", "start") if alone else ())):
        if topic in act.actions:
            return act.actions[topic]
    return "nothing overdue: keep going" if alone else None


def _next_action(ax, text: str | None) -> None:
    """The next action on a line (or two) under the axes title, in the action colour (None: nothing)."""
    import textwrap

    if text is None:
        return
    width = ax.get_position().width * ax.get_figure(root=True).get_figwidth()
    lines = textwrap.wrap(f"Next: {text}", width=max(40, int(width * 12.5)))
    ax.set_title(ax.get_title(loc="left"), loc="left", fontsize=13, fontweight="bold", pad=8 + 13 * len(lines))
    ax.text(
        0,
        1.02,
        "\n".join(lines),
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        fontsize=10,
        color=ACTION_COLOR,
        linespacing=1.15,
    )


def activity_chart(act, *, title: str | None = None, ax=None) -> Figure:
    """Requests, interviews held, thank-yous and referrals per period, each period's bars over that period (the one
    still running between its start and now); overdue follow-ups marked at their due date."""
    period = PERIOD_NAMES[act.freq]
    alone = ax is None
    fig, ax = new_figure(title or f"Activity per {period}", PERIOD_AXIS[act.freq], "count", ax=ax)
    _next_action(ax, _pointer(act, "weekly", alone=alone))
    if act.weekly.empty:
        empty_state(ax, "no activity yet")
        return fig
    wide = act.weekly.pivot(index="period", columns="kind", values="count").reindex(columns=list(KIND_LABELS))
    _period_bars(ax, wide.astype(int), act.freq, act.now)
    if not act.overdue.empty:
        ax.scatter(
            act.overdue["due"],
            [0] * len(act.overdue),
            marker="v",
            s=70,
            color=LATE,
            zorder=4,
            clip_on=False,
            label=f"overdue follow-up ({len(act.overdue)}), at its due date",
        )
    tallest = wide.sum(axis=1).max() if act.freq == "D" else wide.max().max()  # days are stacked
    ax.set_ylim(0, max(1, int(tallest)) * 1.12)
    _mark(ax, act.now, "now", color="#666666", linestyle=":")
    ax.yaxis.get_major_locator().set_params(integer=True)
    _period_ticks(ax, wide.index, act.freq, act.now)
    outside_legend(ax, "per " + period)
    return fig


def _period_bars(ax, wide: pd.DataFrame, freq: str, now: pd.Timestamp) -> None:
    """One bar per kind side by side within each period (stacked for days: four bars a day would be too thin); a
    period's bars fill 85% of it, and of the period still running only the part up to now."""
    stacked = freq == "D"
    ends = pd.DatetimeIndex([min(start + PERIOD_STEP[freq], now) for start in wide.index])
    step = (ends - wide.index) / pd.Timedelta(days=1) * 0.85 / (1 if stacked else len(wide.columns))
    step = step.to_numpy().clip(min=0)
    bottom = pd.Series(0, index=wide.index)
    for i, (color, kind) in enumerate(zip(PALETTE, wide.columns)):
        x = wide.index + pd.to_timedelta(step * (0 if stacked else i), unit="D")
        ax.bar(x, wide[kind], width=step, bottom=bottom, color=color, label=KIND_LABELS[kind], align="edge")
        bottom = bottom + wide[kind] if stacked else bottom


def _period_ticks(ax, starts: pd.DatetimeIndex, freq: str, now: pd.Timestamp) -> None:
    """A tick at the start of each period (every few, when there are many), labelled with that start's date."""
    every = -(-len(starts) // 10)
    ticks = starts[::every]
    years = [str(t.year) if i == 0 or t.year != ticks[i - 1].year else "" for i, t in enumerate(ticks)]
    labels = [f"{t:%b}" if freq == "M" else f"{t.day} {t:%b}" for t in ticks]
    ax.set_xticks(ticks, [f"{label}\n{year}".strip() for label, year in zip(labels, years)])
    span = max(now, starts[-1] + PERIOD_STEP[freq]) - starts[0]
    ax.set_xlim(starts[0] - span * 0.02, max(now, starts[-1] + PERIOD_STEP[freq]) + span * 0.02)


def _mark(ax, x, label: str, *, color: str = "#333333", linestyle: str = "--") -> None:
    """A vertical reference line labelled at the top of the axes."""
    ax.axvline(x, color=color, linestyle=linestyle, linewidth=1.2)
    ax.text(x, 1, f" {label}", transform=ax.get_xaxis_transform(), va="top", fontsize=9, color=color)


def funnel_chart(act, *, title: str = "Interview funnel", ax=None) -> Figure:
    """Interviews that reached each stage, with the conversion from the stage before and those that stopped there."""
    alone = ax is None
    fig, ax = new_figure(title, "interviews", "", ax=ax)
    _next_action(ax, _pointer(act, "funnel", "response", alone=alone))
    table = act.funnel
    if table.empty or table["reached"].max() == 0:
        empty_state(ax, "no interviews yet")
        return fig
    y = list(range(len(table)))[::-1]
    ax.barh(y, table["reached"].astype(int), color=PALETTE[0], height=0.6)
    ax.set_yticks(y, table["stage"].tolist())
    _bar_grid(ax)
    top = int(table["reached"].max())
    for row, at in zip(table.itertuples(), y):
        ax.text(row.reached, at, f" {_funnel_label(row, table)}", va="center", fontsize=9)
    ax.set_xlim(0, top * 1.9)
    return fig


def _funnel_label(row, table: pd.DataFrame) -> str:
    label = f"{row.reached}"
    if pd.notna(row.conversion):
        before = table["stage"].iloc[table.index.get_loc(row.Index) - 1]
        label += f"  ({row.conversion:.0%} of {before})"
    lost = [f"{n} {what}" for n, what in ((row.declined, "declined"), (row.no_reply, "no reply")) if n]
    return label + (f"   stopped here: {', '.join(lost)}" if lost else "")


def _bar_grid(ax) -> None:
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.grid(axis="y", visible=False)


def response_chart(act, *, title: str | None = None, ax=None) -> Figure:
    """Days from a request to its reply (scheduled or declined), with the response rate and the median."""
    decided = act.response[act.response["outcome"] != "waiting"]
    rate = (
        f"{act.response_rate:.0%} of requests answered ({decided['replied_at'].notna().sum()} of {len(decided)})"
        if act.response_rate is not None
        else "no answers yet"
    )
    alone = ax is None
    fig, ax = new_figure(title or f"Replies: {rate}", "days from request to reply", "requests", ax=ax)
    _next_action(ax, _pointer(act, "response", alone=alone))
    table = act.response
    replied = table.dropna(subset=["days_to_reply"])
    if replied.empty:
        empty_state(ax, "no replies yet" if len(table) else "no requests yet")
        return fig
    colors = {"scheduled": GOOD, "held": PALETTE[0], "declined": LATE}
    groups = {o: replied.loc[replied["outcome"] == o, "days_to_reply"].astype(float) for o in colors}
    groups = {o: days for o, days in groups.items() if len(days)}
    ax.hist(
        list(groups.values()),
        bins=list(range(int(replied["days_to_reply"].max()) + 2)),
        stacked=True,
        color=[colors[o] for o in groups],
        label=list(groups),
        rwidth=0.9,
    )
    _mark(ax, act.median_days_to_reply, f"median {act.median_days_to_reply:.1f} days")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.text(1.01, 0.7, _outcomes(table), transform=ax.transAxes, va="top", fontsize=9, color="#444444")
    outside_legend(ax, "reply")
    return fig


def _outcomes(table: pd.DataFrame) -> str:
    counts = table["outcome"].value_counts()
    lines = [f"{counts.get(o, 0)} {o}" for o in ("scheduled", "declined", "no-reply", "waiting") if counts.get(o, 0)]
    return f"{len(table)} requests:\n" + "\n".join(lines)


def thank_you_chart(act, *, title: str | None = None, ax=None) -> Figure:
    """Hours from the end of each conversation to its thank-you, against the 24-hour mark; unsent ones show the
    time gone by so far."""
    table = act.thank_you
    size = (SIZE[0], max(SIZE[1], 1.6 + 0.32 * len(table)))
    alone = ax is None
    fig, ax = new_figure(title or _thank_you_title(act), "hours after the conversation ended", "", ax=ax, size=size)
    _next_action(ax, _pointer(act, "thank_you", alone=alone))
    if table.empty:
        empty_state(ax, "no interviews held yet")
        return fig
    hours = table["hours_after"].astype(float).fillna((act.now - table["slot_end"]) / pd.Timedelta(hours=1))
    within = float((table["due"] - table["slot_end"]).iloc[0] / pd.Timedelta(hours=1))  # tracker.THANK_WITHIN
    limit = max(2 * within, min(float(hours.max()), 4 * within)) * 1.05
    y = pd.Series(range(len(table))[::-1], index=table.index)
    _thank_you_bars(ax, _thank_you_state(table), y, hours.clip(upper=limit))
    for i in table.index[(hours > limit) | table["sent"].isna()]:
        note = _thank_you_note(table.loc[i], hours[i], act.now)
        ax.text(min(hours[i], limit), y[i], f" {note}", va="center", fontsize=8.5)
    ax.set_xlim(0, limit * 1.2)
    _mark(ax, within, f"{within:.0f} h")
    labels = [f"{row.name} · {row.slot_end.day} {row.slot_end:%b}" for row in table.itertuples()]
    ax.set_yticks(y, labels, fontsize=9)
    _bar_grid(ax)
    outside_legend(ax, "thank-you")
    return fig


def _thank_you_title(act) -> str:
    """The share sent in time of those sent or past due, and those still to send: one not yet judged is still due."""
    table = act.thank_you
    if table.empty:
        return "Thank-yous: none yet (no conversation held)"
    within = (table["due"] - table["slot_end"]).iloc[0] / pd.Timedelta(hours=1)
    parts = [f"{act.thank_you_on_time:.0%} sent within {within:.0f} h"] if act.thank_you_on_time is not None else []
    waiting = table.loc[table["sent"].isna() & (table["due"] >= act.now), "due"]
    if len(waiting):
        hours = (waiting.min() - act.now) / pd.Timedelta(hours=1)
        parts.append(f"{len(waiting)} to send, {'next ' * (len(waiting) > 1)}due in {max(hours, 1):.0f} h")
    return "Thank-yous: " + "; ".join(parts)


def _thank_you_bars(ax, states: pd.Series, y: pd.Series, hours: pd.Series) -> None:
    for state, color, hatch in (
        ("on time", GOOD, None),
        ("late", LATE, None),
        ("not sent, overdue", LATE, "///"),
        ("not sent, still in time", WAITING, "///"),
    ):
        chosen = states == state
        if chosen.any():
            ax.barh(
                y[chosen],
                hours[chosen],
                height=0.6,
                color="white" if hatch else color,
                edgecolor=color,
                hatch=hatch,
                label=state,
            )


def _thank_you_note(row: pd.Series, hours: float, now: pd.Timestamp) -> str:
    if pd.isna(row["sent"]) and row["due"] >= now:
        return f"due in {(row['due'] - now) / pd.Timedelta(hours=1):.0f} h"
    took = f"{hours / 24:.0f} days" if hours >= 48 else f"{hours:.0f} h"
    return f"{took}, not sent yet" if pd.isna(row["sent"]) else took


def _thank_you_state(table: pd.DataFrame) -> pd.Series:
    sent, on_time = table["sent"].notna(), table["on_time"]
    state = pd.Series("not sent, still in time", index=table.index)
    state[~sent & on_time.eq(False).fillna(False)] = "not sent, overdue"
    state[sent & on_time.fillna(False)] = "on time"
    state[sent & ~on_time.fillna(True)] = "late"
    return state


def referral_tree_chart(act, *, title: str | None = None, ax=None) -> Figure:
    """Who led to whom, left to right from your first contacts; hollow: referred but not contacted yet."""
    table = act.referral_tree
    linked = _linked(table)
    steps = int(linked["depth"].max()) if len(linked) else 0
    leaves = max(1, int((~linked["node"].isin(linked["parent"])).sum()))
    size = (min(16, max(SIZE[0], 3.5 + 2.3 * (steps + 1))), max(SIZE[1], 1.8 + 0.36 * leaves))
    grown = f": {len(linked)} people, up to {steps} step{'s' * (steps != 1)} from a first contact" if steps else ""
    name = title or f"Referral tree{grown}"
    standalone = ax is None
    fig, ax = new_figure(name, "referral steps from a first contact", "", ax=ax, size=size)
    _next_action(ax, _pointer(act, "referrals", alone=standalone))
    if linked.empty:
        empty_state(ax, "no referrals yet")
        return fig
    y = _tree_rows(linked)
    _tree_edges(ax, linked, y)
    _tree_nodes(ax, linked, y)
    _tree_axes(ax, steps, rows=max(y.values()) + 1)
    outside_legend(ax, "person")
    alone = len(table) - len(linked)
    if alone:
        ax.text(
            1.01,
            0.72,
            f"not shown: {alone} contact{'s' * (alone != 1)}\nwith no referral link yet",
            transform=ax.transAxes,
            va="top",
            fontsize=9,
            color="#666666",
        )
    return fig


def _tree_axes(ax, steps: int, *, rows: float) -> None:
    ax.set_xticks(range(steps + 1), ["first contact", *map(str, range(1, steps + 1))])
    ax.set_xlim(-0.15, steps + 0.95)
    ax.set_ylim(rows - 0.3, -0.7)
    ax.set_yticks([])
    ax.grid(False)
    ax.spines["left"].set_visible(False)


def _linked(table: pd.DataFrame) -> pd.DataFrame:
    """The trees with at least one edge (a contact nobody referred and who referred nobody is left out)."""
    roots = table.loc[table["depth"] > 0, "root"]
    return table[table["root"].isin(roots)].reset_index(drop=True)


def _tree_rows(table: pd.DataFrame) -> dict[str, float]:
    """A row per leaf in depth-first order; a parent sits halfway between its first and last child."""
    children = table.groupby("parent")["node"].agg(list).to_dict()
    y: dict[str, float] = {}
    for node in table["node"]:
        if node not in children:
            y[node] = len(y)
    for node in table["node"][::-1]:  # children before their parent
        if node in children:
            y[node] = (y[children[node][0]] + y[children[node][-1]]) / 2
    return y


def _tree_edges(ax, table: pd.DataFrame, y: dict[str, float]) -> None:
    depth = dict(zip(table["node"], table["depth"].astype(int)))
    for node, parent, pending in zip(table["node"], table["parent"], table["pending"]):
        if pd.isna(parent):
            continue
        elbow = depth[node] - 0.25
        ax.plot(
            [depth[parent], elbow, elbow, depth[node]],
            [y[parent], y[parent], y[node], y[node]],
            color="#9a9a9a",
            linewidth=1.2,
            linestyle="--" if pending else "-",
            zorder=1,
        )


def _tree_nodes(ax, table: pd.DataFrame, y: dict[str, float]) -> None:
    two_lines = _row_inches(ax, int(max(y.values())) + 1) >= 0.3
    column = ax.get_position().width * ax.get_figure(root=True).get_figwidth() * 0.9 / (table["depth"].max() + 1.1)
    chars = max(8, int(column * 0.75 * 15))  # the room left of the next elbow, ~15 characters an inch
    for row in table.itertuples():
        pending, color = bool(row.pending), PALETTE[int(row.depth) % len(PALETTE)]
        ax.scatter(
            row.depth, y[row.node], s=55, zorder=3, color="white" if pending else color, edgecolor=color, linewidth=1.5
        )
        text = _node_label(row, two_lines, chars)
        ax.text(
            row.depth + 0.07,
            y[row.node],
            text,
            va="center",
            fontsize=8.5,
            zorder=2,
            linespacing=1.0,
            color="#666666" if pending else "#222222",
            style="italic" if pending else "normal",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
        )
    ax.scatter([], [], s=55, color="#777777", label="contact (colour: steps)")
    ax.scatter([], [], s=55, color="white", edgecolor="#777777", linewidth=1.5, label="referred, not contacted yet")


def _row_inches(ax, rows: int) -> float:
    return ax.get_position().height * ax.get_figure(root=True).get_figheight() / max(rows, 1)


def _node_label(row, two_lines: bool, chars: int) -> str:
    if pd.isna(row.name):
        where = _cut(str(row.organization), chars)
        return f"someone at\n{where}" if two_lines else _cut(f"someone at {row.organization}", chars)
    if two_lines and pd.notna(row.organization):
        return f"{_cut(row.name, chars)}\n{_cut(row.organization, chars)}"
    return _cut(row.name, chars)


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def how_known_chart(act, *, title: str = "Which contacts lead to conversations", ax=None) -> Figure:
    """Per how-known source, one bar of its contacts split into met, asked but not met and not asked yet, with the
    share met; the sources with the highest share met first."""
    alone = ax is None
    fig, ax = new_figure(title, "contacts", "", ax=ax)
    _next_action(ax, _pointer(act, "sources", alone=alone))
    table = act.sources
    if table.empty:
        empty_state(ax, "no contacts yet")
        return fig
    table = table.sort_values(["conversion", "held", "contacts", "how_known"], ascending=[False, False, False, True])
    y = list(range(len(table)))[::-1]
    met, asked, contacts = (table[c].astype(int).to_numpy() for c in ("held", "requested", "contacts"))
    left = 0
    for part, color, label in (
        (met, PALETTE[0], "met (interview held)"),
        ((asked - met).clip(min=0), "#7fa7cc", "asked, not met"),
        ((contacts - asked).clip(min=0), "#d5dfea", "not asked yet"),
    ):
        ax.barh(y, part, left=left, height=0.6, color=color, label=label)
        left = left + part
    for row, at in zip(table.itertuples(), y):
        ax.text(row.contacts, at, f"  {row.held} of {row.contacts} met ({row.conversion:.0%})", va="center", fontsize=9)
    ax.set_yticks(y, table["how_known"].tolist())
    ax.set_xlim(0, table["contacts"].max() * 1.45)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _bar_grid(ax)
    outside_legend(ax, "contacts")
    return fig


def activity_dashboard(act, *, title: str = "Search activity") -> Figure:
    """Six panels on one page, under the next actions: activity per period, funnel, replies, thank-yous, sources
    and the referral tree."""
    fig = Figure(figsize=(18, 19), layout="constrained")
    fig.suptitle(f"{title}, {act.now.day} {act.now:%b %Y}", x=0.01, ha="left", fontsize=15, fontweight="bold")
    top, *rows = fig.subfigures(4, 1, height_ratios=[1.2, 5, 5, 6.5])  # type: ignore[misc]
    lines = "\n".join(f"•  {text}" for text in act.next_actions[:4])
    top.text(0.01, 1, f"Next actions\n{lines}", ha="left", va="top", fontsize=11, color=ACTION_COLOR, linespacing=1.5)
    charts = ((activity_chart, funnel_chart), (response_chart, thank_you_chart), (how_known_chart, referral_tree_chart))
    for row, pair, widths in zip(rows, charts, ([1, 1], [1, 1], [1, 1.7])):
        for ax, chart in zip(row.subplots(1, 2, width_ratios=widths), pair):
            chart(act, ax=ax)
    return fig


# Which companies to contact now (from `iiwork.search.network.targets`)

RISING, FALLING = "#3a9d5d", "#c44e52"
PRIOR_COLOR = "#c9c9c9"
PEOPLE_COLOR = "#3a9d5d"
ACTION_CHARS = 52


def targets_chart(table: pd.DataFrame, *, title: str = "Companies to contact now, first at the top") -> Figure:
    """Per followed company, in the targets table's order (first at the top): its dated articles in the last 30
    days against the 30 before with the change, and the people you know there (and referrals still to reach)
    beside the next action."""
    rows = len(table)
    fig = Figure(figsize=(13, max(3.6, 2.2 + 0.62 * rows)), layout="constrained")
    fig.suptitle(title, x=0.01, ha="left", fontsize=14, fontweight="bold")
    news, people = fig.subplots(1, 2, sharey=True, width_ratios=[1, 1.45])
    new_figure("News momentum", "dated articles about the company", "", ax=news)
    new_figure("People you know there, and the next action", "people", "", ax=people)
    if table.empty:
        empty_state(news, "no companies followed yet")
        empty_state(people, "follow a company first (company add)")
        return fig
    y = list(range(rows))[::-1]
    _momentum_bars(news, table, y)
    _people_bars(people, table, y)
    _target_actions(people, table, y)
    news.set_yticks(y, [f"{i}. {name}" for i, name in enumerate(table["company"], start=1)])
    news.set_ylim(-0.6, rows - 0.4)
    if news.get_legend_handles_labels()[0] or people.get_legend_handles_labels()[0]:
        fig.legend(loc="outside lower left", ncols=4, frameon=False)
    return fig


def _momentum_bars(ax, table: pd.DataFrame, y: list[int]) -> None:
    """The last 30 days' articles over the 30 days before's, with the change at the end of the pair."""
    recent, prior = table["articles_30d"].astype(int), table["articles_prior_30d"].astype(int)
    top = [at + 0.19 for at in y]
    ax.barh(top, recent, height=0.36, color=PALETTE[0], label="articles, last 30 days")
    ax.barh([at - 0.19 for at in y], prior, height=0.36, color=PRIOR_COLOR, label="articles, the 30 days before")
    for at, change, end in zip(y, table["momentum"].astype(int), [max(r, p) for r, p in zip(recent, prior)]):
        sign, color = ("+", RISING) if change > 0 else ("−", FALLING) if change < 0 else ("±", NOTE_COLOR)
        ax.text(end, at, f"  {sign}{abs(change)}", va="center", fontsize=10, fontweight="bold", color=color)
    ax.set_xlim(0, max(1, int(max(recent.max(), prior.max()))) * 1.25)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _bar_grid(ax)


def _people_bars(ax, table: pd.DataFrame, y: list[int]) -> None:
    """Contacts there, then referrals there not reached yet (hollow), in the left third of the panel."""
    known, pending = table["people"].astype(int), table["referrals_pending"].astype(int)
    ax.barh(y, known, height=0.5, color=PEOPLE_COLOR, label="people you know there")
    ax.barh(
        y,
        pending,
        left=known,
        height=0.5,
        color="white",
        edgecolor=PEOPLE_COLOR,
        hatch="///",
        label="referred to, not reached yet",
    )
    most = max(1, int((known + pending).max()))
    ax.set_xlim(0, most / 0.3)  # the bars take the left 30%; the next actions the rest
    ax.set_xticks(range(most + 1))
    ax.spines["bottom"].set_bounds(0, most)
    ax.xaxis.set_label_coords(0.15, -0.08)
    ax.grid(axis="y", visible=False)
    for at, count in zip(y, known + pending):
        ax.text(count, at, f" {count}", va="center", fontsize=9, color="#333333")


def _target_actions(ax, table: pd.DataFrame, y: list[int]) -> None:
    """Each company's next action (wrapped to two lines at most), in a column right of the people bars, with why
    it ranks where it does under it."""
    import textwrap

    where = ax.get_yaxis_transform()  # x in axes fractions, y in rows
    for at, action, reason in zip(y, table["next_action"], table["reason"]):
        lines = textwrap.wrap(f"Next: {action}", width=ACTION_CHARS, max_lines=2, placeholder="…")
        ax.text(0.34, at + 0.08, "\n".join(lines), transform=where, va="bottom", fontsize=9.5, color=ACTION_COLOR)
        ax.text(0.34, at - 0.04, str(reason), transform=where, va="top", fontsize=8, color=NOTE_COLOR)
