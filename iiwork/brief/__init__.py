"""Briefings from the gathered news: the digest of what is new since you last looked (iiwork.brief.digest)."""
