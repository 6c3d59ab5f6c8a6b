"""The bff console script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bff_schema_prints_the_committed_sdl() -> None:
    out = subprocess.run([sys.executable, "-m", "bff.cli", "schema"], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    assert out.stdout == (ROOT / "schema.graphql").read_text()


def test_bff_seed_without_odoo_url_explains_what_it_needs() -> None:
    env = {"PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "bff.cli", "seed"], capture_output=True, text=True, cwd=ROOT,
                         env=env)
    assert out.returncode == 2 and "ODOO_URL" in out.stderr
