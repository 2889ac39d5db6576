"""The notebook templates: committed clean (no outputs, a `parameters` cell first, numbered names, no logic of their
own), and every one runs under nbval, warnings as errors, on the shipped sample in a temporary copy of the layout."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NAME = re.compile(r"(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb")
CHECK = "# NBVAL_CHECK_OUTPUT"
DEMO_WORKSPACE = "../data/demo"

# What the cells marked NBVAL_CHECK_OUTPUT print on the sample, by (notebook, cell id). nbval compares a cell only
# when the reference notebook holds an output for it, and the committed notebooks hold none: the copies get these.
EXPECTED = {
    ("01-gather.ipynb", "log-status"): "status\nok    11\nName: count, dtype: Int64",
    ("01-gather.ipynb", "articles-count"): "318",
    ("02-analyse.ipynb", "stories-count"): "176",
    ("03-track.ipynb", "followup-kinds"): (
        "['try another contact', 'request reminder', 'thank-you', 'referral check-in']"
    ),
    ("03-track.ipynb", "calendar"): "5",
    ("04-activity.ipynb", "funnel-reached"): (
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
    """The parameters cell's values (it holds only `name = literal` lines)."""
    tree = ast.parse(source(read(path)["cells"][0]))
    return {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body}


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


def nbval(notebooks: list[Path], *, env_workspace: Path) -> subprocess.CompletedProcess:
    """Run nbval in a child pytest, the kernel with warnings as errors and $IIWORK_WORKSPACE at a decoy folder."""
    for module in ("nbval", "nbformat", "ipykernel", "jupyter_client"):
        pytest.importorskip(module, reason=f"{module} is not installed: notebook runs skipped")
    env = {**os.environ, "IIWORK_WORKSPACE": str(env_workspace), "PYTHONWARNINGS": "error"}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "--nbval-lax",
        "--nbval-current-env",
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
    assert [path.name for path in NOTEBOOKS][:4] == [
        "01-gather.ipynb",
        "02-analyse.ipynb",
        "03-track.ipynb",
        "04-activity.ipynb",
    ]


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
    assert parameters(path)["workspace"] == DEMO_WORKSPACE  # never the user's own data by default


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin_faces_over_the_package(path):
    """No functions or classes of their own; the parameters cell is only `name = literal` lines (papermill)."""
    cells = code_cells(read(path))
    assert all(
        isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
        for node in ast.parse(source(cells[0])).body
    )
    parameters(path)  # a value that is not a literal raises
    for cell in cells:
        code = "\n".join(line for line in source(cell).splitlines() if not line.lstrip().startswith("%"))
        defined = [node for node in ast.walk(ast.parse(code)) if isinstance(node, (ast.FunctionDef, ast.ClassDef))]
        assert not defined, f"{path.name}: cell {cell['id']} defines {defined[0].name}: that belongs in iiwork"


def test_every_checked_cell_has_an_expected_output_and_the_gather_reads_the_whole_sample():
    marked = {
        (path.name, cell["id"])
        for path in NOTEBOOKS
        for cell in code_cells(read(path))
        if source(cell).startswith(CHECK)
    }
    assert marked == set(EXPECTED)
    sample = json.loads((ROOT / "data" / "sample" / "companies.json").read_text(encoding="utf-8"))
    feeds = parameters(ROOT / "notebooks" / "01-gather.ipynb")["feeds"]
    assert feeds == [f"../data/sample/{name}" for name in sample["feeds"]]


# Running them


def test_every_notebook_runs_on_the_sample_with_nbval(tmp_path):
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
    conn = sqlite3.connect(tmp_path / "data" / "demo" / "workbook.sqlite")
    try:
        counts = [conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("articles", "contacts")]
    finally:
        conn.close()
    assert counts == [318, 4]
    assert (tmp_path / "data" / "demo" / "interviews.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_a_checked_cell_that_differs_fails(tmp_path):
    """The expected outputs are really compared (nbval silently skips cells without a reference output)."""
    folder = layout(tmp_path, [ROOT / "notebooks" / "01-gather.ipynb"])
    copy = folder / "01-gather.ipynb"
    with_expected(copy, {**EXPECTED, ("01-gather.ipynb", "articles-count"): "317"})
    run = nbval([copy], env_workspace=tmp_path / "env-workspace")
    assert run.returncode == 1 and "1 failed" in run.stdout, run.stdout[-4000:]
    assert "Cell outputs differ" in run.stdout and "317" in run.stdout and "318" in run.stdout
