"""``make bench``'s table code in a tiny configuration (a couple of requests per row), so it cannot rot.

No timing is asserted (speed targets live in the bench's printed figures); what is asserted is that every row
is measured, that each path makes the Odoo calls it stands for, and that the data the bench creates in Odoo
is removed again when it is asked to clean up (as it does on a real Odoo).
"""

from __future__ import annotations

from bench import data
from bench.measure import Load, percentile
from bench.pages import PAGES
from bench.run import emulator_target, fan_out_row, run_table
from bench.table import HEADER, render

TINY = Load(requests=2, slow_requests=1, seconds=0.2, concurrency=2)
PATHS = ("BFF", "no BFF (call per list and record)", "critical path (nested specification per list)")


def test_percentile_is_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert (percentile(samples, 50), percentile(samples, 99), percentile([7.0], 99)) == (50.0, 99.0, 7.0)


async def test_the_table_measures_every_page_three_ways_and_cleans_up() -> None:
    target = await emulator_target(latency_ms=1)
    target.cleanup = True
    try:
        rows = await run_table(target, TINY, bff_env={})
        leftovers = [await target.admin.search(model, [("name", "like", data.MARK)]) for model in data.MODELS]
    finally:
        await target.close()
    assert target.emulator is not None and target.emulator.process.returncode is not None  # the emulator stopped
    expected = [(page.name, path) for page in PAGES for path in PATHS]
    assert [(row.page, row.path) for row in rows[:12]] == expected
    assert [row.path for row in rows[12:]] == ["bare strawberry app, same shape, data in memory",
                                               "BFF, the same public GET repeated (cache)"]
    for i in range(0, 12, 3):
        bff, naive, critical = rows[i:i + 3]
        assert naive.calls > critical.calls >= 1, (naive, critical)
        assert isinstance(bff.calls, float) and bff.calls >= 0
        assert bff.timing is not None and bff.timing.samples == 2 and bff.timing.cpu_ms is not None
        assert bff.ratio.endswith("× critical p50")
    events_naive, events_critical = rows[1], rows[2]
    assert events_critical.calls == 1  # one web_search_read with a nested specification
    assert events_naive.calls > 2 + 50 * 3  # count, page, then each event's category, tags and tickets
    assert rows[5].calls == 1 and rows[8].calls == 6 and rows[11].calls == 2  # blog, dashboard (one per list), plan
    assert rows[10].calls == 2 + 3 + 1 + 30  # the plan, its dog, its 3 stages, its tasks ids, each task
    assert leftovers == [[] for _ in data.MODELS]
    table = render(rows).splitlines()
    assert table[0] == "| " + " | ".join(HEADER) + " |" and len(table) == 2 + len(rows)


async def test_the_fan_out_row_counts_every_delivery() -> None:
    row = await fan_out_row(subscribers=3, changes=1, latency_ms=0)
    assert row.calls == "1 bus socket" and row.ratio.startswith("delivered 3/3;")
    assert "|" + " 3 websocket subscribers, 1 BFF process " + "|" in render([row])
