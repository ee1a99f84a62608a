"""District console benchmarks (issue 12) on PostgreSQL, each beside a baseline measured in the same run.

Run: AMILDESK_TEST_PG_URL=postgresql+psycopg://... .venv/bin/python bench/bench_console.py
     [--offices 200] [--donations 4000000] [--requests 60] [--clients 50]

Data: 200 offices with 2 years of donations (4,000,000 donations, one line each, funds and programs
spread, uniformly over the 730 days up to today) written with SQL ``generate_series`` into a schema
migrated by the server's own migrations; the console's day totals are then built by the migration's
backfill (``sync.server.totals.rebuild``, timed) exactly as an existing district's upgrade builds
them. The schema is kept between runs (named after the sizes and the migrations) and reused.

1. Ringkasan ``GET /`` (all offices, month to date, targets, devices, flags, mismatches, cash) over
   HTTP from the real server (``amildesk-server serve``), logged in, one request at a time: p95 of the
   server's own time (``Server-Timing``) <= 200 ms. Baseline: the naive query the projection replaces,
   the month's GROUP BY over all donations and their lines (p95 of the same number of runs is not
   affordable: 5 runs). The full-history GROUP BY is printed once for scale.
2. Receipt verification ``GET /v?n=&c=`` (JSON) with 50 concurrent clients, each from its own loopback
   address at the most the per-address limit lets it ask (30 a minute: one look-up every 1.5-2.5 s,
   30 look-ups of different valid receipts each, about a minute in all): p95 round trip <= 20 ms.
   Baseline: ``GET /api/v1/health`` with the same clients, pacing and server (the bare HTTP floor).
   ``--pause`` changes the pacing (``--pause 0.05`` is a stress test far beyond what the limit allows).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import random
import re
import statistics
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import p95
from bench._sync_common import pg_url
from bench._verdict import finish, verdict
from sync.protocol.receipt_check import verification_code
from sync.server import db
from sync.server.console.users import create_user
from sync.server.reference import put_items
from sync.server.totals import rebuild
from tests.sync.serverproc import ServerProcess

ROOT = Path(__file__).resolve().parents[1]
FUNDS = ("zakat_maal", "zakat_penghasilan", "zakat_fitrah", "infak_tidak_terikat", "infak_terikat", "sedekah",
         "fidyah", "kurban")
PROGRAMS = ("umum", "indonesia_sejahtera", "indonesia_cerdas", "indonesia_sehat", "indonesia_peduli")
PASSWORD = "bench-console-pass"
WIB = 7


def schema_name(offices: int, donations: int) -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "sync/server/migrations/versions").glob("[0-9]*.py")):
        digest.update(path.read_bytes())
    return f"bench_console_{offices}o_{donations}d_{digest.hexdigest()[:8]}"


def database_url(schema: str) -> str:
    base = pg_url()
    assert base is not None
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


def build(offices: int, donations: int) -> str:
    """The migrated schema with offices, devices and donations; day totals by the migration backfill."""
    schema = schema_name(offices, donations)
    root = create_engine(pg_url() or "")
    with root.begin() as conn:
        ready = conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}).first()
        if ready:
            done = conn.execute(text(f'SELECT count(*) FROM "{schema}".counters WHERE name = \'bench_ready\''))
            if done.scalar():
                print(f"reusing schema {schema}", flush=True)
                return database_url(schema)
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    root.dispose()
    url = database_url(schema)
    engine = db.make_engine(url)
    db.migrate(engine)
    end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    start = end - timedelta(days=730)
    span = (end - start).total_seconds()
    started = time.perf_counter()
    funds = "ARRAY[" + ",".join(f"'{f}'" for f in FUNDS) + "]"
    programs = "ARRAY[" + ",".join(f"'{p}'" for p in PROGRAMS) + "]"
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO offices (id, code, name, created_at) SELECT 'B' || lpad(i::text, 3, '0'), "
            "'B' || lpad(i::text, 3, '0'), 'Kantor Kecamatan ' || i, :now FROM generate_series(1, :n) i"),
            {"n": offices, "now": start.isoformat()})
        conn.execute(text(
            "INSERT INTO devices (id, office_id, label, token_hash, enrolled_at, acked_seq, last_hash, "
            "last_contact_at, app_version, letter) SELECT 'dev-' || i, 'B' || lpad(i::text, 3, '0'), 'Kasir', "
            "md5('t' || i) || md5('u' || i), :start, :per, repeat('0', 64), :now, '0.1.0', 'A' "
            "FROM generate_series(1, :n) i"),
            {"n": offices, "start": start.isoformat(), "now": end.isoformat(), "per": donations // offices})
        conn.execute(text(
            "INSERT INTO donations (id, office_id, device_id, seq, receipt_number, donor_id, donor_name, donor_nik, "
            "donor_npwp, anonymous, total, payment_method, payment_reference, recorded_at, user_id, status, "
            "needs_review) SELECT 'don-' || g, 'B' || lpad((g % :o + 1)::text, 3, '0'), 'dev-' || (g % :o + 1), "
            "g / :o + 1, 'B' || lpad((g % :o + 1)::text, 3, '0') || '/2026/A/' || lpad((g / :o + 1)::text, 6, '0'), "
            "NULL, 'Hamba Allah', NULL, NULL, true, (g % 40 + 1) * 5000, 'tunai', NULL, "
            "to_char(((:start)::timestamptz + (g::float8 / :n * :span) * interval '1 second') AT TIME ZONE 'UTC', "
            "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), NULL, CASE WHEN g % 97 = 0 THEN 'void' ELSE 'recorded' END, false "
            "FROM generate_series(0, :n - 1) g"),
            {"o": offices, "n": donations, "start": start.isoformat(), "span": span})
        conn.execute(text(
            f"INSERT INTO donation_lines (donation_id, line_no, fund_code, program_code, amount, quantity, unit) "
            f"SELECT 'don-' || g, 1, ({funds})[g % {len(FUNDS)} + 1], "
            f"CASE WHEN g % 3 = 0 THEN NULL ELSE ({programs})[g % {len(PROGRAMS)} + 1] END, (g % 40 + 1) * 5000, "
            f"NULL, NULL FROM generate_series(0, :n - 1) g"), {"n": donations})
        conn.execute(text(
            "INSERT INTO review_flags (device_id, seq, office_id, code, message, created_at) SELECT 'dev-' || i, 1, "
            "'B' || lpad(i::text, 3, '0'), 'unknown_fund', 'unknown fund', :now FROM generate_series(1, :n, 7) i"),
            {"n": offices, "now": end.isoformat()})
    print(f"wrote {offices} offices and {donations:,} donations in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    with engine.begin() as conn:
        rows = rebuild(conn)
    print(f"migration backfill of day totals (totals.rebuild): {rows:,} rows in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    month = (end + timedelta(hours=WIB)).strftime("%Y-%m")
    with engine.begin() as conn:
        put_items(conn, "target", [(f"{month}/fund/zakat_maal", {"month": month, "fund_code": "zakat_maal",
                                                                  "program_id": None, "amount": 50_000_000})],
                  office_id="B001")
        for i in range(2, offices + 1):
            put_items(conn, "target", [(f"{month}/fund/zakat_maal", {
                "month": month, "fund_code": "zakat_maal", "program_id": None, "amount": 40_000_000 + i})],
                office_id=f"B{i:03d}")
        conn.execute(text("INSERT INTO counters (name, value) VALUES ('bench_ready', 1)"))
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    engine.dispose()
    return url


def naive_ringkasan(url: str) -> list[float]:
    """The query a console without projections would run per page view, timed in the database."""
    engine = create_engine(url)
    now = datetime.now(UTC) + timedelta(hours=WIB)
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0) - timedelta(hours=WIB)
    query = text("SELECT d.office_id, sum(l.amount) FROM donations d JOIN donation_lines l ON l.donation_id = d.id "
                 "WHERE d.status = 'recorded' AND d.recorded_at >= :first GROUP BY d.office_id")
    samples = []
    with engine.connect() as conn:
        conn.execute(query, {"first": first.strftime("%Y-%m-%dT%H:%M:%S")}).all()  # warm the cache
        for _ in range(5):
            started = time.perf_counter()
            conn.execute(query, {"first": first.strftime("%Y-%m-%dT%H:%M:%S")}).all()
            samples.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        conn.execute(text("SELECT d.office_id, sum(l.amount) FROM donations d JOIN donation_lines l "
                          "ON l.donation_id = d.id WHERE d.status = 'recorded' GROUP BY d.office_id")).all()
        print(f"for scale: the full-history GROUP BY over all donations takes "
              f"{(time.perf_counter() - started) * 1000:.0f} ms", flush=True)
    engine.dispose()
    return samples


def login(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    answer = client.post("/login", data={"csrf": csrf.group(1), "username": "bench", "password": PASSWORD})
    assert answer.status_code == 303, answer.text[:300]
    return client


def ringkasan(base: str, requests: int, offices: int) -> tuple[list[float], list[float]]:
    client = login(base)
    server, wall = [], []
    for i in range(requests + 3):
        started = time.perf_counter()
        page = client.get("/")
        elapsed = (time.perf_counter() - started) * 1000
        assert page.status_code == 200 and page.text.count("data-office=") == offices
        if i >= 3:  # warm-up
            wall.append(elapsed)
            server.append(float(page.headers["server-timing"].split("dur=")[1]))
    client.close()
    return server, wall


def samples_for(url: str, count: int) -> list[tuple[str, str]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT receipt_number, id, total, recorded_at FROM donations "
                                 "WHERE status = 'recorded' ORDER BY random() LIMIT :n"), {"n": count}).all()
    engine.dispose()
    return [(r[0], verification_code(r[0], r[1], int(r[2]), r[3])) for r in rows]


def concurrent(base: str, clients: int, per_client: int, path_of: list[str], json: bool,
               pause: float) -> list[float]:
    """``clients`` threads, each from its own loopback address, ``per_client`` requests with pauses."""
    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[str] = []
    start = threading.Barrier(clients)

    def run(index: int) -> None:
        rng = random.Random(index)
        http = httpx.Client(base_url=base, timeout=30,
                            transport=httpx.HTTPTransport(local_address=f"127.0.{1 + index // 200}.{10 + index % 200}"))
        headers = {"Accept": "application/json"} if json else {}
        mine = []
        start.wait()
        for k in range(per_client):
            time.sleep(rng.uniform(pause * 0.75, pause * 1.25))
            began = time.perf_counter()
            answer = http.get(path_of[(index * per_client + k) % len(path_of)], headers=headers)
            mine.append((time.perf_counter() - began) * 1000)
            if answer.status_code != 200 or (json and answer.json().get("status") != "valid"):
                errors.append(f"{answer.status_code} {answer.text[:100]}")
        http.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offices", type=int, default=200)
    parser.add_argument("--donations", type=int, default=4_000_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between one client's look-ups")
    args = parser.parse_args()
    if not pg_url():
        print("set AMILDESK_TEST_PG_URL to a PostgreSQL database", file=sys.stderr)
        raise SystemExit(2)
    url = build(args.offices, args.donations)
    engine = db.make_engine(url)
    with contextlib.suppress(ValueError):  # the user is kept from an earlier run
        create_user(engine, "bench", "auditor", PASSWORD)
    engine.dispose()
    log = Path(ROOT / "bench" / ".cache")
    log.mkdir(parents=True, exist_ok=True)
    proc = ServerProcess(url, log / "bench_console_server.log", ("--workers", str(args.workers)))
    proc.start()
    try:
        baseline = naive_ringkasan(url)
        server, wall = ringkasan(proc.base_url, args.requests, args.offices)
        ok_ringkasan = p95(server) <= 200
        print(f"Ringkasan ({args.offices} offices, {args.donations:,} donations): server p95 {p95(server):.1f} ms "
              f"(median {statistics.median(server):.1f}), round trip p95 {p95(wall):.1f} ms | baseline naive month "
              f"GROUP BY p95 {p95(baseline):.0f} ms (median {statistics.median(baseline):.0f}), ratio "
              f"{p95(server) / p95(baseline):.3f}x | target server p95 <= 200 ms {verdict(ok_ringkasan)}", flush=True)
        receipts = samples_for(url, args.clients * 30)
        paths = [f"/v?n={quote(n, safe='/')}&c={c}" for n, c in receipts]
        verify = concurrent(proc.base_url, args.clients, 30, paths, json=True, pause=args.pause)
        health = concurrent(proc.base_url, args.clients, 30, ["/api/v1/health"], json=False, pause=args.pause)
        ok_verify = p95(verify) <= 20
        print(f"Verification ({args.clients} concurrent clients, one look-up each every ~{args.pause:g} s, "
              f"{len(verify)} look-ups): p95 {p95(verify):.1f} ms "
              f"(median {statistics.median(verify):.1f}) | baseline /api/v1/health p95 {p95(health):.1f} ms "
              f"(median {statistics.median(health):.1f}), ratio {p95(verify) / p95(health):.2f}x | "
              f"target p95 <= 20 ms {verdict(ok_verify)}", flush=True)
    finally:
        proc.stop()
    finish("bench_console", ok_ringkasan and ok_verify)


if __name__ == "__main__":
    main()
