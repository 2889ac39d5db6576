"""Analysis of article tables: stories, events, summaries, key terms and trends (DataFrame in, DataFrame out)."""
