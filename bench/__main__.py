"""``make bench``: one markdown table per Odoo (the emulator, and the real Odoo ``ODOO_URL`` names when set).

Rows, for the events page (first 50), the blog index, Dana's dashboard and a training plan of 30 tasks: the BFF,
the same page fetched without a BFF, the critical path; then a bare strawberry app serving the events page's
shape, the same public query repeated (what the public cache makes of it) and the subscription fan-out.
``--bff-env KEY=VALUE`` passes a setting to the BFF process (e.g. to turn a cache off for the uncached rows).
The earlier scaling figures are ``python -m bench.scaling``.
"""

from __future__ import annotations

import argparse
import asyncio
import os

from bench.measure import Load
from bench.run import Target, emulator_target, fan_out_row, odoo_target, run_table
from bench.table import caption, render


async def table(target: Target, load: Load, args: argparse.Namespace, fan_out: bool) -> str:
    try:
        rows = await run_table(target, load, bff_env=dict(args.bff_env))
    finally:
        await target.close()
    if fan_out and args.subscribers:
        rows.append(await fan_out_row(args.subscribers, args.changes, args.latency_ms))
    return f"{caption(target.name, load)}\n\n{render(rows)}\n"


async def main(args: argparse.Namespace) -> list[str]:
    load = Load(requests=args.requests, slow_requests=args.slow_requests, seconds=args.seconds,
                concurrency=args.concurrency)
    tables = []
    if args.target in ("emulator", "all"):
        tables.append(await table(await emulator_target(args.latency_ms), load, args, fan_out=True))
        print(tables[-1], flush=True)
    if args.target in ("odoo", "all") and os.environ.get("ODOO_URL"):
        tables.append(await table(odoo_target(os.environ), load, args, fan_out=False))
        print(tables[-1], flush=True)
    return tables


def _setting(text: str) -> tuple[str, str]:
    key, _, value = text.partition("=")
    return key, value


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=("emulator", "odoo", "all"), default="all",
                        help="all: the emulator, then the real Odoo when ODOO_URL is set")
    parser.add_argument("--latency-ms", type=float, default=8.0, help="added to every emulator call")
    parser.add_argument("--requests", type=int, default=30, help="sequential requests per row")
    parser.add_argument("--slow-requests", type=int, default=3, help="sequential requests of the no-BFF rows")
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each req/s measurement")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients of the req/s measurement")
    parser.add_argument("--subscribers", type=int, default=1000, help="websocket subscribers of the fan-out (0: none)")
    parser.add_argument("--changes", type=int, default=5, help="changes written in Odoo during the fan-out")
    parser.add_argument("--bff-env", type=_setting, action="append", default=[], metavar="KEY=VALUE",
                        help="a setting for the BFF process (repeatable)")
    return parser


if __name__ == "__main__":
    asyncio.run(main(parser().parse_args()))
