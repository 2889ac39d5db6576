"""Tables to and from CSV (lossless, all-or-nothing imports), LinkedIn's connections export, the dated work-search log,
and backups.

The CSV format, written and read back exactly: UTF-8 (a byte-order mark from a spreadsheet is accepted), a header
of the table's column names, one row per record ordered by id, empty cells for missing values, times as ISO 8601
UTC (`2026-11-16T09:00:00Z`, microseconds only when there are some), booleans as `true` / `false`, whole numbers as
digits. Files are written to a temporary file beside the target and moved into place, so a failed write never
leaves half a file (the file is readable by its owner only: it holds contacts' details).
"""

from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InvalidInput, WorkspaceError
from ..queries import EXPORTABLE, KEYS, read_table
from ..tables import STR, TRACKER_TABLES, UTC, frame
from ..times import iso, local_day, parse_user_time, utc_now
from ..workspace import Workspace, output_path, write_atomically
from . import rules
from .tracker import insert_row, record_stage, sync_followups

REQUIRED = {
    "contacts": ("name",),
    "interviews": ("contact_id",),
    "interview_status": ("interview_id", "status", "at"),
    "referrals": ("from_contact",),
    "followups": ("kind", "due"),
    "interview_questions": ("interview_id", "question"),
}
TRUE, FALSE = ("true", "yes", "y", "1"), ("false", "no", "n", "0")
OUTCOMES = {
    "requested": "request sent",
    "scheduled": "interview scheduled",
    "held": "interview held",
    "thanked": "thank-you sent",
    "declined": "declined",
    "no-reply": "no reply",
    "followed-up": "follow-up sent",
}
WORK_SEARCH_LOG = {"date": STR, "organization": STR, "person": STR, "method": STR, "outcome": STR}

# Outreach events: every stage change but 'identified' (a held interview is dated when it was held), and each
# request reminder the user marked sent. A reminder the rules closed because the contact replied is done at the
# time of that reply, which is in the interview's history; one marked sent is done at another time.
LOG_EVENTS = """
SELECT CASE WHEN s.status = 'held' THEN coalesce(i.held, s.at) ELSE s.at END AS at, s.status AS step,
       i.format, c.name, c.organization, c.email
FROM interview_status s JOIN interviews i ON i.interview_id = s.interview_id JOIN contacts c ON c.contact_id = i.contact_id
WHERE s.status != 'identified'
UNION ALL
SELECT f.done, 'followed-up', NULL, c.name, c.organization, c.email
FROM followups f JOIN contacts c ON c.contact_id = f.contact_id
WHERE f.kind = 'request reminder' AND f.done IS NOT NULL
  AND f.done NOT IN (SELECT at FROM interview_status WHERE interview_id = f.interview_id)
ORDER BY at
"""
LOG_SOURCE = {"at": UTC, "step": STR, "format": STR, "name": STR, "organization": STR, "email": STR}


# Export


def export_csv(ws: Workspace, table: str, path: str | os.PathLike, *, confidential: bool = False) -> int:
    """Write one table (a tracker table or `articles`) to CSV at `path`; returns the number of rows.

    `interviews` leaves out `confidential_notes` unless `confidential=True`.
    """
    df = read_table(ws, table)
    if table == "interviews" and not confidential:
        df = df.drop(columns=["confidential_notes"])
    return write_csv(df, path)


def write_csv(df: pd.DataFrame, path: str | os.PathLike) -> int:
    """Write a DataFrame as CSV in the format above, atomically; returns the number of rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(df.columns)
    writer.writerows([_cell(value) for value in row] for row in df.itertuples(index=False))
    data = buffer.getvalue().encode("utf-8")
    write_atomically(output_path(path), lambda partial: partial.write_bytes(data))
    return len(df)


def _cell(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.tz_convert("UTC").isoformat().replace("+00:00", "Z")
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    return str(value)


# Import


def import_csv(
    ws: Workspace, table: str, path: str | os.PathLike, *, mapping: Mapping[str, str | None] | None = None
) -> int:
    """Import the rows of a CSV file into a tracker table, all or nothing; returns the number of rows imported.

    Every row is checked with the tracker's rules (non-empty name, e-mail and http(s) URL formats, choices,
    duplicate contacts by e-mail or name + organisation, also within the file, ids it refers to, ISO 8601 dates,
    no held interview in the future). The first bad row raises `InvalidInput("row 7: email: ...")`, counting rows
    as a spreadsheet does (the header is row 1), and nothing is written.

    `mapping` renames the file's columns to the table's ({"Full name": "name"}); map a column to None to leave it
    out. Other columns the table does not have are an error. Booleans read true/false, yes/no, y/n, 1/0 in any case;
    choices any case.

    A row that carries its id is restored as it was, with that id (an id already in the workspace is an error);
    a row without one is added as the tracker would add it: a new id, `created` now unless given, a first history
    entry for an interview, a check-in date for a promised introduction, `added` now for a question. Import a full
    export into a fresh workspace in the order contacts, interviews, interview_status, referrals, followups,
    interview_questions to get it back exactly.
    Importing follow-ups replaces what the workspace holds for the same occasions (kind + interview or referral):
    the rows in the file are the record of what was due and done. The follow-up rules run after every import.
    """
    if table not in TRACKER_TABLES:
        if table not in EXPORTABLE:
            message = f"table: expected one of {', '.join(EXPORTABLE)}, got {table!r}"
        else:
            message = f"table: {table} can be exported but not imported (gather the articles again)"
        raise InvalidInput(message, field="table")
    header, rows = _read_csv(Path(path).expanduser())
    columns = _columns(header, table, mapping or {})
    parsed = [(number, _parse_row(table, dict(zip(columns, cells)))) for number, cells in rows]
    now = utc_now()
    with ws.transaction() as conn:
        if table == "followups":
            _clear_occasions(conn, [record for _, record in parsed if isinstance(record, dict)])
        for number, record in parsed:
            try:
                if isinstance(record, InvalidInput):
                    raise record
                WRITERS[table](conn, record, now)
            except (InvalidInput, sqlite3.IntegrityError) as error:
                raise InvalidInput(f"row {number}: {error}", field=getattr(error, "field", None)) from None
        sync_followups(conn, now=now)
    return len(parsed)


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-blank rows, each with its row number as a spreadsheet shows it."""
    records = _records(path)
    if not records or not any(cell.strip() for cell in records[0]):
        raise InvalidInput(f"path: {path} has no header row")
    header = [name.strip() for name in records[0]]
    rows = [(number, cells) for number, cells in enumerate(records[1:], start=2) if any(c.strip() for c in cells)]
    for number, cells in rows:
        if len(cells) > len(header):
            raise InvalidInput(f"row {number}: {len(cells)} cells but the header has {len(header)} columns")
    return header, rows


def _records(path: Path) -> list[list[str]]:
    """Every record of a UTF-8 CSV file (a byte-order mark accepted), blank lines as empty records."""
    try:
        text = path.read_bytes().decode("utf-8-sig")  # newlines inside cells kept as they are
        return list(csv.reader(io.StringIO(text, newline="")))
    except FileNotFoundError:
        raise InvalidInput(f"path: no file {path}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"path: {path} is not UTF-8 text (save it as CSV UTF-8)") from None
    except (OSError, csv.Error) as error:
        raise InvalidInput(f"path: cannot read {path}: {error}") from None


def _columns(header: list[str], table: str, mapping: Mapping[str, str | None]) -> list[str | None]:
    """The table column of each file column (None: left out), after `mapping`."""
    allowed = TRACKER_TABLES[table]
    for theirs, ours in mapping.items():
        if theirs not in header:
            raise InvalidInput(f"mapping: the file has no column {theirs!r}")
        if ours and ours not in allowed:
            raise InvalidInput(f"mapping: {ours!r} is not a column of {table} ({', '.join(allowed)})")
    columns = [mapping[name] or None if name in mapping else name for name in header]
    unknown = [name for name in columns if name is not None and name not in allowed]
    if unknown:
        raise InvalidInput(
            f"columns: {', '.join(map(repr, unknown))} not in {table} ({', '.join(allowed)}); "
            "map them to a column, or to None to leave them out"
        )
    twice = sorted({name for name in columns if name is not None and columns.count(name) > 1})
    if twice:
        raise InvalidInput(f"columns: {', '.join(map(repr, twice))} given more than once")
    missing = [name for name in REQUIRED[table] if name not in columns]
    if missing:
        raise InvalidInput(f"columns: {table} needs a column {', '.join(map(repr, missing))}")
    return columns


def _parse_row(table: str, cells: Mapping[str | None, str]) -> dict | InvalidInput:
    """A row's values typed and checked on their own (the checks that need the workspace come when it is written);
    a bad value is returned, to be raised in row order."""
    try:
        record = {name: CONVERT[dtype](_blank(cells.get(name)), name) for name, dtype in TRACKER_TABLES[table].items()}
        for name in REQUIRED[table]:
            if record[name] is None:
                raise InvalidInput(f"{name}: must not be empty", field=name)
        return record
    except InvalidInput as error:
        return error


def _blank(cell: str | None) -> str | None:
    return None if cell is None or not cell.strip() else cell.strip()


def _text_cell(value: str | None, field: str) -> str | None:
    if field in rules.CHOICES and value is not None:  # a spreadsheet's "LinkedIn" or "Social media" reads too
        allowed = rules.CHOICES[field]
        value = value.lower() if value.lower() in allowed else "-".join(value.lower().split())
        return rules.choice(value, allowed, field=field)
    return rules.text(value, field=field)


def _whole(value: str | None, field: str) -> int | None:
    try:
        found = None if value is None else int(value)
    except ValueError:
        raise InvalidInput(f"{field}: expected a whole number, got {value!r}", field=field) from None
    if found is not None and not -(2**63) <= found < 2**63:
        raise InvalidInput(f"{field}: {value} is out of range", field=field)
    return found


def _flag(value: str | None, field: str) -> bool | None:
    if value is None:
        return None
    if value.lower() in TRUE + FALSE:
        return value.lower() in TRUE
    raise InvalidInput(f"{field}: expected true/false, yes/no or 1/0, got {value!r}")


def _time(value: str | None, field: str) -> str | None:
    return None if value is None else iso(parse_user_time(value, field=field))


CONVERT = {STR: _text_cell, "Int64": _whole, "boolean": _flag, UTC: _time}


def _unused(conn: sqlite3.Connection, table: str, record: Mapping) -> None:
    key = KEYS[table]
    if record[key] is not None and conn.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", (record[key],)).fetchone():
        raise InvalidInput(
            f"{key}: {record[key]} is already in the workspace (leave {key} empty to add the row as new)"
        )


def _write_contact(conn: sqlite3.Connection, record: dict, now: datetime) -> None:
    _unused(conn, "contacts", record)
    rules.email_address(record["email"])
    rules.web_address(record["url"])
    rules.existing_id(conn, "contacts", "contact_id", record["referred_by"], field="referred_by")
    new = record["contact_id"] is None
    record["created"] = record["created"] or iso(now)
    if new and record["can_use_name"] and record["name_granted"] is None:
        record["name_granted"] = record["created"]
    record["can_use_name"] = int(bool(record["can_use_name"]))
    rules.check_new_contact(conn, record)
    insert_row(conn, "contacts", record)


def _write_interview(conn: sqlite3.Connection, record: dict, now: datetime) -> None:
    _unused(conn, "interviews", record)
    rules.existing_id(conn, "contacts", "contact_id", record["contact_id"], field="contact_id")
    scheduled = parse_user_time(record["scheduled"], field="scheduled") if record["scheduled"] else None
    status = record["status"] = record["status"] or ("scheduled" if scheduled else "identified")
    if status in ("held", "thanked") and scheduled is None:
        raise InvalidInput(f"scheduled: a {status} interview needs the date and time it was held")
    rules.check_stage_time(status, scheduled, now)
    rules.minutes(record["minutes"])
    record["purpose"] = record["purpose"] or "information"
    new = record["interview_id"] is None
    record["created"] = record["created"] or iso(now)
    if new and status in ("held", "thanked"):
        record["held"] = record["held"] or record["scheduled"]
    interview_id = insert_row(conn, "interviews", record)
    if new:
        record_stage(conn, interview_id, status, parse_user_time(record["created"], field="created"))


def _write_status(conn: sqlite3.Connection, record: dict, now: datetime) -> None:
    rules.existing_id(conn, "interviews", "interview_id", record["interview_id"], field="interview_id")
    if record["status"] in ("held", "thanked"):
        _not_before_slot(conn, record["interview_id"], record["at"], f"at: {record['status']}")
    found = (record["interview_id"], record["status"], record["at"])
    if conn.execute(
        "SELECT 1 FROM interview_status WHERE interview_id = ? AND status = ? AND at = ?", found
    ).fetchone():
        raise InvalidInput(f"at: interview {record['interview_id']} already has {record['status']} at {record['at']}")
    insert_row(conn, "interview_status", record)


def _write_referral(conn: sqlite3.Connection, record: dict, now: datetime) -> None:
    _unused(conn, "referrals", record)
    rules.existing_id(conn, "contacts", "contact_id", record["from_contact"], field="from_contact")
    rules.existing_id(conn, "contacts", "contact_id", record["to_contact"], field="to_contact")
    rules.check_referral_link(conn, record["from_contact"], record["to_contact"])
    if record["to_name"] is None and record["to_organization"] is None and record["to_contact"] is None:
        raise InvalidInput("to_name: give the person or the organisation referred to")
    new = record["referral_id"] is None
    record["created"] = record["created"] or iso(now)
    if new and record["will_introduce"] and record["check_in"] is None:
        record["check_in"] = iso(
            parse_user_time(record["created"], field="created") + timedelta(days=rules.CHECK_IN_DAYS)
        )
    record["can_use_name"], record["will_introduce"] = (
        int(bool(record["can_use_name"])),
        int(bool(record["will_introduce"])),
    )
    insert_row(conn, "referrals", record)


def _write_followup(conn: sqlite3.Connection, record: dict, now: datetime) -> None:
    _unused(conn, "followups", record)
    rules.existing_id(conn, "interviews", "interview_id", record["interview_id"], field="interview_id")
    rules.existing_id(conn, "referrals", "referral_id", record["referral_id"], field="referral_id")
    rules.existing_id(conn, "contacts", "contact_id", record["contact_id"], field="contact_id")
    if record["kind"] == "thank-you" and record["done"] is not None:
        _not_before_slot(conn, record["interview_id"], record["done"], "done: a thank-you")
    insert_row(conn, "followups", record)


def _write_question(conn: sqlite3.Connection, record: dict, now: datetime) -> None:
    rules.existing_id(conn, "interviews", "interview_id", record["interview_id"], field="interview_id")
    record["question"] = rules.question(record["question"], field="question")  # one line, as the tracker stores it
    found = (record["interview_id"], record["question"])
    if conn.execute("SELECT 1 FROM interview_questions WHERE interview_id = ? AND question = ?", found).fetchone():
        raise InvalidInput(f"question: interview {record['interview_id']} already has this question", field="question")
    record["added"] = record["added"] or iso(now)
    insert_row(conn, "interview_questions", record)


def _not_before_slot(conn: sqlite3.Connection, interview_id: int | None, at: str, what: str) -> None:
    """Refuse a record of something after an interview (held, thanked) dated before the interview's time."""
    row = conn.execute("SELECT scheduled FROM interviews WHERE interview_id = ?", (interview_id,)).fetchone()
    if row is None or row[0] is None:
        raise InvalidInput(f"{what.split(':')[0]}: needs an interview with a date and time")
    if at < row[0]:
        raise InvalidInput(f"{what} at {at} is before interview {interview_id} ({row[0]})")


def _clear_occasions(conn: sqlite3.Connection, records: Iterable[Mapping]) -> None:
    """Remove the follow-ups of the occasions the file records (typically those the rules just made)."""
    occasions = {(r["kind"], r["interview_id"], r["referral_id"]) for r in records}
    conn.executemany("DELETE FROM followups WHERE kind = ? AND interview_id IS ? AND referral_id IS ?", occasions)


WRITERS = {
    "contacts": _write_contact,
    "interviews": _write_interview,
    "interview_status": _write_status,
    "referrals": _write_referral,
    "followups": _write_followup,
    "interview_questions": _write_question,
}


# LinkedIn connections

LINKEDIN_COLUMNS = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
LINKEDIN_OPTIONAL = ("URL",)  # exports made before 2020 have no profile address
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_CONNECTED_ON = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4}|\d{2})")  # 01 Dec 2026, 1-Dec-26 (Excel)


def import_linkedin(ws: Workspace, path: str | os.PathLike, *, now: datetime | None = None) -> dict[str, int]:
    """Add the people of LinkedIn's `Connections.csv` export as contacts, all or nothing; returns the counts
    `{"added": 3, "existing": 5}`.

    The notes LinkedIn writes above the header are skipped. Each row becomes a contact: name = First Name + Last
    Name, organization = Company, role = Position, email = Email Address (often blank), url = the profile URL,
    how_known = linkedin, notes = "LinkedIn: connected 2026-12-01". A person already among the contacts (the same
    e-mail, else the same name and organisation: the tracker's duplicate rule), or listed again in the file, is
    counted as existing and left as it is, so importing the same file again adds nothing. The first bad row (no
    name, a malformed e-mail or URL, a Connected On that is not a date like 01 Dec 2026) raises
    `InvalidInput("row 12: email: ...")`, counting rows as a spreadsheet does, the notes above the header
    included, and nothing is written.
    """
    path = Path(path).expanduser()
    records = _records(path)
    header_row, index = _linkedin_header(records, path)
    width = len(records[header_row - 1])
    parsed = []
    for number, cells in enumerate(records[header_row:], start=header_row + 1):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > width:
            raise InvalidInput(f"row {number}: {len(cells)} cells but the header has {width} columns")
        try:
            parsed.append((number, _linkedin_contact(cells, index)))
        except InvalidInput as error:
            raise InvalidInput(f"row {number}: {error}", field=error.field) from None
    created = iso(now or utc_now())
    added = existing = 0
    with ws.transaction() as conn:
        for number, record in parsed:
            try:
                rules.check_new_contact(conn, record)
            except InvalidInput:  # the same e-mail, or the same name and organisation
                existing += 1
                continue
            try:
                insert_row(conn, "contacts", {**record, "created": created})
            except sqlite3.IntegrityError as error:
                raise InvalidInput(f"row {number}: {error}") from None
            added += 1
    return {"added": added, "existing": existing}


def _linkedin_header(records: list[list[str]], path: Path) -> tuple[int, dict[str, int]]:
    """The header's row number (counted from 1) and the position of each LinkedIn column it has."""
    wanted = {name.casefold(): name for name in LINKEDIN_COLUMNS}
    for number, cells in enumerate(records, start=1):
        names = [cell.strip().casefold() for cell in cells]
        if "first name" in names and "last name" in names:
            index: dict[str, int] = {}
            for position, name in enumerate(names):
                if name in wanted:
                    index.setdefault(wanted[name], position)
            missing = [name for name in LINKEDIN_COLUMNS if name not in index and name not in LINKEDIN_OPTIONAL]
            if missing:
                raise InvalidInput(
                    f"columns: the LinkedIn header on row {number} has no {', '.join(map(repr, missing))} column"
                )
            return number, index
    raise InvalidInput(
        f"path: {path} has no LinkedIn header ({','.join(LINKEDIN_COLUMNS)}); "
        "give the Connections.csv of LinkedIn's data export"
    )


def _linkedin_contact(cells: list[str], index: Mapping[str, int]) -> dict[str, object]:
    """A contact from one row of the export, checked on its own (duplicates are found when it is written)."""

    def cell(column: str) -> str | None:
        position = index.get(column)
        return None if position is None or position >= len(cells) else rules.text(cells[position], field=column)

    name = " ".join(part for part in (cell("First Name"), cell("Last Name")) if part)
    if not name:
        raise InvalidInput("name: First Name and Last Name are both empty", field="name")
    connected = _connected_on(cell("Connected On"))
    return {
        "name": name,
        "role": cell("Position"),
        "organization": cell("Company"),
        "email": rules.email_address(cell("Email Address")),
        "url": rules.web_address(cell("URL")),
        "how_known": "linkedin",
        "notes": f"LinkedIn: connected {connected}" if connected else None,
    }


def _connected_on(value: str | None) -> str | None:
    """The ISO date of a Connected On cell: 01 Dec 2026 as LinkedIn writes it, 1-Dec-26 as Excel saves it."""
    if value is None:
        return None
    match = _CONNECTED_ON.fullmatch(value)
    day, word, year = match.groups() if match else ("", "", "")
    months = [n for n, name in enumerate(_MONTH_NAMES, start=1) if word and name.startswith(word.casefold())]
    if len(months) == 1:
        try:
            return date(int(year) + (2000 if len(year) == 2 else 0), months[0], int(day)).isoformat()
        except ValueError:  # 31 Feb 2026
            pass
    raise InvalidInput(f"Connected On: cannot read {value!r} as a date like 01 Dec 2026", field="notes")


# The work-search log


def work_search_log(ws: Workspace, *, since: object = None, until: object = None) -> pd.DataFrame:
    """One row per dated outreach event, oldest first: date (local, ISO), organization, person, method, outcome.

    Events are the stage history (request sent, interview scheduled, held, thank-you sent, declined, no reply) and
    the request reminders marked sent. The method of a held interview is its format (coffee, phone, video,
    on-site; "meeting" when not recorded); the other steps are written messages: "e-mail" when the contact has an
    address, else "message". `since` and `until` are dates (or ages such as 30d), both days included. Nothing
    else is read from the interviews, so confidential notes never appear.
    """
    first, last = local_day(since, field="since"), local_day(until, field="until")
    events = ws.read(LOG_EVENTS, dtypes=LOG_SOURCE)
    rows = [
        {
            "date": at.to_pydatetime().astimezone().date().isoformat(),
            "organization": organization,
            "person": name,
            "method": _method(step, format_, email),
            "outcome": OUTCOMES[step],
        }
        for at, step, format_, name, organization, email in events.itertuples(index=False)
    ]
    rows = [row for row in rows if (first is None or row["date"] >= first) and (last is None or row["date"] <= last)]
    return frame(rows, WORK_SEARCH_LOG)


def _method(step: str, format_: object, email: object) -> str:
    if step == "held":
        return "meeting" if pd.isna(format_) else str(format_)
    return "message" if pd.isna(email) else "e-mail"


# Backup


def backup(ws: Workspace, path: str | os.PathLike) -> int:
    """Copy workbook.sqlite to `path` with SQLite's backup API; returns the size of the copy in bytes.

    The copy is one consistent snapshot even while other connections (a notebook, the command line) write: it is
    read in a single step inside one read transaction. It is written beside `path` and moved into place, as a
    single file (rollback journal, no -wal), and opens as a workspace (`Workbook(directory)` after naming it
    workbook.sqlite). The live workspace file itself is refused.
    """
    live = ws.db_path.resolve()
    target = output_path(path)
    if target.resolve() in (live, live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
        raise InvalidInput(f"path: {target} is the live workspace database; back up to another file")
    write_atomically(target, lambda partial: _copy_database(live, partial))
    return target.stat().st_size


def _copy_database(source_path: Path, target: Path) -> None:
    source = target_db = None
    try:
        source = sqlite3.connect(source_path, timeout=30)
        target_db = sqlite3.connect(target)
        source.backup(target_db)
        target_db.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise WorkspaceError(f"backup of {source_path} failed: {error}") from error
    finally:
        for conn in (source, target_db):
            if conn is not None:
                conn.close()
