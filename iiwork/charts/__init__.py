"""Charts: matplotlib Figures for the news and for the search."""

from .news_charts import *  # noqa: F403
from .news_charts import save  # noqa: F401
