"""The job search: rules, the tracker, activity, e-mail drafts, the calendar and CSV transfer."""
