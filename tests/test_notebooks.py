"""The notebook templates: committed clean (no outputs, a typed `parameters` cell first, numbered names, no logic of
their own); every one runs under nbval, warnings as errors, on the offline demo it builds in a temporary copy of the
layout; and `iiwork run-notebook` (papermill) runs each with other parameters, its outputs changing accordingly."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NAME = re.compile(r"(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb")
WORKFLOW = [
    "01-company-research.ipynb",
    "02-industry-trends.ipynb",
    "03-interview-log.ipynb",
    "04-briefing.ipynb",
    "05-search-activity.ipynb",
]
CHECK = "# NBVAL_CHECK_OUTPUT"
DEMO_WORKSPACE = "../data/demo"
SANITIZE = Path(__file__).resolve().parent / "nbval_sanitize.cfg"

# What the cells marked NBVAL_CHECK_OUTPUT give on the demo, by (notebook, cell id). nbval compares a cell only when
# the reference notebook holds an output for it, and the committed notebooks hold none: the copies get these. The
# sanitize file replaces dates, timestamps, absolute paths and object addresses on both sides first (the demo's
# search is dated from the moment it is built: the briefing's file name below carries the interview's date).
EXPECTED = {
    ("01-company-research.ipynb", "log-status"): "status\nok    1\nName: count, dtype: Int64",
    ("01-company-research.ipynb", "articles-count"): "72",
    ("01-company-research.ipynb", "stories-count"): "40",
    ("01-company-research.ipynb", "people-names"): "(['Tomás Ferreira', 'Lena Marsh'], [])",
    ("02-industry-trends.ipynb", "digest-count"): "15",
    ("03-interview-log.ipynb", "followup-kinds"): (
        "['try another contact', 'request reminder', 'thank-you', 'referral check-in']"
    ),
    ("03-interview-log.ipynb", "calendar"): "5",
    ("04-briefing.ipynb", "pick"): "3",
    ("04-briefing.ipynb", "who"): "('Amara Okafor', 'Ampere Ridge')",
    ("04-briefing.ipynb", "save"): (
        "['../data/demo/briefings/2000-01-01-amara-okafor.html',\n '../data/demo/briefings/2000-01-01-amara-okafor.md']"
    ),
    ("05-search-activity.ipynb", "funnel-reached"): (
        "stage\nidentified    4\nrequested     3\nscheduled     2\nheld          1\nthanked       0\n"
        "Name: reached, dtype: Int64"
    ),
}


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def parameters(path: Path) -> dict:
    """The parameters cell's values (it holds only `name: type = literal` lines)."""
    tree = ast.parse(source(read(path)["cells"][0]))
    return {node.target.id: ast.literal_eval(node.value) for node in tree.body}


def layout(root: Path, notebooks: list[Path] = NOTEBOOKS) -> Path:
    """The checkout's layout under `root`: notebooks/ (copies) beside data/sample (a copy of the shipped sample),
    so the notebooks' default workspace, ../data/demo, is root/data/demo. Returns root/notebooks."""
    shutil.copytree(ROOT / "data" / "sample", root / "data" / "sample")
    (root / "notebooks").mkdir()
    for path in notebooks:
        shutil.copy(path, root / "notebooks" / path.name)
    return root / "notebooks"


def with_expected(path: Path, expected: dict[tuple[str, str], str] = EXPECTED) -> None:
    """Give the copy's checked cells their expected output, so nbval compares them."""
    nb = read(path)
    for cell in code_cells(nb):
        text = expected.get((path.name, cell.get("id")))
        if text is not None:
            cell["execution_count"] = 1
            cell["outputs"] = [
                {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": text}}
            ]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def kernel_modules() -> None:
    for module in ("nbval", "nbformat", "ipykernel", "jupyter_client", "papermill"):
        pytest.importorskip(module, reason=f"{module} is not installed: notebook runs skipped")


def nbval(notebooks: list[Path], *, env_workspace: Path) -> subprocess.CompletedProcess:
    """Run nbval in a child pytest, the kernel with warnings as errors and $IIWORK_WORKSPACE at a decoy folder."""
    kernel_modules()
    env = {**os.environ, "IIWORK_WORKSPACE": str(env_workspace), "PYTHONWARNINGS": "error"}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "--nbval-lax",
        "--nbval-current-env",
        f"--nbval-sanitize-with={SANITIZE}",
        "--nbval-cell-timeout=120",
        "-p",
        "no:cacheprovider",
        "-W",
        "error",
        "-q",
        "-rA",
        *map(str, notebooks),
    ]
    return subprocess.run(command, cwd=notebooks[0].parent, env=env, capture_output=True, text=True, timeout=600)


# The committed notebooks


def test_notebooks_are_numbered_in_workflow_order():
    numbers = [NAME.fullmatch(path.name) for path in NOTEBOOKS]
    assert all(numbers), [path.name for path, found in zip(NOTEBOOKS, numbers) if not found]
    assert [int(found.group(1)) for found in numbers] == list(range(1, len(NOTEBOOKS) + 1))
    assert [path.name for path in NOTEBOOKS] == WORKFLOW


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs_and_parameters_first(path):
    nb = read(path)
    assert nb["nbformat"] == 4 and nb["metadata"]["kernelspec"]["name"] == "python3"
    assert set(nb["metadata"]) <= {"kernelspec", "language_info"}, "saved widget state or papermill metadata"
    for cell in code_cells(nb):
        ran = cell["outputs"] or cell["execution_count"] is not None
        assert not ran, f"{path.name}: cell {cell['id']} was saved run (outputs or an execution count)"
        assert set(cell["metadata"]) <= {"tags"}, f"{path.name}: cell {cell['id']} metadata {cell['metadata']}"
    first = nb["cells"][0]
    assert first["cell_type"] == "code" and "parameters" in first["metadata"].get("tags", [])
    values = parameters(path)
    assert values["workspace"] == DEMO_WORKSPACE and values["demo"] is True  # never the user's own data by default
    intro = source(nb["cells"][1])  # the first markdown cell says how to point the notebook at your own workspace
    assert nb["cells"][1]["cell_type"] == "markdown" and intro.startswith(f"# {int(path.name[:2])}. ")
    assert f"iiwork run-notebook {path.name[:2]} -p workspace " in intro and "parameters cell" in intro


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin_faces_over_the_package(path):
    """No functions or classes of their own; the parameters cell is only typed, commented `name: type = literal`
    lines (papermill), and every code cell is explained by the markdown before it or its neighbours'."""
    nb = read(path)
    cells = code_cells(nb)
    first = source(cells[0])
    assert all(
        isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None
        for node in ast.parse(first).body
    )
    assert all("  # " in line for line in first.splitlines() if not line.startswith((" ", "]", "}")))
    parameters(path)  # a value that is not a literal raises
    for cell in cells:
        code = "\n".join(line for line in source(cell).splitlines() if not line.lstrip().startswith("%"))
        tree = ast.parse(code)
        defined = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.ClassDef))]
        assert not defined, f"{path.name}: cell {cell['id']} defines {defined[0].name}: that belongs in iiwork"
        imported = [
            name.name if isinstance(node, ast.Import) else node.module
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for name in (node.names if isinstance(node, ast.Import) else node.names[:1])
        ]
        outside = [module for module in imported if module.split(".")[0] not in ("iiwork", "IPython")]
        assert not outside, f"{path.name}: cell {cell['id']} imports {outside}: call the package instead"
    kinds = [cell["cell_type"] for cell in nb["cells"][1:]]
    assert "code" not in kinds[: kinds.index("markdown") + 1]  # the intro comes before any code


def test_every_checked_cell_has_an_expected_output():
    marked = {
        (path.name, cell["id"])
        for path in NOTEBOOKS
        for cell in code_cells(read(path))
        if source(cell).startswith(CHECK)
    }
    assert marked == set(EXPECTED)
    sample = json.loads((ROOT / "data" / "sample" / "companies.json").read_text(encoding="utf-8"))
    followed = {company["name"]: company["aliases"] for company in sample["companies"]}
    research = parameters(ROOT / "notebooks" / "01-company-research.ipynb")
    trends = parameters(ROOT / "notebooks" / "02-industry-trends.ipynb")
    assert followed[research["company"]] == research["aliases"] and research["industry"] == sample["industry"]
    assert trends["companies"] == list(followed) and trends["industry"] == sample["industry"]


# Running them under nbval: each notebook's first cell builds the demo in the copy of the layout if it is missing


def test_every_notebook_runs_on_the_demo_with_nbval(tmp_path):
    folder = layout(tmp_path)
    copies = [folder / path.name for path in NOTEBOOKS]
    for copy in copies:
        with_expected(copy)
    decoy = tmp_path / "env-workspace"
    run = nbval(copies, env_workspace=decoy)
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    cells = sum(len(code_cells(read(path))) for path in NOTEBOOKS)
    assert re.search(rf"\b{cells} passed\b", run.stdout) and "skipped" not in run.stdout, report
    assert not decoy.exists()  # every notebook used its workspace parameter, not the environment's default
    demo = tmp_path / "data" / "demo"
    conn = sqlite3.connect(demo / "workbook.sqlite")
    try:
        counts = [conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("articles", "contacts")]
    finally:
        conn.close()
    assert counts == [318, 4]  # built once by 01, left as it was by the others' demo cells
    assert (demo / "interviews.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    saved = sorted(path.name for path in (demo / "briefings").iterdir())
    assert [name[11:] for name in saved] == ["amara-okafor.html", "amara-okafor.md"]


def test_a_checked_cell_that_differs_fails(tmp_path):
    """The expected outputs are really compared (nbval silently skips cells without a reference output), and the
    sanitize file hides only what varies: a wrong count still fails."""
    folder = layout(tmp_path, [ROOT / "notebooks" / "01-company-research.ipynb"])
    copy = folder / "01-company-research.ipynb"
    with_expected(copy, {**EXPECTED, ("01-company-research.ipynb", "articles-count"): "71"})
    run = nbval([copy], env_workspace=tmp_path / "env-workspace")
    assert run.returncode == 1 and "1 failed" in run.stdout, run.stdout[-4000:]
    assert "Cell outputs differ" in run.stdout and "71" in run.stdout and "72" in run.stdout


# Running them with papermill (`iiwork run-notebook`) and other parameters, against copies of one demo workspace

RUNS = {  # notebook number -> the parameters given (-p KEY VALUE, values read as JSON when they parse)
    "01": {"company": "Helio Cell Works", "aliases": '["Helio"]'},
    "02": {"companies": '["Voltaic Storage", "Ampere Ridge"]', "freq": "M", "digest_since": "2026-11-16"},
    "03": {"drafts": '{"request": 2}', "calendar": "mine.ics"},
    "04": {"interview": "1", "questions": '["How big is the planning team?"]'},
    "05": {"freq": "M"},
}


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory) -> Path:
    """One demo workspace per module (built through Workbook.demo, about 6 s); tests copy it."""
    from iiwork import Workbook

    path = tmp_path_factory.mktemp("demo") / "demo"
    with Workbook(path) as wb:
        wb.demo()
    return path


@pytest.fixture(scope="module")
def papermill_runs(demo_workspace, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Every template run at once by `iiwork --workspace COPY run-notebook NN -p ...`, each on its own copy of the
    demo workspace, warnings as errors, $IIWORK_WORKSPACE at a decoy. Returns {number: (executed copy, workspace)}."""
    kernel_modules()
    cli = Path(sys.executable).with_name("iiwork")
    if not cli.exists():
        pytest.skip(f"no iiwork script beside {sys.executable}: papermill runs skipped")
    root = tmp_path_factory.mktemp("papermill")
    env = {**os.environ, "IIWORK_WORKSPACE": str(root / "env-workspace"), "PYTHONWARNINGS": "error"}
    started = {}
    try:
        for number, values in RUNS.items():
            workspace = root / f"workspace-{number}"
            shutil.copytree(demo_workspace, workspace)
            out = root / f"{number}.ipynb"
            command = [str(cli), "--workspace", str(workspace), "run-notebook", number, "--out", str(out)]
            command += [item for key, value in values.items() for item in ("-p", key, value)]
            proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            started[number] = (proc, out, workspace)
        deadline = time.monotonic() + 600
        for number, (proc, out, _) in started.items():
            printed, errors = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
            assert proc.returncode == 0, f"run-notebook {number}: {errors[-4000:]}"
            assert printed == f"{out}\n"  # it prints the executed copy's path
    finally:
        for proc, _, _ in started.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert not (root / "env-workspace").exists()
    return {number: (out, workspace) for number, (_, out, workspace) in started.items()}


def outputs(path: Path) -> dict[str, str]:
    """Each executed cell's text (streams, text/plain, text/markdown and text/html), by cell id; fails on an error
    output."""
    found = {}
    for cell in code_cells(read(path)):
        texts = []
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"{path.name}: cell {cell['id']}: {output.get('evalue')}"
            texts.append("".join(output.get("text", "")))
            data = output.get("data", {})
            texts += ["".join(data.get(kind, "")) for kind in ("text/plain", "text/markdown", "text/html")]
        found[cell["id"]] = "\n".join(text for text in texts if text)
    return found


def figures(path: Path) -> set[str]:
    """The ids of the executed cells that show a PNG figure."""
    return {
        cell["id"]
        for cell in code_cells(read(path))
        if any("image/png" in out.get("data", {}) for out in cell["outputs"])
    }


def expected(number: str, cell: str) -> str:
    return EXPECTED[(next(name for name in WORKFLOW if name.startswith(number)), cell)]


def test_papermill_runs_company_research_for_another_company(papermill_runs):
    out, _ = papermill_runs["01"]
    cells = outputs(out)
    assert "parameters" in read(out)["cells"][1]["metadata"]["tags"][0]  # papermill's injected cell
    assert "feed: newsroom-helio.rss.xml     ok" in cells["gather"] and "voltaic" not in cells["gather"]
    assert cells["people-names"] == "([], ['Marcus Oyelaran'])"  # a referral pending there, no contact yet
    assert cells["articles-count"] != expected("01", "articles-count")
    assert cells["stories-count"] != expected("01", "stories-count")
    assert "Helio" in cells["stories"] and "Voltaic Storage Reports" not in cells["stories"]
    assert {"volume"} <= figures(out)


def test_papermill_runs_industry_trends_for_other_companies_by_month(papermill_runs):
    out, _ = papermill_runs["02"]
    cells = outputs(out)
    periods = re.findall(r"\b2026-\d{2}-(\d{2}) 00:00:00\+00:00", cells["emerging"])
    assert periods and set(periods) == {"01"}  # monthly periods
    assert int(cells["digest-count"]) < int(expected("02", "digest-count"))  # a shorter window
    assert "2026-11-16" in cells["digest"] or "16 Nov" in cells["digest"]
    assert {"trends", "share-of-voice", "rising-terms", "events", "targets"} <= figures(out)


def test_papermill_runs_interview_log_with_other_drafts(papermill_runs):
    out, workspace = papermill_runs["03"]
    cells = outputs(out)
    assert cells["emails"].startswith("To: Tomás Ferreira <tomas.ferreira@voltaicstorage.example>")
    assert cells["emails"].count("Subject:") == 1 and "Priya" not in cells["emails"]
    assert (workspace / "mine.ics").read_bytes().startswith(b"BEGIN:VCALENDAR") and cells["calendar"] == "5"
    assert not (workspace / "interviews.ics").exists()


def test_papermill_runs_briefing_for_another_interview(papermill_runs):
    out, workspace = papermill_runs["04"]
    cells = outputs(out)
    assert cells["pick"] == "1" and cells["who"] == "('Priya Raman', 'Northwind Grid Systems')"
    assert cells["questions"] == "['How big is the planning team?']"
    assert "Priya Raman" in cells["build"] and "Questions to ask" in cells["build"]
    saved = sorted(path.name for path in (workspace / "briefings").glob("*priya-raman*"))
    assert [name[11:] for name in saved] == ["priya-raman.html", "priya-raman.md"]
    assert str(workspace / "briefings" / saved[0]) in cells["save"]


def test_papermill_runs_search_activity_by_month(papermill_runs):
    out, _ = papermill_runs["05"]
    cells = outputs(out)
    assert "freq='M'" in cells["activity"]
    assert set(re.findall(r"\b2026-\d{2}-(\d{2}) 00:00:00\+00:00", cells["periods"])) == {"01"}
    assert cells["funnel-reached"] == expected("05", "funnel-reached")  # the same search, counted by month
