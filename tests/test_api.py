import iiwork


def test_public_api_is_short_and_pinned():
    assert iiwork.__all__ == [
        "IiworkError",
        "InvalidInput",
        "Workbook",
        "WorkspaceError",
        "extract_article",
        "parse_feed",
        "summarize",
    ]
    assert iiwork.summarize("One sentence here. And a second one.", 1) == ["One sentence here."]
    for name in iiwork.__all__:
        assert getattr(iiwork, name).__doc__


def test_every_error_is_an_iiwork_error():
    from iiwork import errors

    classes = [obj for obj in vars(errors).values() if isinstance(obj, type) and issubclass(obj, Exception)]
    assert all(issubclass(cls, iiwork.IiworkError) for cls in classes)
    assert issubclass(iiwork.InvalidInput, ValueError) and iiwork.InvalidInput.exit_status == 2
