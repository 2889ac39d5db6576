"""The workspace on disk: `workbook.sqlite` (versioned schema, WAL, transactions) and its settings."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from .errors import ConfigError, InvalidInput, WorkspaceDamaged, WorkspaceError, WorkspaceNotFound
from .tables import frame
from .times import iso, utc_now

DB_NAME = "workbook.sqlite"
CONFIG_NAME = "config.toml"
ENV_WORKSPACE = "IIWORK_WORKSPACE"

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE gathers (
        gather_id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        finished TEXT,
        company TEXT
    );
    CREATE TABLE articles (
        article_id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
        canonical_url TEXT NOT NULL,
        title TEXT NOT NULL CHECK (length(title) > 0),
        publisher TEXT,
        published TEXT NOT NULL,
        date_estimated INTEGER NOT NULL DEFAULT 0 CHECK (date_estimated IN (0, 1)),
        fetched TEXT NOT NULL,
        summary TEXT,
        text TEXT,
        author TEXT,
        source_kind TEXT NOT NULL,
        source_url TEXT,
        query TEXT,
        company TEXT,
        lang TEXT,
        extract_status TEXT,
        extract_error TEXT,
        story_id INTEGER,
        event_type TEXT,
        event_match TEXT,
        gather_id INTEGER REFERENCES gathers (gather_id)
    );
    CREATE INDEX articles_published ON articles (published);
    CREATE INDEX articles_company ON articles (company, published);
    CREATE INDEX articles_canonical ON articles (canonical_url);
    CREATE TABLE fetch_log (
        fetch_id INTEGER PRIMARY KEY,
        gather_id INTEGER NOT NULL REFERENCES gathers (gather_id),
        source TEXT NOT NULL,
        url TEXT,
        started TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'not-modified', 'http-error', 'timeout', 'too-large',
            'parse-error', 'not-a-feed', 'robots-blocked', 'invalid-url')),
        http_status INTEGER,
        items INTEGER NOT NULL DEFAULT 0,
        new_items INTEGER NOT NULL DEFAULT 0,
        elapsed_ms INTEGER NOT NULL DEFAULT 0,
        error TEXT
    );
    CREATE INDEX fetch_log_gather ON fetch_log (gather_id);
    """,
    """
    CREATE TABLE stories (
        story_id INTEGER PRIMARY KEY,
        headline TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        articles INTEGER NOT NULL,
        outlets INTEGER NOT NULL,
        summary TEXT,
        top_terms TEXT,
        event_type TEXT
    );
    CREATE INDEX articles_story ON articles (story_id);
    CREATE INDEX stories_last_seen ON stories (last_seen);
    """,
    """
    CREATE TABLE http_validators (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        updated TEXT NOT NULL
    );
    """,
    """
    ALTER TABLE articles ADD COLUMN match_key TEXT;
    CREATE INDEX articles_match ON articles (match_key);
    """,
    """
    CREATE TABLE contacts (
        contact_id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        role TEXT,
        organization TEXT,
        industry TEXT,
        email TEXT,
        url TEXT,
        how_known TEXT CHECK (how_known IN ('friend', 'family', 'neighbour', 'coworker', 'alumni', 'association',
            'conference', 'supervisor', 'professor', 'referral', 'cold')),
        referred_by INTEGER REFERENCES contacts (contact_id),
        can_use_name INTEGER NOT NULL DEFAULT 0 CHECK (can_use_name IN (0, 1)),
        name_granted TEXT,
        tags TEXT,
        notes TEXT,
        created TEXT NOT NULL
    );
    CREATE UNIQUE INDEX contacts_email ON contacts (lower(email)) WHERE email IS NOT NULL;
    CREATE UNIQUE INDEX contacts_name_org ON contacts (lower(trim(name)), lower(trim(coalesce(organization, ''))));
    CREATE TABLE interviews (
        interview_id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts (contact_id),
        scheduled TEXT,
        format TEXT CHECK (format IN ('coffee', 'phone', 'video', 'on-site')),
        minutes INTEGER CHECK (minutes > 0),
        purpose TEXT NOT NULL DEFAULT 'information' CHECK (purpose IN ('information', 'job-lead')),
        goal TEXT,
        status TEXT NOT NULL CHECK (status IN ('identified', 'requested', 'scheduled', 'held', 'thanked',
            'declined', 'no-reply')),
        held TEXT,
        notes TEXT,
        confidential_notes TEXT,
        learnings TEXT,
        feedback TEXT,
        created TEXT NOT NULL
    );
    CREATE TABLE interview_status (
        interview_id INTEGER NOT NULL REFERENCES interviews (interview_id),
        status TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX interview_status_interview ON interview_status (interview_id, at);
    CREATE TABLE referrals (
        referral_id INTEGER PRIMARY KEY,
        from_contact INTEGER NOT NULL REFERENCES contacts (contact_id),
        to_name TEXT,
        to_organization TEXT,
        to_contact INTEGER REFERENCES contacts (contact_id),
        can_use_name INTEGER NOT NULL DEFAULT 0 CHECK (can_use_name IN (0, 1)),
        will_introduce INTEGER NOT NULL DEFAULT 0 CHECK (will_introduce IN (0, 1)),
        check_in TEXT,
        created TEXT NOT NULL,
        CHECK (to_name IS NOT NULL OR to_organization IS NOT NULL OR to_contact IS NOT NULL)
    );
    CREATE TABLE followups (
        followup_id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('thank-you', 'referral check-in', 'request reminder', 'try another contact')),
        interview_id INTEGER REFERENCES interviews (interview_id),
        referral_id INTEGER REFERENCES referrals (referral_id),
        contact_id INTEGER REFERENCES contacts (contact_id),
        due TEXT NOT NULL,
        done TEXT,
        note TEXT,
        UNIQUE (kind, interview_id, referral_id)
    );
    """,
    """
    CREATE INDEX articles_underived ON articles (article_id) WHERE event_type IS NULL OR story_id IS NULL;
    """,
    # How-known values are checked by the rule book (iiwork.search.rules) alone, so the list can grow (online
    # sources such as LinkedIn) without rebuilding the table again: the contacts table is rebuilt without its CHECK.
    """
    CREATE TABLE contacts_rebuilt (
        contact_id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        role TEXT,
        organization TEXT,
        industry TEXT,
        email TEXT,
        url TEXT,
        how_known TEXT,
        referred_by INTEGER REFERENCES contacts (contact_id),
        can_use_name INTEGER NOT NULL DEFAULT 0 CHECK (can_use_name IN (0, 1)),
        name_granted TEXT,
        tags TEXT,
        notes TEXT,
        created TEXT NOT NULL
    );
    INSERT INTO contacts_rebuilt SELECT contact_id, name, role, organization, industry, email, url, how_known,
        referred_by, can_use_name, name_granted, tags, notes, created FROM contacts;
    DROP TABLE contacts;
    ALTER TABLE contacts_rebuilt RENAME TO contacts;
    CREATE UNIQUE INDEX contacts_email ON contacts (lower(email)) WHERE email IS NOT NULL;
    CREATE UNIQUE INDEX contacts_name_org ON contacts (lower(trim(name)), lower(trim(coalesce(organization, ''))));
    """,
    # What an edit replaced: the earlier text of an interview's notes, learnings, feedback, goal (never lost).
    """
    CREATE TABLE interview_text_history (
        interview_id INTEGER NOT NULL REFERENCES interviews (interview_id),
        field TEXT NOT NULL,
        text TEXT NOT NULL,
        replaced TEXT NOT NULL
    );
    CREATE INDEX interview_text_history_interview ON interview_text_history (interview_id, field);
    """,
    # Three fetch statuses joined iiwork.tables.FETCH_STATUSES (not-found, dns-error, connection-error): the fetch
    # log is rebuilt with them in its CHECK.
    """
    CREATE TABLE fetch_log_rebuilt (
        fetch_id INTEGER PRIMARY KEY,
        gather_id INTEGER NOT NULL REFERENCES gathers (gather_id),
        source TEXT NOT NULL,
        url TEXT,
        started TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'not-modified', 'not-found', 'dns-error', 'connection-error',
            'http-error', 'timeout', 'too-large', 'parse-error', 'not-a-feed', 'robots-blocked', 'invalid-url')),
        http_status INTEGER,
        items INTEGER NOT NULL DEFAULT 0,
        new_items INTEGER NOT NULL DEFAULT 0,
        elapsed_ms INTEGER NOT NULL DEFAULT 0,
        error TEXT
    );
    INSERT INTO fetch_log_rebuilt SELECT * FROM fetch_log;
    DROP TABLE fetch_log;
    ALTER TABLE fetch_log_rebuilt RENAME TO fetch_log;
    CREATE INDEX fetch_log_gather ON fetch_log (gather_id);
    """,
    # Stories no longer join look-alike news of different organisations (analysis/subjects.py), and a story whose
    # articles' dates are all estimates says so: every story is grouped again on the next read.
    """
    ALTER TABLE stories ADD COLUMN date_estimated INTEGER NOT NULL DEFAULT 0 CHECK (date_estimated IN (0, 1));
    DELETE FROM stories;
    UPDATE articles SET story_id = NULL;
    """,
    # Followed companies and industries, their aliases and saved sources; which articles are about whom (the
    # company an article was gathered for, and every followed company its title or opening names); digests made.
    """
    CREATE TABLE companies (
        company_id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'company' CHECK (kind IN ('company', 'industry')),
        industry TEXT,
        ticker TEXT,
        cik TEXT,
        website TEXT,
        notes TEXT,
        created TEXT NOT NULL
    );
    CREATE UNIQUE INDEX companies_name ON companies (lower(trim(name)));
    CREATE TABLE company_aliases (
        company_id INTEGER NOT NULL REFERENCES companies (company_id),
        alias TEXT NOT NULL
    );
    CREATE UNIQUE INDEX company_aliases_alias ON company_aliases (lower(trim(alias)));
    CREATE TABLE company_sources (
        source_id INTEGER PRIMARY KEY,
        company_id INTEGER NOT NULL REFERENCES companies (company_id),
        kind TEXT NOT NULL CHECK (kind IN ('query', 'feed', 'newsroom', 'edgar', 'gdelt')),
        value TEXT NOT NULL,
        last_gathered TEXT,
        UNIQUE (company_id, kind, value)
    );
    CREATE TABLE article_companies (
        article_id INTEGER NOT NULL REFERENCES articles (article_id),
        company TEXT NOT NULL,
        how TEXT NOT NULL CHECK (how IN ('source', 'mention')),
        PRIMARY KEY (article_id, company, how)
    );
    CREATE INDEX article_companies_company ON article_companies (company COLLATE NOCASE);
    INSERT INTO article_companies SELECT article_id, company, 'source' FROM articles WHERE company IS NOT NULL;
    CREATE TABLE digests (
        digest_id INTEGER PRIMARY KEY,
        made TEXT NOT NULL,
        since TEXT
    );
    """,
    # The questions you plan to ask in an interview (the briefing checks them against the research).
    """
    CREATE TABLE interview_questions (
        interview_id INTEGER NOT NULL REFERENCES interviews (interview_id),
        question TEXT NOT NULL,
        added TEXT NOT NULL,
        UNIQUE (interview_id, question)
    );
    """,
)


def default_workspace() -> Path:
    """$IIWORK_WORKSPACE, else the project's data/ (next to the package in a checkout), else ./data."""
    if os.environ.get(ENV_WORKSPACE):
        return Path(os.environ[ENV_WORKSPACE]).expanduser()
    checkout = Path(__file__).resolve().parent.parent / "data"
    return checkout if checkout.is_dir() else Path.cwd() / "data"


class Workspace:
    """A workspace directory and its SQLite connection (one per Workbook, shared safely across threads)."""

    def __init__(self, path: str | os.PathLike | None = None, *, create: bool = True) -> None:
        self.path = Path(path).expanduser() if path is not None else default_workspace()
        self.db_path = self.path / DB_NAME
        if not create and not self.db_path.is_file():
            raise WorkspaceNotFound(
                f"no workspace at {self.path} (no {DB_NAME} there): check --workspace; "
                "a command that records something creates one"
            )
        self.created_dir = not self.path.exists()
        self.created = not self.db_path.exists()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WorkspaceError(f"cannot create workspace {self.path}: {error.strerror}") from error
        self._lock = threading.RLock()
        self.conn = self._connect()
        try:
            with self.guard():
                self.migrate()
        except BaseException:
            self.conn.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        conn = None
        try:
            conn = sqlite3.connect(self.db_path, isolation_level=None, check_same_thread=False, timeout=30)
            _wal(conn)
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as error:
            if conn is not None:
                conn.close()
            if _damage(error):
                raise WorkspaceDamaged(
                    f"workspace {self.db_path} is damaged or not an iiwork workspace ({error}); nothing was written "
                    "to it. Recover what is readable with sqlite3's `.recover`"
                ) from error
            raise WorkspaceError(f"cannot open {self.db_path}: {error}") from error
        return conn

    @property
    def schema_version(self) -> int:
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied TEXT NOT NULL)")
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return row[0] or 0

    def migrate(self) -> None:
        """Apply the migrations this workspace has not had, each in its own transaction.

        Foreign keys are off while a migration runs (SQLite's way to rebuild a table) and checked before it
        commits: a migration that would leave a dangling reference is rolled back."""
        with self._lock:
            current = self.schema_version
            if current > len(MIGRATIONS):
                raise WorkspaceError(f"{self.db_path} has schema {current}, newer than this iiwork ({len(MIGRATIONS)})")
            if current == len(MIGRATIONS):
                return
            self.conn.execute("PRAGMA foreign_keys=OFF")
            try:
                for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
                    self._apply(version, script)
            finally:
                self.conn.execute("PRAGMA foreign_keys=ON")

    def _apply(self, version: int, script: str) -> None:
        with self.transaction() as conn:
            if self.schema_version >= version:  # another process applied it while we waited
                return
            for statement in _statements(script):
                conn.execute(statement)
            if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise WorkspaceError(f"{self.db_path}: migration {version} would break a reference; not applied")
            conn.execute("INSERT INTO schema_version VALUES (?, ?)", (version, iso(utc_now())))

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn SQLite's word that the file is damaged into a WorkspaceDamaged that says what to do."""
        try:
            yield
        except sqlite3.DatabaseError as error:
            if not _damage(error):
                raise
            raise WorkspaceDamaged(
                f"workspace {self.db_path} is damaged ({error}); nothing was written to it. Copy what is readable "
                f"with `iiwork backup FILE` or sqlite3's `.recover`, then point --workspace at the copy"
            ) from error

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; anything raised rolls the whole write back."""
        with self._lock, self.guard():
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise WorkspaceError(f"workspace is busy or read-only: {error}") from error
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def read(self, sql: str, params: Sequence | Mapping = (), *, dtypes: Mapping[str, str]) -> pd.DataFrame:
        """Rows of a query as a DataFrame with declared dtypes."""
        with self._lock, self.guard():
            cursor = self.conn.execute(sql, params)
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
        return frame(pd.DataFrame.from_records(rows, columns=names), dtypes)

    def rows(self, sql: str, params: Sequence | Mapping = ()) -> list[tuple]:
        """Rows of a query as tuples (for reads that need no DataFrame)."""
        with self._lock, self.guard():
            return self.conn.execute(sql, params).fetchall()

    def discard_if_new_and_empty(self) -> bool:
        """Remove the workspace this object created if it still holds no record (a command that failed on bad
        input leaves no trace); returns True when it was removed. A workspace that existed is never touched."""
        if not self.created:
            return False
        with self._lock:
            tables = [row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            if any(
                self.conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() for t in tables if t != "schema_version"
            ):
                return False
            self.conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.db_path}{suffix}").unlink(missing_ok=True)
        if self.created_dir and not any(self.path.iterdir()):
            self.path.rmdir()
        return True

    def validators(self, url: str) -> tuple[str | None, str | None] | None:
        """The ETag and Last-Modified stored for `url` by the last gather that stored its rows."""
        with self._lock:
            return self.conn.execute("SELECT etag, last_modified FROM http_validators WHERE url = ?", (url,)).fetchone()

    def config(self) -> dict:
        """Settings from `config.toml` in the workspace (missing file: no settings)."""
        path = self.path / CONFIG_NAME
        if not path.exists():
            return {}
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: {error}") from error

    def update_config(self, section: str, values: Mapping[str, str]) -> None:
        """Set string settings in one section of config.toml, keeping every other setting (written atomically)."""
        config = self.config()
        config.setdefault(section, {}).update({key: str(value) for key, value in values.items()})
        text = "".join(_toml_table(name, table) for name, table in config.items() if isinstance(table, dict))
        write_atomically(self.path / CONFIG_NAME, lambda partial: partial.write_text(text, encoding="utf-8"))

    def close(self) -> None:
        with self._lock:
            self.conn.close()


def output_path(path: str | os.PathLike) -> Path:
    """A file the user asked iiwork to write: its directory must exist and it must not be a directory."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise InvalidInput(f"path: {target} is a directory; give a file name")
    if not target.parent.is_dir():
        raise InvalidInput(f"path: the directory {target.parent} does not exist")
    return target


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Write to a temporary file beside `target`, then move it into place (the old file stays on failure)."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(handle)
    partial = Path(name)
    try:
        write(partial)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _wal(conn: sqlite3.Connection, *, wait: float = 30.0) -> None:
    """Switch to WAL. SQLite does not apply the busy timeout to this pragma, so a workspace that another
    process is creating at the same moment answers "locked": try again until `wait` seconds have passed."""
    deadline = time.monotonic() + wait
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _toml_table(name: str, table: Mapping[str, object]) -> str:
    """One [table] of flat string, number and boolean settings (JSON strings are valid TOML basic strings)."""
    import json

    lines = [
        f"{key} = {json.dumps(value) if not isinstance(value, bool) else str(value).lower()}"
        for key, value in table.items()
    ]
    return f"[{name}]\n" + "\n".join(lines) + "\n\n"


def _damage(error: sqlite3.DatabaseError) -> bool:
    """SQLite errors that mean the file itself is damaged (not a busy database or a broken rule)."""
    text = str(error).lower()
    return "malformed" in text or "not a database" in text or "file is encrypted" in text or "corrupt" in text


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]
