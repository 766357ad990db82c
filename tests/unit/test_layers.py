"""The layers of the README's picture hold: each package imports only those below it
(corpus < rules | retrieval < assistant < deploy < eval < cli | views | api), and no project module is imported
inside a function (a nested import hides a dependency from the contract and from the reader)."""

import ast
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

PACKAGES = ("corpus", "rules", "retrieval", "assistant", "deploy", "eval", "cli", "views", "api")


def test_the_import_linter_contract_holds():
    # the command line is import-linter's stable interface; its report names every broken import
    p = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and "1 kept, 0 broken" in p.stdout, p.stdout[-3000:] + p.stderr[-2000:]


def _nested_project_imports():
    for path in [*ROOT.glob("*/*.py"), *ROOT.glob("*/*/*.py"), ROOT / "app.py"]:
        if path.parts[len(ROOT.parts)] not in (*PACKAGES, "app.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for sub in ast.walk(node):
                    names = [sub.module] if isinstance(sub, ast.ImportFrom) and sub.module else \
                        [n.name for n in sub.names] if isinstance(sub, ast.Import) else []
                    if any(n.split(".")[0] in PACKAGES for n in names):
                        yield f"{path.relative_to(ROOT)}:{sub.lineno}"


def test_no_project_module_is_imported_inside_a_function():
    assert list(_nested_project_imports()) == []
