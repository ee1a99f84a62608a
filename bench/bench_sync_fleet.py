"""50 real office stores syncing 2,000 donations each at once against PostgreSQL.

The server runs the way a district would run it, several uvicorn workers in front of PostgreSQL:

    amildesk-server serve --database-url postgresql+psycopg://USER@HOST/DB --host 0.0.0.0 --workers 2

(``--workers`` = the number of CPU cores; this machine has 2, shared with the 50 devices and with
PostgreSQL). The devices are 10 offices of 5 devices each; each is a real office store whose
donations were recorded through the app's own services (``seed_demo`` -> ``record_donation``, cached
under ``bench/.cache/``), enrolled as the app enrolls, and synced with the app's own ``sync_now``
(``StoreJournalSource`` + ``SyncClient``), each on a thread of its own, spread over a few client
processes (the devices are separate machines in the field; one Python process would serialise
their CPU work on its GIL). All start at the same instant; the figure is every event acknowledged /
time from start until the last device finished.

Target (issue 10): aggregate events/s >= 0.3x the **bare write** of the same rows in the same run
(every device's ``events``, ``donations`` and ``donation_lines`` rows as the server stored them,
written into a fresh PostgreSQL schema with ``COPY`` in one transaction), and no errors: afterwards
the server must hold exactly every event of every device, once, in order, ending with the device's
own last hash, every donation projected, nothing flagged; every ``sync_now`` must say complete.

    .venv/bin/python -m bench.bench_sync_fleet [--devices 50] [--events 2000] [--workers 2] [--procs 5]
PostgreSQL only (AMILDESK_TEST_PG_URL=postgresql+psycopg://USER@HOST/DB; a scratch schema, dropped afterwards).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench._office import cached_store, copy_store
from bench._sync_common import (
    bare_write,
    check_upload,
    cpu_seconds,
    enroll_store,
    finish,
    load_average,
    local_state,
    pg_url,
    scratch_database,
    stored_rows,
    use_legacy_client,
    verdict,
)
from sync.server import db
from tests.sync.serverproc import ROOT, ServerProcess

TARGET_RATIO = 0.3
OFFICES = 10
DONORS = 40  # per device


class WorkersServer(ServerProcess):
    """``amildesk-server serve --workers N`` as a child process."""

    def __init__(self, database_url: str, log_path: Path, workers: int) -> None:
        super().__init__(database_url, log_path)
        self.workers = workers

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "sync.server.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                 "--database-url", self.database_url, "--workers", str(self.workers)],
                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )
        import httpx

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.base_url}/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not start")


def device_stores(devices: int, events: int) -> list[Path]:
    """The cached stores of the fleet: office ``FLT-00``..``FLT-09``, devices A..E of each."""
    started = time.perf_counter()
    stores = [cached_store(donations=events, donors=DONORS, code=f"FLT-{i % OFFICES:02d}",
                           letter="ABCDEFGHJK"[i // OFFICES % 10], seed=100 + i, quiet=True) for i in range(devices)]
    print(f"  {devices} office stores of {events:,} donations ready in {time.perf_counter() - started:.1f} s "
          f"(built through record_donation once, then cached)", flush=True)
    return stores


def _client_process(data_dirs: list[str], start_at: float, queue: Any, legacy: bool = False,
                    protocol: int | None = None) -> None:
    """``sync_now`` for each device on a thread of its own, all starting at ``start_at`` (time.time())."""
    if legacy:
        use_legacy_client()
    if protocol:
        from sync.client import client

        client.DEFAULT_PROTOCOL = protocol
    from desktop.services.context import open_context
    from desktop.services.sync_service import sync_now

    results: list[dict[str, Any]] = []

    def one(data_dir: str) -> None:
        ctx = open_context(Path(data_dir))
        try:
            with ctx.store.read():  # the store's engine is up before the start
                pass
            time.sleep(max(0.0, start_at - time.time()))
            outcome = sync_now(ctx)
            results.append({"data_dir": data_dir, "complete": outcome.complete, "sent": outcome.sent,
                            "flagged": len(outcome.flagged), "end": time.time(),
                            "error": None if outcome.error is None else f"{outcome.error.code}: {outcome.error}"})
        except Exception as exc:  # every failure is reported, none may pass silently
            results.append({"data_dir": data_dir, "error": f"{type(exc).__name__}: {exc}", "end": time.time()})
        finally:
            ctx.close()

    marks: dict[str, float] = {}

    def at_start() -> None:  # the CPU clock when the devices start (opening the stores came before)
        time.sleep(max(0.0, start_at - time.time()))
        marks["start"] = cpu_seconds()

    threads = [threading.Thread(target=one, args=(d,)) for d in data_dirs]
    clock = threading.Thread(target=at_start)
    clock.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    clock.join()
    results[0]["cpu"] = cpu_seconds() - marks["start"]  # this process's CPU from the start to its last device
    queue.put(results)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def run_fleet(data_dirs: list[Path], procs: int, server: ServerProcess, profile: Path | None = None,
              legacy: bool = False, protocol: int | None = None) -> tuple[float, list[dict[str, Any]]]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    start_at = time.time() + 4.0  # every process is up and every store open by then
    groups = [[str(d) for d in data_dirs[i::procs]] for i in range(procs)]
    workers = [ctx.Process(target=_client_process, args=(group, start_at, queue, legacy, protocol))
               for group in groups]
    for worker in workers:
        worker.start()
    samplers = []
    if profile is not None:  # py-spy on every server worker and every client process, from before the start
        from bench._profile import Sampler

        profile.mkdir(parents=True, exist_ok=True)
        server_pids = _children(server.proc.pid) or [server.proc.pid]  # type: ignore[union-attr]
        samplers = [Sampler(pid, profile / f"fleet-server-{pid}.txt") for pid in server_pids]
        samplers += [Sampler(w.pid, profile / f"fleet-client-{w.pid}.txt") for w in workers if w.pid]
    server_pids = [server.proc.pid, *_children(server.proc.pid)]  # type: ignore[union-attr]
    before = {"server": sum(cpu_seconds(p) for p in server_pids), "postgres": postgres_cpu()}
    results: list[dict[str, Any]] = []
    for _ in workers:
        results.extend(queue.get(timeout=900))
    CPU["server"] = sum(cpu_seconds(p) for p in server_pids) - before["server"]
    CPU["postgres"] = postgres_cpu() - before["postgres"]
    CPU["clients"] = sum(r.get("cpu", 0.0) for r in results)
    for worker in workers:
        worker.join(timeout=60)
    for sampler in samplers:
        sampler.stop()
    START[:] = [start_at]
    return max(r["end"] for r in results) - start_at, results


CPU: dict[str, float] = {}
START: list[float] = [0.0]  # time.time() of the start instant


def postgres_cpu() -> float:
    """CPU seconds of every PostgreSQL process on this machine (the database is local)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if "(postgres)" in text:
            total += cpu_seconds(int(stat.parent.name))
    return total


def print_profiles(profile: Path) -> None:
    from bench._profile import top

    for role in ("server", "client"):
        merged = profile / f"fleet-{role}-all.txt"
        merged.write_text("".join(p.read_text() for p in sorted(profile.glob(f"fleet-{role}-[0-9]*.txt"))))
        print(top(merged, title=f"fleet {role} processes (py-spy, all of them)"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--events", type=int, default=2_000, help="donations per device")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--procs", type=int, default=5, help="client processes the devices are spread over")
    parser.add_argument("--profile", default=None, help="directory for py-spy profiles of the server and clients")
    parser.add_argument("--legacy", action="store_true", help="the office side as before issue 10")
    parser.add_argument("--protocol", type=int, choices=(1, 2), default=None,
                        help="the batch format the devices send (default: the client's, 2)")
    args = parser.parse_args()
    profile = Path(args.profile) if args.profile else None
    if not pg_url():
        print("fleet benchmark: skipped (AMILDESK_TEST_PG_URL not set; it runs against PostgreSQL)")
        return
    print(load_average(), flush=True)
    if args.legacy:
        print("LEGACY office side (before issue 10): dict events + build_batch, batches <= 2,000 / 256 KiB")
    stores = device_stores(args.devices, args.events)
    with tempfile.TemporaryDirectory(prefix="amildesk-bench-") as name:
        tmp = Path(name)
        with scratch_database("postgresql", tmp) as url:
            engine = db.make_engine(url)
            db.migrate(engine)
            engine.dispose()
            server = WorkersServer(url, tmp / "fleet.log", args.workers)
            server.start()
            try:
                data_dirs = [copy_store(store, tmp / f"device-{i:02d}") for i, store in enumerate(stores)]
                for data_dir in data_dirs:
                    enroll_store(server.base_url, url, data_dir)
                total = sum(local_state(d)["high_seq"] for d in data_dirs)
                print(f"\n== {args.devices} devices x {args.events:,} donations ({total:,} events), {args.workers} "
                      f"server workers, PostgreSQL ({load_average()})", flush=True)
                elapsed, results = run_fleet(data_dirs, args.procs, server, profile, args.legacy, args.protocol)
            finally:
                server.stop()
            problems = [f"{Path(r['data_dir']).name}: {r['error']}" for r in results if r.get("error")]
            problems += [f"{Path(r['data_dir']).name}: not complete" for r in results
                         if not r.get("error") and not r["complete"]]
            for data_dir in data_dirs:
                problems += [f"{data_dir.name}: {p}" for p in check_upload(url, data_dir)]
            rows = stored_rows(url, [local_state(d)["device_id"] for d in data_dirs])
        bare = bare_write("postgresql", tmp, rows)
    eps, bare_eps = total / elapsed, total / bare
    ratio = eps / bare_eps
    ok = ratio >= TARGET_RATIO and not problems
    print(f"  fleet           {total:>9,} events in {elapsed:6.2f} s = {eps:>8,.0f} events/s aggregate, "
          f"{len(problems)} errors")
    print(f"  bare write      {sum(len(r) for r in rows.values()):>9,} rows   in {bare:6.2f} s = {bare_eps:>8,.0f} "
          f"events/s ({', '.join(f'{len(r):,} {n}' for n, r in rows.items())}; COPY, one transaction)")
    ends = sorted(r["end"] - START[0] for r in results if "end" in r)
    if ends:
        print(f"  devices done    first {ends[0]:.2f} s, half {ends[len(ends) // 2]:.2f} s, "
              f"90 % {ends[int(len(ends) * 0.9)]:.2f} s, last {ends[-1]:.2f} s")
    if CPU:
        print(f"  CPU seconds     clients {CPU['clients']:.1f}, server workers {CPU['server']:.1f}, PostgreSQL "
              f"{CPU['postgres']:.1f} = {sum(CPU.values()):.1f} of the {2 * elapsed:.1f} core-seconds of the run")
    print(f"  ratio           fleet / bare write = {ratio:.2f}x (target >= {TARGET_RATIO}x, 0 errors): {verdict(ok)}")
    for problem in problems[:10]:
        print(f"    {problem}")
    print(f"  ({load_average()})")
    if profile is not None:
        print_profiles(profile)
    finish("fleet benchmark", ok)


if __name__ == "__main__":
    main()
