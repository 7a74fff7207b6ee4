"""README's layout section names every module of the tree, and nothing that is not there."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _layout() -> str:
    text = (REPO / "README.md").read_text("utf-8")
    section = text.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


def _modules() -> set[str]:
    # Every module and package of the core, by the name the layout uses: `x.py` for a top-level
    # module, `x/` for a package (its modules are named inside the package's line).
    core = REPO / "relclient"
    found = {p.name for p in core.glob("*.py") if p.name != "__init__.py"}
    found |= {p.name + "/" for p in core.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    return found


def test_the_layout_names_every_module_and_package_of_the_core():
    layout = _layout()
    missing = sorted(m for m in _modules() if not re.search(rf"(?<![\w/]){re.escape(m)}", layout))
    assert not missing, f"README's layout does not name {missing}"


def test_every_file_the_layout_names_exists():
    layout = _layout()
    named = set(re.findall(r"(?<![\w./-])([a-z_0-9]+\.(?:py|sql))\b", layout))
    everywhere = {p.name for p in REPO.rglob("*") if p.suffix in (".py", ".sql") and ".venv" not in p.parts}
    assert named - everywhere == set(), f"README's layout names files that do not exist: {sorted(named - everywhere)}"
