"""The core never imports Streamlit: only relclient/ui and pages/ may."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORE = REPO / "relclient"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_core_module_imports_streamlit():
    offenders = [str(p.relative_to(REPO)) for p in CORE.rglob("*.py")
                 if "ui" not in p.relative_to(CORE).parts[:1] and "streamlit" in _imports(p)]
    assert offenders == []


def test_importing_every_core_module_does_not_load_streamlit():
    modules = sorted(
        "relclient." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in CORE.rglob("*.py")
        if p.relative_to(CORE).parts[0] != "ui" and p.name != "__main__.py"
    )
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "print('streamlit' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_scan_sees_the_ui_package_importing_streamlit():
    # Guards the test above: if the scan stopped finding imports it would pass for nothing.
    assert "streamlit" in _imports(CORE / "ui" / "data.py")
