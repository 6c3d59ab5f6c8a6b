"""The bff console script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

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


def test_bff_persisted_queries_writes_a_manifest_the_allow_list_loads(tmp_path: Path) -> None:
    from bff.document_cache import document_hash
    from bff.persisted_manifest import load_manifest

    (tmp_path / "count.graphql").write_text("query Count { events(first: 0) { totalCount } }\n")
    (tmp_path / "typename.graphql").write_text("{ __typename }")
    out = subprocess.run([sys.executable, "-m", "bff.cli", "persisted-queries", *sorted(map(str, tmp_path.iterdir()))],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    manifest = tmp_path / "manifest.json"
    manifest.write_text(out.stdout)
    texts = ["query Count { events(first: 0) { totalCount } }\n", "{ __typename }"]
    assert load_manifest(manifest) == {document_hash(text): text for text in texts}
    assert '"name": "Count"' in out.stdout and '"name": "typename"' in out.stdout


def test_bff_persisted_queries_refuses_a_document_the_bff_would_refuse(tmp_path: Path) -> None:
    (tmp_path / "bad.graphql").write_text("{ noSuchField }")
    (tmp_path / "deep.graphql").write_text("{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }")
    for name, message in (("bad", "noSuchField"), ("deep", "31 aliases")):
        out = subprocess.run([sys.executable, "-m", "bff.cli", "persisted-queries", str(tmp_path / f"{name}.graphql")],
                             capture_output=True, text=True, cwd=ROOT)
        assert out.returncode == 2 and f"{name}.graphql" in out.stderr and message in out.stderr


def test_bff_serve_runs_on_uvloop_with_httptools(monkeypatch: Any) -> None:
    import asyncio

    import uvloop

    from bff import cli
    from bff.settings import Settings

    loops: list[type] = []

    async def fake_serve(settings: Settings, host: str, port: int, demo: bool) -> None:
        loops.append(type(asyncio.get_running_loop()))

    monkeypatch.setattr(cli, "_serve", fake_serve)
    assert cli.main(["serve", "--port", "0"]) == 0
    assert loops == [uvloop.Loop]
    assert cli.uvicorn_config(object(), Settings(), host="127.0.0.1", port=0).http == "httptools"


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
