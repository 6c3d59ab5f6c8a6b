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


def test_a_second_bff_seed_says_why_it_refuses_without_a_traceback() -> None:
    """``bff seed`` on the seeded emulator (``bff emulator`` seeds it): a message and exit 1, no traceback."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    emulator = subprocess.Popen([sys.executable, "-m", "bff.cli", "emulator", "--port", str(port)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert emulator.stdout is not None and "Odoo emulator at" in emulator.stdout.readline()
        env = {"PATH": "/usr/bin:/bin", "ODOO_URL": f"http://127.0.0.1:{port}", "ODOO_DB": "customk9",
               "ODOO_LOGIN": "admin", "ODOO_PASSWORD": "admin"}
        out = subprocess.run([sys.executable, "-m", "bff.cli", "seed"], capture_output=True, text=True, cwd=ROOT,
                             env=env, timeout=60)
    finally:
        emulator.terminate()
        emulator.wait(10)
        if emulator.stdout is not None:
            emulator.stdout.close()
    assert out.returncode == 1
    assert "already holds the CustomK9 demo data; nothing was changed" in out.stderr
    assert "Traceback" not in out.stderr
