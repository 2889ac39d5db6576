"""Run a notebook template against a workspace with papermill, keeping the executed copy."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .errors import IiworkError, InvalidInput
from .times import utc_now

TEMPLATES = Path(__file__).resolve().parent.parent / "notebooks"


def notebook_template(name: str, *, folder: Path = TEMPLATES) -> Path:
    """The template a name stands for: its file name, its stem ("04-briefing") or its number ("04")."""
    found = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    wanted = name.removesuffix(".ipynb")
    chosen = [p for p in found if p.stem == wanted or p.stem.split("-", 1)[0] == wanted]
    if len(chosen) != 1:
        known = ", ".join(p.stem for p in found) or f"none in {folder}"
        raise InvalidInput(f"notebook: no template {name!r}; the templates are {known}", field="notebook")
    return chosen[0]


def run_notebook(
    workspace: Path,
    name: str,
    *,
    parameters: Mapping[str, object] | None = None,
    out: str | os.PathLike[str] | None = None,
) -> Path:
    """Execute a template with its `parameters` cell set (the workspace always given, and no demo built in it unless
    `demo=True` is passed), write the executed copy to
    `out` (default: the workspace's notebooks/NAME-TIME.ipynb) and return its path."""
    import papermill

    template = notebook_template(name)
    target = Path(out) if out else workspace / "notebooks" / f"{template.stem}-{utc_now():%Y%m%d-%H%M%S}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    values = {"demo": False, **dict(parameters or {}), "workspace": str(workspace)}  # your workspace, not the demo
    try:
        papermill.execute_notebook(
            str(template),
            str(target),
            parameters=values,
            kernel_name="python3",
            cwd=str(template.parent),
            progress_bar=False,
        )
    except papermill.PapermillExecutionError as error:
        raise IiworkError(
            f"notebook: {template.stem} failed in cell {error.exec_count}: {error.ename}: {error.evalue}; "
            f"the executed copy is {target}"
        ) from None
    return target
