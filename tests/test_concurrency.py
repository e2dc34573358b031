"""Many desks at once: eight processes write incidents, handover notes and referrals into
one database at the same time. Nothing may be lost and no desk may see "database is
locked" — on SQLite (WAL, ``BEGIN IMMEDIATE``, busy timeout) and on PostgreSQL.

The full-size figures (8 × 500) come from ``python -m benchmarks.concurrency``.
"""

from __future__ import annotations

from benchmarks.desk_load import KINDS, run_desks, stored

PROCESSES = 8
COUNT = 40  # records per process


def test_eight_desks_writing_at_once_lose_nothing(demo_url, tmp_path):
    before = stored(demo_url)

    run = run_desks(demo_url, PROCESSES, COUNT, tmp_path / "workers", timeout=300)

    problems = run.problems()
    assert not problems, "\n".join(problems)
    assert run.returncodes == [0] * PROCESSES
    assert not any("locked" in e["message"].lower() for e in run.errors)
    assert all(r is not None and len(r["latencies"]) == COUNT for r in run.results)
    # Every worker said what it wrote, and the whole plan was written.
    assert sum(run.expected.values()) == PROCESSES * COUNT
    assert run.written == run.expected
    # The workers really wrote at the same time (at least two had started before the
    # first one was done; in practice all eight have).
    first_done = min(r["finished"] for r in run.results)
    assert sum(r["started"] < first_done for r in run.results) >= 2

    after = stored(demo_url)
    for kind in KINDS:
        assert after.count(kind) - before.count(kind) == run.expected[kind], kind
    # The statistics (kept as a tally in the same transactions) agree with the incidents.
    assert after.tally_total == after.incidents
    assert after.tally_types == after.tally_zones == after.tally_cells == after.incidents
    # Every incident has its first revision.
    assert after.first_revisions == after.incident_ids
