"""Rendering: Jinja2 for text (e-mails) and for HTML (autoescaped), with the workspace's template overrides,
and charts as PNG or SVG bytes for pages that embed them inline."""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InvalidInput

if TYPE_CHECKING:  # jinja2, pandas and matplotlib load on first use: the command line starts without them
    import jinja2
    import pandas as pd
    from matplotlib.figure import Figure

SHIPPED = Path(__file__).parent / "templates"
OVERRIDES = "templates"  # the folder in a workspace whose files replace the shipped ones of the same name
CHART_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


def environment(workspace: Path | None, *, html: bool) -> jinja2.Environment:
    """A Jinja2 environment that looks in the workspace's templates/ first, then in the shipped ones.

    HTML templates are autoescaped (anything from the web or the records is untrusted); text ones are not.
    Made anew for each render, so an override added to the workspace mid-session is used at once.
    """
    import jinja2

    folders = [workspace / OVERRIDES] if workspace is not None else []
    loader = jinja2.FileSystemLoader([*folders, SHIPPED])
    return jinja2.Environment(
        loader=loader,
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=html,
        keep_trailing_newline=True,
    )


def render_template(name: str, context: Mapping[str, object], *, workspace: Path | None, html: bool) -> str:
    """Render template `name` (e.g. "email/request.txt.j2"); a broken or unknown template is bad input, named."""
    import jinja2

    env = environment(workspace, html=html)
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:
        raise InvalidInput(f"template: no template {name}", field="template") from None
    except jinja2.TemplateSyntaxError as error:
        message = f"template: {error.filename} line {error.lineno}: {error.message}"
        raise InvalidInput(message, field="template") from None
    filename = template.filename or name
    try:
        return template.render(context)
    except jinja2.UndefinedError as error:
        known = ", ".join(sorted(context))
        raise InvalidInput(f"template: {filename}: {error.message} (variables: {known})", field="template") from None
    except jinja2.TemplateError as error:
        raise InvalidInput(f"template: {filename}: {error}", field="template") from None


def escape(value: object) -> str:
    """Text made safe to put in HTML."""
    from markupsafe import escape as markup_escape

    return str(markup_escape("" if value is None else value))


def chart_bytes(fig: Figure, *, format: str = "png", dpi: int = 110) -> bytes:
    """A matplotlib Figure as PNG or SVG bytes."""
    if format not in CHART_FORMATS:
        raise InvalidInput(f"format: expected one of {', '.join(CHART_FORMATS)}, got {format!r}", field="format")
    buffer = io.BytesIO()
    metadata = {"Date": None} if format == "svg" else {"Software": None}
    fig.savefig(buffer, format=format, dpi=dpi, bbox_inches="tight", metadata=metadata)
    return buffer.getvalue()


def chart_data_uri(fig: Figure, *, format: str = "png", dpi: int = 110) -> str:
    """A Figure as a data: URI, for an <img> in a standalone HTML page (no external request)."""
    encoded = base64.b64encode(chart_bytes(fig, format=format, dpi=dpi)).decode("ascii")
    return f"data:{CHART_FORMATS[format]};base64,{encoded}"


TABLE_WIDTH = 60  # a cell of a printed table is cut to this many characters


def table_text(df: pd.DataFrame, fmt: str) -> str:
    """A DataFrame as a readable table, CSV or JSON records (ISO dates)."""
    if fmt == "csv":
        return str(df.to_csv(index=False))
    if fmt == "json":
        return str(df.to_json(orient="records", date_format="iso", force_ascii=False, indent=1)) + "\n"
    if df.empty:
        return "(no rows)\n"
    columns = [[str(name), *_cells(column).tolist()] for name, column in df.items()]
    widths = [max(map(len, cells)) for cells in columns]
    lines = (" ".join(cell.rjust(width) for cell, width in zip(row, widths)) for row in zip(*columns))
    return "\n".join(lines) + "\n"  # as pandas' to_string(index=False) lays it out, ten times faster


def _cells(column: pd.Series) -> pd.Series:
    """A column as short display strings: times to the minute (UTC), long text cut, missing values blank."""
    import pandas as pd

    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.strftime("%Y-%m-%d %H:%M")
    return column.astype(object).map(lambda v: "" if v is None or v is pd.NA or v != v else _cut(str(v)))


def _cut(text: str) -> str:
    return text if len(text) <= TABLE_WIDTH else text[: TABLE_WIDTH - 1] + "…"


def frame_of(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Plain records as a DataFrame."""
    import pandas as pd

    return pd.DataFrame(rows)
