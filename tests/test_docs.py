"""The README documents every command and option (in the style of sqlite-utils' test_docs.py)."""

import argparse
import re
from pathlib import Path

import pytest

from iiwork.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
REFERENCE = README.split("## Command line", 1)[1].split("\n## ", 1)[0]


def commands() -> list[tuple[str, argparse.ArgumentParser]]:
    """(command path, parser) for every command and action, e.g. ("contact add", ...)."""
    found = []

    def walk(prefix: str, parser: argparse.ArgumentParser) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found.append((f"{prefix} {name}".strip(), sub))
                    walk(f"{prefix} {name}".strip(), sub)

    walk("", build_parser())
    return found


def options(parser: argparse.ArgumentParser) -> list[str]:
    return [flag for action in parser._actions for flag in action.option_strings if flag.startswith("--")]


@pytest.mark.parametrize(("command", "parser"), commands(), ids=[c for c, _ in commands()])
def test_every_command_and_option_is_in_the_reference(command, parser):
    words = command.split()
    line = re.compile(r"iiwork(?: \[[^\]]*\])* " + r"\s+".join(map(re.escape, words)) + r"\b")
    assert line.search(REFERENCE) or (len(words) > 1 and re.search(rf"\b{re.escape(words[-1])}\b", REFERENCE)), command
    for flag in options(parser):
        if flag in ("--help", "--version"):
            continue
        assert re.search(rf"{re.escape(flag)}\b", REFERENCE), f"{command}: {flag} is not in the README's reference"


def test_global_options_are_documented():
    for flag in options(build_parser()):
        if flag not in ("--help",):
            assert flag in README, flag
