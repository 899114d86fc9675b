"""The layout rules of docs/ARCHITECTURE.md that the import contracts do not check: modules stay small, and
the few imports that cross apps inside a function say which cycle they break."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LINES_MAX = 600
CROSS_APP_FUNCTION_IMPORTS_MAX = 8

SKIPPED: set[str] = set()


def _modules():
    for path in sorted((ROOT / "mostovi").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        yield relative


def _function_level_imports(tree: ast.AST):
    """Every import statement inside a function or a method, with its line number."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield inner


def _apps_imported(node) -> set[str]:
    if isinstance(node, ast.ImportFrom):
        names = [node.module or ""] if node.level == 0 else []
    else:
        names = [alias.name for alias in node.names]
    return {name.split(".")[1] for name in names if name.startswith("mostovi.") and name.count(".") >= 1}


def _cross_app_function_imports():
    found = set()
    for relative in _modules():
        if relative.name == "apps.py":  # the composition root: each app registers itself in ready()
            continue
        app = relative.parts[1]
        source = (ROOT / relative).read_text()
        for node in _function_level_imports(ast.parse(source)):
            if _apps_imported(node) - {app}:
                found.add((relative, node.lineno))
    return sorted(found)


def test_modules_are_at_most_600_lines():
    long = {
        str(relative): count
        for relative in _modules()
        if str(relative) not in SKIPPED
        and (count := len((ROOT / relative).read_text().splitlines())) > LINES_MAX
    }
    assert long == {}


def test_at_most_eight_function_level_imports_cross_apps():
    assert len(_cross_app_function_imports()) <= CROSS_APP_FUNCTION_IMPORTS_MAX


def test_each_function_level_import_across_apps_names_the_cycle_it_breaks():
    silent = []
    for relative, line in _cross_app_function_imports():
        lines = (ROOT / relative).read_text().splitlines()
        same_line, line_before = lines[line - 1], lines[line - 2] if line > 1 else ""
        if "#" not in same_line and not line_before.strip().startswith("#"):
            silent.append(f"{relative}:{line}")
    assert silent == []


def test_the_layout_checks_see_a_function_level_import_across_apps():
    tree = ast.parse("def f():\n    from mostovi.projects.models import Project\n")
    assert [_apps_imported(node) for node in _function_level_imports(tree)] == [{"projects"}]
