"""ipywidgets forms for the search tracker (contacts, interviews, referrals, follow-ups done) over a follow-ups table."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import ipywidgets as widgets
import pandas as pd

from .errors import IiworkError, InvalidInput
from .render import escape, render_template
from .search.rules import CONTACT_FIELDS, FORMATS, HOW_KNOWN, PURPOSES, STATUSES
from .times import local_text, utc_now

if TYPE_CHECKING:
    from .workbook import Workbook

__all__ = [
    "Form",
    "contact_form",
    "followup_form",
    "followups_html",
    "interview_form",
    "referral_form",
    "tracker_panel",
]

Options = list[tuple[str, object]]
W = TypeVar("W", bound=widgets.DOMWidget)
RED, GREEN = "#b3261e", "#1b6e35"
NONE: Options = [("", None)]
# A refusal names the column at fault (`InvalidInput.field`); these columns have inputs of another name.
FIELD_INPUTS = {"contact_id": "contact", "scheduled": "when"}
STYLE = (
    ".iiwork-invalid input, .iiwork-invalid textarea, .iiwork-invalid select "
    f"{{border: 1px solid {RED} !important; box-shadow: 0 0 0 1px {RED}}}"
)
LABEL = {"description_width": "10rem"}
WIDTH, INDENT = "34rem", "2px 0 4px 10.5rem"  # INDENT lines a widget without a label up with the inputs


class Form(widgets.VBox):
    """A form over one Workbook call: its inputs, a save button and a message area.

    `save(form)` makes the call and returns the message to show; an IiworkError it raises is shown inline, the
    field it names is highlighted and what was typed stays. After a save the form is cleared and its dropdowns
    reloaded (`choices`: field -> function giving the options), then `on_save()` runs.
    """

    def __init__(
        self,
        name: str,
        fields: dict[str, widgets.ValueWidget],
        save: Callable[[Form], str],
        *,
        button: str,
        choices: dict[str, Callable[[], Options]] | None = None,
        on_save: Callable[[], None] | None = None,
    ) -> None:
        self.name, self.fields, self._save, self.choices, self.on_save = name, fields, save, choices or {}, on_save
        self.defaults = {field: widget.value for field, widget in fields.items()}
        self.button = _classed(widgets.Button(description=button, button_style="primary"), f"iiwork-{name}-save")
        self.message = _classed(widgets.HTML(), f"iiwork-{name}-message")
        self.inputs = widgets.VBox(list(fields.values()))
        style = widgets.HTML(f"<style>{STYLE}</style>", layout=widgets.Layout(display="none"))
        super().__init__([style, self.inputs, widgets.HBox([self.button, self.message])])
        self.button.on_click(self.submit)
        self.refresh()

    def submit(self, _button: object = None) -> None:
        """Save what is in the form (the button's handler)."""
        for widget in self.fields.values():
            widget.remove_class("iiwork-invalid")
        try:
            done = self._save(self)
        except IiworkError as error:
            self.message.value = _note(str(error), color=RED)
            self._mark(getattr(error, "field", None))
            return
        self.clear()
        self.refresh()
        self.message.value = _note(done, color=GREEN)
        if self.on_save is not None:
            self.on_save()

    def values(self, names: Iterable[str]) -> dict[str, Any]:
        """The named fields as keyword arguments: text stripped, an empty text or choice is None."""
        return {name: _argument(self.fields[name].value) for name in names}

    def clear(self) -> None:
        for field, value in self.defaults.items():
            self.fields[field].value = value

    def refresh(self) -> None:
        """Reload the dropdowns' options, keeping each one's choice while it is still offered."""
        for field, options in self.choices.items():
            _offer(self.fields[field], options())

    def _mark(self, field: str | None) -> None:
        name = field if field in self.fields else FIELD_INPUTS.get(field or "")
        if name in self.fields:
            self.fields[name].add_class("iiwork-invalid")


def _classed(widget: W, name: str) -> W:
    widget.add_class(name)
    return widget


def _note(text: str, *, color: str) -> str:
    return f'<span style="color: {color}; font-weight: 600">{escape(text)}</span>'


def _argument(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    return value


def _offer(dropdown: widgets.Dropdown, options: Options) -> None:
    chosen = dropdown.value
    dropdown.options = options
    if any(value == chosen for _, value in options):
        dropdown.value = chosen


def _chosen(value: object, field: str, *, label: str | None = None) -> Any:
    """A required dropdown: nothing chosen is bad input (the tracker would not be asked)."""
    if value is None:
        raise InvalidInput(f"{label or field}: choose one from the list", field=field)
    return value


# Inputs, each with the CSS class iiwork-{form}-{field} a browser can find it by.


def _text(
    form: str, field: str, label: str, *, placeholder: str = "", area: bool = False
) -> widgets.Text | widgets.Textarea:
    kind = widgets.Textarea if area else widgets.Text
    widget = kind(description=label, placeholder=placeholder, style=LABEL, layout=widgets.Layout(width=WIDTH))
    return _classed(widget, f"iiwork-{form}-{field}")


def _choice(form: str, field: str, label: str, options: Options, *, value: object = None) -> widgets.Dropdown:
    widget = widgets.Dropdown(
        description=label, options=options, value=value, style=LABEL, layout=widgets.Layout(width=WIDTH)
    )
    return _classed(widget, f"iiwork-{form}-{field}")


def _check(form: str, field: str, label: str) -> widgets.Checkbox:
    widget = widgets.Checkbox(description=label, indent=False, layout=widgets.Layout(width=WIDTH, margin=INDENT))
    return _classed(widget, f"iiwork-{form}-{field}")


def _named(values: Sequence[str]) -> Options:
    return NONE + [(value, value) for value in values]


# What the dropdowns offer, read from the workbook.


def _contacts(wb: Workbook) -> Options:
    df = wb.contacts()
    return NONE + [(_contact_label(row), int(row.contact_id)) for row in df.itertuples()]


def _contact_label(row) -> str:
    where = f" ({row.organization})" if not pd.isna(row.organization) else ""
    return f"#{row.contact_id} {row.name}{where}"


def _interviews(wb: Workbook) -> Options:
    df = wb.interviews()
    names = _names(wb)
    return NONE + [
        (f"#{row.interview_id} {names.get(row.contact_id, '')} — {row.status}", int(row.interview_id))
        for row in df.itertuples()
    ]


def _open_followups(wb: Workbook) -> Options:
    return NONE + [
        (f"{_local(row.due)} · {row.kind} · {_plain(row.contact)}", int(row.followup_id))
        for row in wb.followups(with_contact=True).itertuples()
    ]


def _names(wb: Workbook) -> dict[int, str]:
    df = wb.contacts()
    return dict(zip(df["contact_id"].tolist(), df["name"].tolist()))


def _local(when: pd.Timestamp) -> str:
    """A UTC time as the local time the forms take ("2026-11-19 15:30")."""
    return local_text(when.to_pydatetime())


# The forms.

ADD_FIELDS = ("contact", "when", "status", "format", "minutes", "purpose", "goal")
UPDATE_FIELDS = ("interview_id", "status", "when", "notes", "confidential_notes", "learnings", "feedback")
REFERRAL_FIELDS = ("from_contact", "to_name", "to_organization", "can_use_name", "will_introduce")
WHEN_HINT = "YYYY-MM-DD HH:MM, local time (or with a zone)"


def contact_form(wb: Workbook, *, on_save: Callable[[], None] | None = None) -> Form:
    """Add a contact: Workbook.add_contact's fields."""
    fields = {
        "name": _text("contact", "name", "Name"),
        "role": _text("contact", "role", "Role"),
        "organization": _text("contact", "organization", "Organization"),
        "industry": _text("contact", "industry", "Industry"),
        "email": _text("contact", "email", "E-mail", placeholder="name@example.org"),
        "url": _text("contact", "url", "Web page", placeholder="https://"),
        "how_known": _choice("contact", "how_known", "How known", _named(HOW_KNOWN)),
        "referred_by": _choice("contact", "referred_by", "Referred by", NONE),
        "can_use_name": _check("contact", "can_use_name", "May use their name when reaching out"),
        "tags": _text("contact", "tags", "Tags", placeholder="comma-separated"),
        "notes": _text("contact", "notes", "Notes", area=True),
    }
    return Form(
        "contact",
        fields,
        lambda form: _save_contact(wb, form),
        button="Save contact",
        choices={"referred_by": lambda: _contacts(wb)},
        on_save=on_save,
    )


def _save_contact(wb: Workbook, form: Form) -> str:
    return f"Saved contact #{wb.add_contact(**form.values(CONTACT_FIELDS))}"


def interview_form(wb: Workbook, *, on_save: Callable[[], None] | None = None) -> Form:
    """Log an interview (add) or change one (update: status, time, notes)."""
    fields = {
        "mode": _classed(
            widgets.ToggleButtons(
                options=[("Log new", "add"), ("Update", "update")],
                value="add",
                style={"button_width": "8rem"},
                layout=widgets.Layout(margin=INDENT),
            ),
            "iiwork-interview-mode",
        ),
        "contact": _choice("interview", "contact", "Contact", NONE),
        "interview_id": _classed(_choice("interview", "interview_id", "Interview", NONE), "iiwork-interview-interview"),
        "status": _choice("interview", "status", "Status", _named(STATUSES)),
        "when": _text("interview", "when", "When", placeholder=WHEN_HINT),
        "format": _choice("interview", "format", "Format", _named(FORMATS)),
        "minutes": _text("interview", "minutes", "Minutes", placeholder="30"),
        "purpose": _choice("interview", "purpose", "Purpose", _named(PURPOSES)[1:], value="information"),
        "goal": _text("interview", "goal", "Goal", area=True),
        "notes": _text("interview", "notes", "Notes", area=True, placeholder="added to the notes, dated"),
        "confidential_notes": _text(
            "interview", "confidential_notes", "Confidential notes", area=True, placeholder="kept in the workspace only"
        ),
        "learnings": _text("interview", "learnings", "Learnings", area=True),
        "feedback": _text("interview", "feedback", "Feedback", area=True),
    }
    choices = {"contact": lambda: _contacts(wb), "interview_id": lambda: _interviews(wb)}
    form = Form(
        "interview",
        fields,
        lambda form: _save_interview(wb, form),
        button="Save interview",
        choices=choices,
        on_save=on_save,
    )
    del form.defaults["mode"]  # a save clears the fields, not the mode
    fields["mode"].observe(lambda _: _show_mode(form), names="value")
    _show_mode(form)
    return form


def _show_mode(form: Form) -> None:
    shown = ADD_FIELDS if form.fields["mode"].value == "add" else UPDATE_FIELDS
    form.inputs.children = [form.fields["mode"], *(form.fields[name] for name in shown)]
    form.message.value = ""


def _save_interview(wb: Workbook, form: Form) -> str:
    if form.fields["mode"].value == "add":
        values = form.values(ADD_FIELDS)
        _chosen(values["contact"], "contact")
        return f"Saved interview #{wb.add_interview(**values)}"
    values = form.values(UPDATE_FIELDS)
    interview_id = _chosen(values.pop("interview_id"), "interview_id", label="interview")
    if all(value is None for value in values.values()):
        raise InvalidInput("status: nothing to change: choose a status or fill in a field", field="status")
    wb.update_interview(interview_id, **values)
    return f"Updated interview #{interview_id}"


def referral_form(wb: Workbook, *, on_save: Callable[[], None] | None = None) -> Form:
    """Record a referral: who pointed you to whom, and whether they will introduce you."""
    fields = {
        "from_contact": _choice("referral", "from_contact", "From", NONE),
        "to_name": _text("referral", "to_name", "To (person)"),
        "to_organization": _text("referral", "to_organization", "To (organisation)"),
        "can_use_name": _check("referral", "can_use_name", "May use the referrer's name"),
        "will_introduce": _check("referral", "will_introduce", "Will introduce you (check in after 7 days)"),
    }
    return Form(
        "referral",
        fields,
        lambda form: _save_referral(wb, form),
        button="Save referral",
        choices={"from_contact": lambda: _contacts(wb)},
        on_save=on_save,
    )


def _save_referral(wb: Workbook, form: Form) -> str:
    values = form.values(REFERRAL_FIELDS)
    _chosen(values["from_contact"], "from_contact", label="from")
    return f"Saved referral #{wb.add_referral(**values)}"


def followup_form(wb: Workbook, *, on_save: Callable[[], None] | None = None) -> Form:
    """Mark an open follow-up done (a thank-you marks its interview 'thanked')."""
    field = _choice("followup", "followup_id", "Follow-up", NONE, value=None)
    fields = {"followup_id": _classed(field, "iiwork-followup-followup")}
    return Form(
        "followup",
        fields,
        lambda form: _save_followup(wb, form),
        button="Mark done",
        choices={"followup_id": lambda: _open_followups(wb)},
        on_save=on_save,
    )


def _save_followup(wb: Workbook, form: Form) -> str:
    followup_id = _chosen(form.fields["followup_id"].value, "followup_id", label="followup")
    label = form.fields["followup_id"].label
    wb.followup_done(followup_id)
    return f"Done: {label}"


# The follow-ups-due table and the panel.


def followups_html(wb: Workbook, *, now: datetime | None = None) -> str:
    """Open follow-ups as an HTML table (due in local time, kind, contact, note), overdue rows highlighted."""
    df, when = wb.followups(with_contact=True), pd.Timestamp(now or utc_now())
    rows = [
        {
            "due": _local(row.due),
            "kind": row.kind,
            "contact": _plain(row.contact),
            "note": _plain(row.note),
            "overdue": bool(row.due < when),
        }
        for row in df.itertuples()
    ]
    context = {"rows": rows, "overdue": sum(row["overdue"] for row in rows), "red": RED}
    return render_template("widgets/followups.html.j2", context, workspace=wb.path, html=True)


def _plain(value: object) -> str:
    return "" if value is None or value is pd.NA or value != value else str(value)


def tracker_panel(wb: Workbook) -> widgets.VBox:
    """The whole panel: tabs with the four forms above the follow-ups-due table, which every save refreshes."""
    table = _classed(widgets.HTML(followups_html(wb)), "iiwork-followups")
    forms: list[Form] = []

    def saved() -> None:
        table.value = followups_html(wb)
        for form in forms:
            form.refresh()

    forms += [build(wb, on_save=saved) for build in (contact_form, interview_form, referral_form, followup_form)]
    tabs = widgets.Tab(children=forms, titles=["Contact", "Interview", "Referral", "Follow-up done"])
    return _classed(widgets.VBox([tabs, table]), "iiwork-tracker")
