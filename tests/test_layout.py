"""The package's shape: subpackages by domain, the import rules between them, and unique public names."""

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "iiwork"
FACES = {"iiwork.workbook", "iiwork.cli", "iiwork.widgets"}


def modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def imports(name: str, tree: ast.Module) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import in a module, relative ones resolved."""
    package = name if (PACKAGE.parent / name.replace(".", "/") / "__init__.py").exists() else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.append((target, [alias.name for alias in node.names]))
    return found


ALL = modules()


def test_the_tree_shows_the_flow():
    for package in ("news", "analysis", "search", "charts", "demo"):
        assert f"iiwork.{package}" in ALL
    top = {name for name in ALL if name.count(".") == 1}
    assert {"iiwork.queries", "iiwork.times", "iiwork.render", "iiwork.workspace", "iiwork.derive"} <= top


@pytest.mark.parametrize("name", sorted(n for n in ALL if n.startswith("iiwork.analysis")))
def test_analysis_imports_neither_news_nor_search_nor_the_workspace(name):
    for target, _ in imports(name, ALL[name]):
        assert not target.startswith(("iiwork.news", "iiwork.search", "iiwork.workspace", "iiwork.queries")), target


@pytest.mark.parametrize("name", sorted(n for n in ALL if n.count(".") > 1 or n.endswith("__init__")))
def test_nothing_below_the_top_imports_a_face(name):
    for target, names in imports(name, ALL[name]):
        assert target not in FACES and not (target == "iiwork" and set(names) & {"workbook", "cli", "widgets"})


@pytest.mark.parametrize("name", sorted(ALL))
def test_no_module_imports_another_modules_private_names(name):
    for target, names in imports(name, ALL[name]):
        if target.startswith("iiwork") and target != name:
            assert not [n for n in names if n.startswith("_") and n != "__version__"], (target, names)


def test_public_names_are_unique_across_the_package():
    where = defaultdict(list)
    for name, tree in ALL.items():
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                where[node.name].append(name)
    modules_by_leaf = {name.rpartition(".")[2] for name in ALL}
    assert {n: w for n, w in where.items() if len(w) > 1} == {}
    import iiwork

    named_like_a_module = {n for n in where if n in modules_by_leaf} - set(iiwork.__all__)  # summarize: pinned API
    assert named_like_a_module == set(), "a function named like a module"


def test_help_loads_neither_pandas_nor_the_workbook():
    code = "import sys; from iiwork import cli; cli.build_parser(); print(sorted(m for m in sys.modules if m in "
    code += "{'pandas', 'sklearn', 'matplotlib', 'trafilatura', 'requests', 'jinja2', 'iiwork.workbook'}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
