"""iiwork: the informational-interview workbook.

Gather company and industry news, analyse it, track your search and brief yourself for each talk.
"""

__version__ = "0.1.0"

from .errors import IiworkError, InvalidInput, WorkspaceError  # noqa: E402
from .news.extract import extract_article  # noqa: E402
from .news.feeds import parse_feed  # noqa: E402
from .analysis.summarize import summarize  # noqa: E402
from .workbook import Workbook  # noqa: E402

__all__ = ["IiworkError", "InvalidInput", "Workbook", "WorkspaceError", "extract_article", "parse_feed", "summarize"]
