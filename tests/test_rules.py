"""The rule book: vocabularies, field checks naming their column, stage transitions and follow-up timing."""

from datetime import UTC, datetime

import pytest

from iiwork import InvalidInput
from iiwork.search import rules

MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("check", "field"),
    [
        (lambda: rules.choice("linkedln", rules.HOW_KNOWN, field="how_known", label="how"), "how_known"),
        (lambda: rules.text("  ", field="name", required=True), "name"),
        (lambda: rules.email_address("not-an-address"), "email"),
        (lambda: rules.web_address("ftp://x.example"), "url"),
        (lambda: rules.minutes(0), "minutes"),
        (lambda: rules.minutes("an hour"), "minutes"),
        (lambda: rules.record_id("99999999999999999999", field="interview_id"), "interview_id"),
    ],
)
def test_every_refusal_names_its_column(check, field):
    with pytest.raises(InvalidInput) as caught:
        check()
    assert caught.value.field == field


def test_labels_keep_the_words_of_the_face():
    with pytest.raises(InvalidInput, match="^how: expected one of friend, family"):
        rules.choice("linkedln", rules.HOW_KNOWN, field="how_known", label="how")


def test_stage_transitions():
    rules.check_transition("scheduled", "held", MONDAY, MONDAY)
    with pytest.raises(InvalidInput, match="cannot go from scheduled to thanked"):
        rules.check_transition("scheduled", "thanked", MONDAY, MONDAY)
    with pytest.raises(InvalidInput, match="cannot be held before its time") as caught:
        rules.check_transition("scheduled", "held", datetime(2026, 12, 1, tzinfo=UTC), MONDAY)
    assert caught.value.field == "status"
    with pytest.raises(InvalidInput, match="needs a date and time") as caught:
        rules.check_transition("identified", "scheduled", None, MONDAY)
    assert caught.value.field == "scheduled"
    assert all(next_ <= set(rules.STATUSES) for next_ in rules.NEXT_STATUSES.values())


def test_follow_up_timing():
    assert rules.thank_you_due(MONDAY, 45) == datetime(2026, 11, 17, 9, 45, tzinfo=UTC)
    assert rules.thank_you_due(MONDAY, None) == datetime(2026, 11, 17, 9, 30, tzinfo=UTC)  # 30 minutes by default
    assert rules.check_in_due(MONDAY) == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    friday = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    assert rules.try_another_due(friday).date().isoformat() == "2026-11-25"
    assert rules.reminder_due(MONDAY).date().isoformat() == "2026-11-25"


ADDRESSES = [
    "ana@voltaic.example",
    "Ana.Ruiz+jobs@Mail.Co.UK",
    "o'brien@x.example",
    "a@b.c.d.example",
    "a..b@x.example",
    ".a@x.example",
    "a.@x.example",
    "a@-x.example",
    "a@x-.example",
    "a@x.123",
    "a@x.test",
    "a@x.local",
    "a@@b.example",
    "a@b@c.example",
    "a b@x.example",
    "a@x.example\nBcc: z@y.example",
    "Zoë@例え.jp",
    "x" * 65 + "@x.example",
    "a@" + "b" * 64 + ".example",
    "ana@x.Example",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_fast_path_agrees_with_email_validator(address):
    import email_validator

    try:
        expected = email_validator.validate_email(address, check_deliverability=False).normalized
    except email_validator.EmailNotValidError:
        expected = None
    try:
        found = rules.email_address(address)
    except InvalidInput:
        found = None
    assert found == expected
