"""The command line: --help everywhere, table/csv/json output, one-line errors and exit statuses."""

import io
import json
import subprocess
import sys

import pandas as pd
import pytest
from conftest import FIXTURES

from iiwork.cli import build_parser, main

COMMANDS = ["gather", "articles", "stories", "trends"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS]])
def test_every_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    assert "usage: iiwork" in capsys.readouterr().out


def test_every_subcommand_is_covered_by_the_help_test():
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    assert sorted(subparsers.choices) == sorted(COMMANDS)


def test_gather_then_articles_in_three_formats(capsys, tmp_path):
    ws = str(tmp_path / "ws")
    code, out, err = run(capsys, "--workspace", ws, "gather", "--company", "Voltaic Storage",
                         "--feed", str(FIXTURES / "rss2.xml"), str(FIXTURES / "atom.xml"))  # fmt: skip
    assert code == 0 and err == ""
    assert "status" in out and out.count(" ok ") == 2
    code, out, _ = run(capsys, "--workspace", ws, "articles", "--format", "csv")
    df = pd.read_csv(io.StringIO(out))
    assert code == 0 and len(df) == 5 and "canonical_url" in df.columns
    code, out, _ = run(capsys, "--workspace", ws, "articles", "--company", "Voltaic Storage", "--format", "json")
    records = json.loads(out)
    assert len(records) == 5 and records[0]["published"].endswith("Z")
    code, out, _ = run(capsys, "--workspace", ws, "articles", "--since", "2026-09-05")
    assert code == 0 and "Helio Cell Works" in out and "Series C" not in out


def test_failed_sources_are_in_the_log_and_the_exit_status_is_0(capsys, tmp_path):
    code, out, err = run(capsys, "--workspace", str(tmp_path), "gather", "--feed", "ftp://x.example/f",
                         str(FIXTURES / "newsroom_listing.html"))  # fmt: skip
    assert code == 0 and "invalid-url" in out and "not-a-feed" in out and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["gather"], "nothing to gather"),
        (["gather", "--feed", "x.xml", "--since", "last tuesday"], "since: expected"),
        (["articles", "--format", "xml"], "invalid choice"),
        (["articles", "--until", "whenever"], "until: expected"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, tmp_path, argv, message):
    try:
        code = main(["--workspace", str(tmp_path), *argv])
    except SystemExit as exit_:
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2 and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_console_script_runs_as_a_process(tmp_path):
    result = subprocess.run([sys.executable, "-m", "iiwork.cli", "--workspace", str(tmp_path), "articles"],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0 and result.stdout == "(no rows)\n"


def test_unusable_workspace_exits_1(capsys, tmp_path):
    (tmp_path / "file").write_text("x")
    code, _, err = run(capsys, "--workspace", str(tmp_path / "file" / "ws"), "articles")
    assert code == 1 and "cannot create workspace" in err and len(err.strip().splitlines()) == 1
