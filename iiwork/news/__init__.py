"""News: the web to article rows (fetch, sources, feeds, normalise, extract, gather)."""
