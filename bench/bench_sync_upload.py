"""Upload of 100,000 donations from a real office store to a real district server, SQLite and PostgreSQL.

What a user waits for when pressing **Sinkronkan** (or running ``amildesk sync``): the donations are
recorded through the office app's own services (``seed_demo`` -> ``record_donation``: the demo's
mix of one- and two-line donations, 2,000 donors, a tenth anonymous) into a real office store
(built once, cached under ``bench/.cache/``, see ``bench/_office.py``), which is enrolled on a fresh
``amildesk-server serve`` (uvicorn on 127.0.0.1, random port) and synced with the desktop's own
``StoreJournalSource`` and the real ``SyncClient`` with the app's retry policy.

Targets (issue 10), each measured against a floor taken in the same run, so the load other programs
put on this shared 2-core machine does not decide:

* upload <= 2.5x the **bare write** of the same rows (the ``events``, ``donations`` and
  ``donation_lines`` rows the server stored, read back and written into a fresh database with
  ``COPY`` / ``executemany`` in one transaction: see ``bench/_sync_common.py``), on SQLite and on
  PostgreSQL; and the upload must be complete: every event on the server once, in order, the
  server's last hash equal to the journal's (the server recomputes the whole chain), every donation
  and line projected, nothing flagged;
* <= 60 wire bytes per donation (gzip request bodies + responses, all of the upload / donations);
* a sync with nothing to send <= 50 ms (median of 20).

``--stand-in`` also runs the earlier figure's set-up (tests/sync/journal.TestJournal, one-line
donations, no office store) against the same kind of server, labelled as stand-in.
``--profile DIR`` samples the benchmark process (client) and the server with py-spy during the
first upload of each backend and prints their top functions.

    .venv/bin/python -m bench.bench_sync_upload [--events 100000] [--runs 3] [--stand-in] [--profile DIR]
PostgreSQL runs when AMILDESK_TEST_PG_URL is set (a scratch schema per run, dropped afterwards).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench._office import cached_store, copy_store, journal_counts
from bench._sync_common import (
    backends,
    bare_write,
    check_upload,
    cpu_seconds,
    enroll_store,
    finish,
    load_average,
    local_state,
    scratch_database,
    stored_rows,
    use_legacy_client,
    verdict,
)
from sync.client.client import SyncClient
from tests.sync.serverproc import ServerProcess

TARGET_RATIO = 2.5
TARGET_BYTES = 60.0
TARGET_IDLE_MS = 50.0
DONORS = 2_000


SIZER: dict[str, int] = {}  # --batch-cap experiments: BatchSizer overrides (the app's defaults otherwise)


def _sync_client(data_dir: Path) -> tuple[Any, Any, SyncClient]:
    """The store opened as the app opens it, its StoreJournalSource and a SyncClient for its link."""
    from desktop.services.context import open_context
    from desktop.services.sync_service import DEFAULT_POLICY
    from desktop.services.sync_source import StoreJournalSource
    from desktop.services.sync_state import link_from_state, read_state

    ctx = open_context(data_dir)
    with ctx.store.read() as conn:
        link = link_from_state(read_state(conn))
    assert link is not None
    from sync.client import client as client_module

    sizer = client_module.BatchSizer(**SIZER) if SIZER else None
    client = SyncClient(link.server_url, link.token, link.ca_bundle, policy=DEFAULT_POLICY, sizer=sizer)
    return ctx, StoreJournalSource(ctx), client


def one_upload(backend: str, store: Path, tmp: Path, rows: dict[str, list[tuple[Any, ...]]], *,
               profile: Path | None) -> dict[str, Any]:
    """A copy of the office store enrolled on a fresh server and database, synced once, checked; then
    the bare write of the same rows (read back from this first upload into ``rows``), right after it."""
    out: dict[str, Any] = {}
    data_dir = copy_store(store, tmp / f"office-{uuid.uuid4().hex[:6]}")
    with scratch_database(backend, tmp) as url:
        server = ServerProcess(url, tmp / f"{backend}.log")
        server.start()
        samplers = []
        try:
            enroll_store(server.base_url, url, data_dir)
            ctx, source, client = _sync_client(data_dir)
            try:
                if profile is not None:
                    import os

                    from bench._profile import Sampler

                    samplers = [Sampler(os.getpid(), profile / f"{backend}-client.txt"),
                                Sampler(server.proc.pid, profile / f"{backend}-server.txt")]  # type: ignore[union-attr]
                server_pid = server.proc.pid  # type: ignore[union-attr]
                cpu_before = cpu_seconds(), cpu_seconds(server_pid)
                started = time.perf_counter()
                result = client.sync(source)
                out["elapsed"] = time.perf_counter() - started
                out["cpu"] = cpu_seconds() - cpu_before[0], cpu_seconds(server_pid) - cpu_before[1]
                for sampler in samplers:
                    sampler.stop()
                assert result.complete, result
                idle = []
                for _ in range(20):
                    started = time.perf_counter()
                    client.sync(source)
                    idle.append(time.perf_counter() - started)
            finally:
                client.close()
                ctx.close()
            out.update(result=result, idle=sorted(idle), problems=check_upload(url, data_dir))
            if not rows:
                rows.update(stored_rows(url, [local_state(data_dir)["device_id"]]))
            out["rows"] = {name: len(r) for name, r in rows.items()}
            out["bare"] = bare_write(backend, tmp, rows)
        finally:
            for sampler in samplers:
                sampler.stop()
            server.stop()
    return out


def cli_upload(backend: str, store: Path, tmp: Path) -> tuple[float, str]:
    """``amildesk sync`` as a user runs it (a new process: start-up, open, upload, pull), on a fresh server."""
    import subprocess
    import sys

    from tests.sync.serverproc import ROOT

    data_dir = copy_store(store, tmp / f"office-cli-{uuid.uuid4().hex[:6]}")
    with scratch_database(backend, tmp) as url:
        server = ServerProcess(url, tmp / f"{backend}-cli.log")
        server.start()
        try:
            enroll_store(server.base_url, url, data_dir)
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data_dir), "sync"],
                                  capture_output=True, text=True, timeout=600, cwd=ROOT)
            elapsed = time.perf_counter() - started
            problems = check_upload(url, data_dir)
        finally:
            server.stop()
    assert done.returncode == 0 and not problems, (done.stdout, done.stderr, problems)
    return elapsed, done.stdout.strip().splitlines()[-1]


def stand_in_upload(backend: str, tmp: Path, count: int) -> dict[str, Any]:
    """The earlier set-up, for comparison only: TestJournal (one-line donations) + SyncClient."""
    from sync.server import admin, db
    from tests.sync.journal import TestJournal

    journal = TestJournal(tmp / f"stand-in-{uuid.uuid4().hex[:6]}.sqlite3", office_code="KLL-BEN")
    journal.many_donations(count, donors=2_000)
    with scratch_database(backend, tmp) as url:
        server = ServerProcess(url, tmp / f"{backend}-stand-in.log")
        server.start()
        try:
            from sync.client.client import enroll

            engine = db.make_engine(server.database_url)
            admin.create_office(engine, "KLL-BEN", "KLL-BEN", office_id=journal.office_id)
            code = admin.issue_enroll_code(engine, "KLL-BEN")
            engine.dispose()
            token = str(enroll(server.base_url, code, device_id=journal.device_id(),
                               office_id=journal.office_id)["token"])
            with SyncClient(server.base_url, token) as client:
                started = time.perf_counter()
                result = client.push(journal)
                elapsed = time.perf_counter() - started
            assert result.complete
        finally:
            server.stop()
            journal.close()
    return {"elapsed": elapsed, "result": result, "count": count}


def run_backend(backend: str, store: Path, tmp: Path, args: argparse.Namespace) -> bool:
    print(f"\n== {backend}  ({load_average()})", flush=True)
    profile_dir = Path(args.profile) if args.profile else None
    if profile_dir is not None:
        profile_dir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[tuple[Any, ...]]] = {}
    runs = [one_upload(backend, store, tmp, rows, profile=profile_dir if i == 0 else None) for i in range(args.runs)]
    first = runs[0]
    counts = journal_counts(store)
    donations, events = counts.get("donation.recorded", 0), sum(counts.values())
    times = [r["elapsed"] for r in runs]
    elapsed = statistics.median(times)
    bares = [r["bare"] for r in runs]
    bare = statistics.median(bares)
    ratios = [r["elapsed"] / r["bare"] for r in runs]  # each upload beside the bare write right after it
    ratio = statistics.median(ratios)
    result = first["result"]
    wire = result.bytes_up + result.bytes_down
    per_donation = wire / donations
    idle = first["idle"]
    idle_median = idle[len(idle) // 2] * 1000
    problems = [p for r in runs for p in r["problems"]]
    ok_ratio, ok_bytes, ok_idle = ratio <= TARGET_RATIO and not problems, per_donation <= TARGET_BYTES, \
        idle_median <= TARGET_IDLE_MS
    print(f"  office store: {donations:,} donations + {events - donations:,} other events "
          f"(record_donation / register_donor, demo mix)")
    print(f"  sync upload     {events:>9,} events in {elapsed:6.2f} s = {events / elapsed:>8,.0f} events/s "
          f"(median of {len(times)}: {', '.join(f'{x:.2f}' for x in times)} s; {result.requests} requests)")
    cpu = [r["cpu"] for r in runs]
    print(f"  CPU seconds     client {statistics.median(c[0] for c in cpu):.2f}, server "
          f"{statistics.median(c[1] for c in cpu):.2f} (medians; the server process only, not the database's)")
    print(f"  bare write      {sum(first['rows'].values()):>9,} rows   in {bare:6.2f} s "
          f"(median: {', '.join(f'{x:.2f}' for x in bares)} s; "
          f"{', '.join(f'{n:,} {name}' for name, n in first['rows'].items())}; one transaction, "
          f"{'COPY' if backend == 'postgresql' else 'executemany'})")
    print(f"  ratio           sync / bare write = {ratio:.2f}x (median of {', '.join(f'{x:.2f}' for x in ratios)}; "
          f"target <= {TARGET_RATIO}x), chain verified and projection written: {'yes' if not problems else 'NO'}: "
          f"{verdict(ok_ratio)}")
    for problem in problems[:5]:
        print(f"    {problem}")
    print(f"  wire bytes      {result.bytes_up / donations:.1f} up + {result.bytes_down / donations:.2f} down = "
          f"{per_donation:.1f} per donation ({wire / events:.1f} per event; target <= {TARGET_BYTES:.0f} per "
          f"donation): {verdict(ok_bytes)}")
    print(f"  nothing to send median {idle_median:.1f} ms, max {idle[-1] * 1000:.1f} ms "
          f"(target <= {TARGET_IDLE_MS:.0f} ms): {verdict(ok_idle)}")
    if args.cli:
        cli_elapsed, said = cli_upload(backend, store, tmp)
        print(f"  amildesk sync   {events:>9,} events in {cli_elapsed:6.2f} s = {events / cli_elapsed:>8,.0f} events/s "
              f"(the command, process start-up included; it said: {said[:60]})")
    if args.stand_in:
        stand = stand_in_upload(backend, tmp, args.events)
        res = stand["result"]
        wire_stand = (res.bytes_up + res.bytes_down) / stand["count"]
        print(f"  [stand-in: TestJournal, one-line donations] {stand['count']:,} events in {stand['elapsed']:.2f} s = "
              f"{stand['count'] / stand['elapsed']:,.0f} events/s, {wire_stand:.1f} wire bytes per donation "
              "(not the verdict)")
    print(f"  ({load_average()})", flush=True)
    if profile_dir is not None:
        from bench._profile import top

        for side in ("client", "server"):
            path = profile_dir / f"{backend}-{side}.txt"
            if path.exists():
                print(top(path, title=f"{backend} {side} (py-spy, first upload)"))
    return ok_ratio and ok_bytes and ok_idle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="donations in the office store")
    parser.add_argument("--donors", type=int, default=DONORS, help="registered donors in the office store")
    parser.add_argument("--runs", type=int, default=3, help="uploads per backend (fresh server and database each)")
    parser.add_argument("--cli", action="store_true", help="also time `amildesk sync` as a command")
    parser.add_argument("--stand-in", action="store_true", help="also run the earlier TestJournal set-up")
    parser.add_argument("--profile", default=None, help="directory for py-spy profiles of the first upload")
    parser.add_argument("--legacy", action="store_true",
                        help="the office side as before issue 10 (dict events, build_batch, 2,000-event batches)")
    parser.add_argument("--protocol", type=int, choices=(1, 2), default=None,
                        help="the batch format the client sends (default: the client's, 2)")
    parser.add_argument("--batch-cap", type=int, default=None, help="experiment: BatchSizer cap_events")
    parser.add_argument("--batch-cap-kib", type=int, default=None, help="experiment: BatchSizer cap_bytes (KiB)")
    args = parser.parse_args()
    if args.legacy:
        use_legacy_client()
        print("LEGACY office side (before issue 10): dict events + build_batch, batches <= 2,000 / 256 KiB")
    if args.protocol:
        from sync.client import client as client_module

        client_module.DEFAULT_PROTOCOL = args.protocol
        print(f"client sends protocol {args.protocol} batches")
    if args.batch_cap:
        SIZER["cap_events"] = args.batch_cap
    if args.batch_cap_kib:
        SIZER["cap_bytes"] = args.batch_cap_kib * 1024
    print(load_average(), flush=True)
    store = cached_store(donations=args.events, donors=args.donors)
    with tempfile.TemporaryDirectory(prefix="amildesk-bench-") as name:
        ok = [run_backend(backend, store, Path(name), args) for backend in backends()]
    if "postgresql" not in backends():
        print("\n== postgresql: skipped (AMILDESK_TEST_PG_URL not set)")
    finish("upload benchmark", all(ok))


if __name__ == "__main__":
    main()
