"""An empty cell is empty: every grid the portal draws says so to Streamlit, which writes "None" in a
missing cell otherwise (a canvas grid: the browser walk cannot read it, so the sources are read)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GRIDS = ("dataframe", "data_editor")


def _grid_calls(path: Path) -> list[tuple[int, bool]]:
    # (line, whether it passes placeholder="") for each st.dataframe / st.data_editor call.
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in GRIDS:
            empty = any(k.arg == "placeholder" and isinstance(k.value, ast.Constant) and k.value.value == ""
                        for k in node.keywords)
            found.append((node.lineno, empty))
    return found


def test_every_grid_leaves_a_missing_value_blank_instead_of_writing_none():
    sources = [REPO / "app.py", *(REPO / "relclient" / "ui").rglob("*.py"), *(REPO / "pages").rglob("*.py")]
    calls = {f"{p.relative_to(REPO)}:{line}": empty for p in sources for line, empty in _grid_calls(p)}
    assert len(calls) >= 8  # the scan sees the grids (tables, reviews, uploads, the mapping editor)
    assert [where for where, empty in calls.items() if not empty] == []
