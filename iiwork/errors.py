"""One exception family: every error iiwork raises on purpose is an IiworkError."""

from __future__ import annotations

from collections.abc import Mapping


class IiworkError(Exception):
    """Base class of iiwork's errors; the command line prints them on one line."""

    exit_status = 1


class InvalidInput(IiworkError, ValueError):
    """A bad argument or record: nothing was written (exit status 2). `field` names the column at fault."""

    exit_status = 2

    def __init__(self, message: str, *, field: str | None = None, fix: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.fix = dict(fix or {})  # what to do, in the words of each face: {"python": ..., "cli": ...}

    def __str__(self) -> str:
        return self.for_face("python")

    def for_face(self, face: str) -> str:
        """The message with the fix in the language of the face the user is using ("python" or "cli")."""
        message = super().__str__()
        fix = self.fix.get(face) or self.fix.get("python")
        return message.replace("{fix}", fix) if fix else message


class InvalidURL(InvalidInput):
    """A URL that is not http(s) or file, or is malformed."""

    status = "invalid-url"


class ConfigError(InvalidInput):
    """A setting is missing or wrong (for example the SEC contact e-mail)."""


class WorkspaceError(IiworkError):
    """The workspace could not be opened, migrated or written."""


class WorkspaceNotFound(WorkspaceError):
    """A command that only reads was given a workspace that does not exist (nothing was created)."""

    exit_status = 2


class WorkspaceDamaged(WorkspaceError):
    """workbook.sqlite is damaged; nothing was written to it."""


class FetchError(IiworkError):
    """A source could not be fetched; `status` is its fetch-log status."""

    status = "http-error"

    def __init__(self, message: str, *, http_status: int | None = None) -> None:
        super().__init__(message)
        self.http_status = http_status


class SourceNotFound(FetchError):
    """No such local file, or the server answered 404 / 410."""

    status = "not-found"


class DNSError(FetchError):
    """The host name does not resolve."""

    status = "dns-error"


class ConnectionFailed(FetchError):
    """The server could not be reached (refused, reset, unreachable)."""

    status = "connection-error"


class FetchTimeout(FetchError):
    """The server did not answer in time."""

    status = "timeout"


class ResponseTooLarge(FetchError):
    """The response went over the size cap while streaming."""

    status = "too-large"


class RobotsBlocked(FetchError):
    """robots.txt disallows the page for iiwork."""

    status = "robots-blocked"


class ParseError(IiworkError):
    """A document could not be parsed."""

    status = "parse-error"


class NotAFeed(ParseError):
    """The document is not RSS, Atom or RDF (for example an HTML page)."""

    status = "not-a-feed"
