"""One time parser: user input without a zone is local, source dates without a zone are UTC, all results UTC."""

import os
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from iiwork import InvalidInput
from iiwork.times import (
    add_business_days,
    iso,
    local_day,
    parse_day_end,
    parse_since,
    parse_user_time,
    read_iso,
    source_utc,
)

MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


@pytest.fixture
def new_york(monkeypatch):
    """Run with the process in New York time (UTC-5 in November), then restore it."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_ages_and_dates():
    now = datetime(2026, 11, 23, tzinfo=UTC)
    assert parse_since("30d", now=now) == now - timedelta(days=30)
    assert parse_since("12h", now=now) == now - timedelta(hours=12)
    assert parse_since("2w", now=now) == now - timedelta(days=14)
    assert parse_since("6m", now=now) == now - timedelta(days=180)
    assert parse_since(None) is None and parse_since("") is None
    with pytest.raises(InvalidInput, match="since: expected") as caught:
        parse_since("yesterday-ish")
    assert caught.value.field == "since"


def test_user_input_without_a_zone_is_local_time(new_york):
    assert parse_user_time("2026-11-20T10:00", field="when") == datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    assert parse_user_time("2026-11-20 10:00+02:00", field="when") == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert parse_since("2026-10-01", now=MONDAY) == datetime(2026, 10, 1, 4, 0, tzinfo=UTC)  # EDT then
    assert parse_day_end("2026-11-20", field="due-by") == datetime(2026, 11, 21, 4, 59, 59, tzinfo=UTC)
    assert local_day(datetime(2026, 11, 20, 3, 0, tzinfo=UTC), field="since") == "2026-11-19"


def test_source_dates_without_a_zone_are_utc(new_york):
    assert source_utc(datetime(2026, 11, 20, 10, 0)) == datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert read_iso("2026-11-20T10:00:00+0100") == datetime.fromisoformat("2026-11-20T10:00:00+01:00")
    assert iso(datetime(2026, 11, 20, 10, 0)) == "2026-11-20T10:00:00.000000+00:00"
    assert iso(None) is None


def test_bad_and_out_of_range_input_names_the_field():
    with pytest.raises(InvalidInput, match="when: cannot read") as caught:
        parse_user_time("next tuesday", field="when")
    assert caught.value.field == "when"
    with pytest.raises(InvalidInput, match="when: .* out of range"):
        parse_user_time("0001-01-01T00:00:00+05:00", field="when")
    with pytest.raises(InvalidInput, match="since: .* out of range"):
        parse_since("999999d")
    with pytest.raises(InvalidInput, match="due-by: cannot read"):
        parse_day_end("2026-13-01", field="due-by")
    assert local_day(date(2026, 11, 2), field="since") == "2026-11-02"


def test_business_days_skip_weekends():
    friday = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    assert add_business_days(friday, 3).date().isoformat() == "2026-11-25"
    assert add_business_days(MONDAY, 7).date().isoformat() == "2026-11-25"
    assert os.environ.get("TZ") != "America/New_York"
