"""The package layout the project keeps: no demo data in ``bff/``, no booking rule outside the addon's rules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module, at module level) of every absolute import in ``path``."""
    tree = ast.parse(path.read_text())
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, id(node) in top))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, id(node) in top) for alias in node.names)
    return found


def test_bff_imports_demo_data_only_lazily_from_the_cli() -> None:
    for path in (ROOT / "bff").rglob("*.py"):
        for module, top_level in _imports(path):
            if module.split(".")[0] == "demo_data":
                assert path.name == "cli.py" and not top_level, (path, module)


def test_serving_loads_no_demo_data() -> None:
    code = "import sys, bff.app, bff.cli; print(sorted(m for m in sys.modules if m.startswith('demo_data')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_emulator_booking_files_hold_no_rule_constants() -> None:
    """The limits live in the addon's rules package; the emulator's booking glue must not restate them."""
    for path in (ROOT / "odoo_emulator" / "models").glob("customk9_booking*.py"):
        text = path.read_text()
        for restated in ("MAX_ATTENDEES", "MAX_QUANTITY", "MAX_LINES", "PAST_TOLERANCE", "SLOT_STEP", "KEY_PATTERN",
                         "hashlib", "timedelta(days=90)", "% 30", "seats_available < "):
            assert restated not in text, (path.name, restated)
