"""Charts: matplotlib Figures (no pyplot state) for the news and for the search, saved as PNG or SVG."""

from .figures import save_chart
from .news_charts import (
    event_types_chart,
    news_dashboard,
    rising_terms_chart,
    share_of_voice_chart,
    source_mix_chart,
    voice_bars_chart,
    volume_chart,
)
from .search_charts import (
    activity_chart,
    activity_dashboard,
    funnel_chart,
    how_known_chart,
    referral_tree_chart,
    response_chart,
    targets_chart,
    thank_you_chart,
)

__all__ = [
    "activity_chart",
    "activity_dashboard",
    "event_types_chart",
    "funnel_chart",
    "how_known_chart",
    "news_dashboard",
    "referral_tree_chart",
    "response_chart",
    "rising_terms_chart",
    "save_chart",
    "share_of_voice_chart",
    "source_mix_chart",
    "targets_chart",
    "thank_you_chart",
    "voice_bars_chart",
    "volume_chart",
]
