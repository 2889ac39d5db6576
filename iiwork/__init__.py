"""iiwork: the informational-interview workbook.

Gather company and industry news, analyse it, track your search and brief yourself for each talk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._version import __version__ as __version__
from .errors import IiworkError, InvalidInput, WorkspaceError

if TYPE_CHECKING:
    from .analysis.summarize import summarize
    from .news.extract import extract_article
    from .news.feeds import parse_feed
    from .workbook import Workbook

__all__ = ["IiworkError", "InvalidInput", "Workbook", "WorkspaceError", "extract_article", "parse_feed", "summarize"]

# The faces load pandas, scikit-learn and trafilatura only when first used, so `iiwork --help` starts fast.
_LAZY = {
    "Workbook": ".workbook",
    "extract_article": ".news.extract",
    "parse_feed": ".news.feeds",
    "summarize": ".analysis.summarize",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'iiwork' has no attribute {name!r}")
