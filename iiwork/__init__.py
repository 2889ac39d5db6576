"""iiwork: the informational-interview workbook.

Gather company and industry news, analyse it, track your search and brief yourself for each talk.
"""

from ._version import __version__ as __version__
from .analysis.summarize import summarize
from .errors import IiworkError, InvalidInput, WorkspaceError
from .news.extract import extract_article
from .news.feeds import parse_feed
from .workbook import Workbook

__all__ = ["IiworkError", "InvalidInput", "Workbook", "WorkspaceError", "extract_article", "parse_feed", "summarize"]
