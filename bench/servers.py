"""The BFF (``bff serve``), the bare strawberry app and the seeded Odoo emulator (``bff emulator``), each as a
process of its own on a free loopback port, so that the CPU time read from ``/proc`` is theirs alone, and the
emulator answers Odoo calls on a core of its own as a real Odoo would, not in the load generator's loop."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

# Inherited settings the bench must not take from the caller's shell: a metrics token would hide /metrics.
DROPPED = ("BFF_METRICS_TOKEN",)


@dataclass
class Served:
    process: asyncio.subprocess.Process
    url: str

    @property
    def pid(self) -> int:
        return self.process.pid

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(self.process.wait(), timeout=15)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _start(args: list[str], env: Mapping[str, str], probe: str) -> Served:
    port = free_port()
    # The BFF's per-operation JSON log lines would drown the table: its standard output is dropped.
    process = await asyncio.create_subprocess_exec(*args, str(port), env=dict(env),
                                                   stdout=asyncio.subprocess.DEVNULL)
    served = Served(process, f"http://127.0.0.1:{port}")
    async with httpx.AsyncClient(base_url=served.url, timeout=5) as http:
        for _ in range(600):
            if process.returncode is not None:
                raise RuntimeError(f"{args[0]} exited with {process.returncode}")
            try:
                if (await http.post("/graphql", json={"query": probe})).status_code == 200:
                    return served
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    await served.stop()
    raise RuntimeError(f"{args[0]} did not answer on {served.url}")


async def start_bff(odoo_env: Mapping[str, str], extra_env: Mapping[str, str]) -> Served:
    """``bff serve`` over the Odoo that ``odoo_env`` (the ``ODOO_*`` settings) names."""
    env = {key: value for key, value in os.environ.items() if key not in DROPPED}
    # The bench measures capacity: the per-viewer rate limits (600 operations a minute) would refuse it.
    env.update({"BFF_JWT_SECRET": "bench-" + "x" * 40, "BFF_LOG_LEVEL": "WARNING", "BFF_RATE_LIMIT_REQUESTS": "off",
                "BFF_RATE_LIMIT_COST": "off", **odoo_env, **extra_env})
    command = os.path.join(os.path.dirname(sys.executable), "bff")
    return await _start([command, "serve", "--port"], env, "{ __typename }")


async def start_bare(data_file: str) -> Served:
    """``bench.bare`` serving the events page held in ``data_file``."""
    return await _start([sys.executable, "-m", "bench.bare", data_file], os.environ, "{ __typename }")


async def start_emulator(latency_ms: float) -> tuple[Served, str]:
    """``bff emulator`` seeded with the demo data, ``latency_ms`` added to every call (seeding included);
    the process and the integration account's API key it prints."""
    port = free_port()
    command = os.path.join(os.path.dirname(sys.executable), "bff")
    process = await asyncio.create_subprocess_exec(command, "emulator", "--port", str(port), "--latency-ms",
                                                   str(latency_ms), env=dict(os.environ),
                                                   stdout=asyncio.subprocess.PIPE)
    assert process.stdout is not None
    line = (await asyncio.wait_for(process.stdout.readline(), timeout=120)).decode()
    key = re.search(r"API key (\S+);", line)
    served = Served(process, f"http://127.0.0.1:{port}")
    if key is None:
        await served.stop()
        raise RuntimeError(f"the emulator did not start: {line!r}")
    return served, key.group(1)
