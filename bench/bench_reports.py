"""Report benchmarks (issue 11): monthly numbers over 1,000,000 donation lines, XLSX of 100,000 rows,
10,000 donor statements. Each figure is printed beside a baseline measured in the same run.

Run: .venv/bin/python bench/bench_reports.py [--lines 1000000] [--donors 10000]

The store is a real office store (initialize_office, every migration, every trigger): its donations
and lines are bulk-inserted with plain ``executemany`` so the triggers of migrations 0002/0004 keep
the running totals exactly as ``record_donation`` would (recording 500,000 donations one transaction
at a time would take most of an hour). No journal events are written: reports never read them. The
store is cached in bench/.cache (keyed by the migrations) and the benchmarks only read it.

Targets and baselines:
- monthly report's numbers (``monthly_figures``: per fund/program/method/day, aid, month-end
  balances) <= 1 s; baseline: one plain GROUP BY of the month's donation lines per fund.
- XLSX of 100,000 rows <= 5 s (``write_xlsx``, xlsxwriter constant_memory); baseline: openpyxl
  write-only mode on the same rows (the alternative the issue asks to compare).
- 10,000 donor statements (PDF, one file each, ``save_all_statements``) <= 60 s; baseline: one
  minimal ReportLab canvas PDF per donor (name and total only) written to the same kind of folder.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._verdict import finish, verdict
from desktop.store import dbapi

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
YEAR = 2025
FUNDS = ("zakat_maal", "zakat_penghasilan", "zakat_fitrah", "infak_tidak_terikat", "infak_terikat", "sedekah",
         "fidyah", "wakaf_uang")
PROGRAMS = (None, "umum", "indonesia_sejahtera", "indonesia_cerdas", "indonesia_sehat", "indonesia_peduli")
METHODS = ("tunai", "tunai", "tunai", "transfer", "qris")


def _key(lines: int, donors: int) -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "desktop/store/migrations/versions").glob("[0-9]*.py")):
        digest.update(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return f"reports-{lines}l-{donors}d-{digest.hexdigest()[:10]}"


def build_store(lines: int, donors: int) -> Path:
    target = CACHE / _key(lines, donors)
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    from desktop.core.funds import DEFAULT_FUNDS
    from desktop.services.setup import SetupInput, initialize_office

    started = time.perf_counter()
    building = CACHE / f".building-{uuid.uuid4().hex[:8]}"
    ctx = initialize_office(building, SetupInput(
        institution_name="Lazismu Kabupaten Paser", institution_address="Jl. Jenderal Sudirman No. 12",
        office_code="KLL-PKS", office_name="Kantor Bench", device_letter="A", admin_username="admin",
        admin_password="demo12345", admin_full_name="Admin Bench"))
    user_id = ctx.require_user().id
    ctx.close()
    known = {f.code for f in DEFAULT_FUNDS}
    funds = [f for f in FUNDS if f in known]
    rng = random.Random(11)
    conn = dbapi.connect(building / "amildesk.sqlite3", isolation_level=None)
    conn.executescript("PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; BEGIN;")
    now = "2025-01-01T00:00:00.000000Z"
    donor_ids = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(donors)]
    conn.executemany(
        "INSERT INTO donors (id, name, nik, npwp, address, anonymous, version, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, 0, 1, ?, ?)",
        [(d, f"Donatur {i:05d}", f"6401{i:012d}", f"{i:015d}" if i % 3 == 0 else None, "Tanah Grogot", now, now)
         for i, d in enumerate(donor_ids)])
    start = datetime(YEAR, 1, 1, tzinfo=UTC) - timedelta(hours=8)
    seconds = 365 * 86400
    donation_rows, line_rows = [], []
    count = lines // 2
    for seq in range(1, count + 1):
        donation_id = f"d{seq:09d}"
        at = (start + timedelta(seconds=seconds * seq // (count + 1))).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        donor = rng.choice(donor_ids) if rng.random() < 0.2 else None
        a, b = rng.choice(funds), rng.choice(funds)
        amount_a, amount_b = rng.randrange(1, 200) * 5_000, rng.randrange(1, 40) * 5_000
        voided = rng.random() < 0.01
        donation_rows.append((donation_id, f"KLL-PKS/{YEAR}/A/{seq:06d}", donor, "Donatur" if donor else "Hamba Allah",
                              donor is None, amount_a + amount_b, rng.choice(METHODS), at, user_id,
                              "batal" if voided else "aktif", "uji" if voided else None))
        line_rows.append((donation_id, 1, a, rng.choice(PROGRAMS), amount_a))
        line_rows.append((donation_id, 2, b, rng.choice(PROGRAMS), amount_b))
        if len(line_rows) >= 100_000 or seq == count:
            conn.executemany(
                "INSERT INTO donations (id, receipt_number, donor_id, donor_name, anonymous, total, payment_method, "
                "recorded_at, user_id, status, void_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?)", donation_rows)
            conn.executemany("INSERT INTO donation_lines (donation_id, line_no, fund_code, program_code, amount) "
                             "VALUES (?,?,?,?,?)", line_rows)
            donation_rows, line_rows = [], []
    conn.execute("INSERT INTO receipt_counters VALUES ('KLL-PKS', ?, 'A', ?)", (YEAR, count))
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    (building / ".complete").write_text("ok\n")
    building.rename(target)
    print(f"  built report store: {lines:,} donation lines, {donors:,} donors in "
          f"{time.perf_counter() - started:.0f} s (cached in {target.relative_to(ROOT)})", flush=True)
    return target


def _ctx(data_dir: Path):  # type: ignore[no-untyped-def]
    from desktop.services.context import open_context

    ctx = open_context(data_dir, exclusive=False)
    ctx.clock = lambda: datetime(YEAR + 1, 1, 15, 3, 0, tzinfo=UTC)
    ctx.timezone_name = "WITA"
    return ctx


def bench_monthly(data_dir: Path) -> bool:
    from desktop.services.report_monthly import build_monthly, monthly_figures
    from desktop.services.reports import ReportRequest, resolve_period

    ctx = _ctx(data_dir)
    period = resolve_period(ctx, ReportRequest("monthly", f"{YEAR}-06"))
    start, end = period.iso_bounds(ctx)
    ours, base = [], []
    figures = monthly_figures(ctx, period)
    conn = dbapi.connect(f"file:{data_dir / 'amildesk.sqlite3'}?mode=ro", uri=True)
    plain = ("SELECT l.fund_code, sum(l.amount) FROM donation_lines l JOIN donations d ON d.id = l.donation_id "
             "WHERE d.status = 'aktif' AND d.recorded_at >= ? AND d.recorded_at < ? GROUP BY l.fund_code")
    expected = dict(conn.execute(plain, (start, end)).fetchall())
    for _ in range(5):
        t = time.perf_counter()
        figures = monthly_figures(ctx, period)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        conn.execute(plain, (start, end)).fetchall()
        base.append(time.perf_counter() - t)
    same = {f.code: f.collected for f in figures.funds if f.collected} == expected
    month_lines = conn.execute("SELECT count(*) FROM donation_lines l JOIN donations d ON d.id = l.donation_id "
                               "WHERE d.recorded_at >= ? AND d.recorded_at < ?", (start, end)).fetchone()[0]
    conn.close()
    t = time.perf_counter()
    from desktop.reports.pdf_out import render_pdf

    pdf = render_pdf(build_monthly(ctx, period))
    whole = time.perf_counter() - t
    ctx.close()
    median, baseline = statistics.median(ours), statistics.median(base)
    ok = median <= 1.0 and same
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other jobs share this machine)")
    print(f"monthly report numbers ({month_lines:,} of the store's lines in June): median {median * 1000:.0f} ms | "
          f"plain GROUP BY median {baseline * 1000:.0f} ms, ratio {median / baseline:.3f}x | same per-fund sums: "
          f"{same} | target <= 1000 ms {verdict(ok)}", flush=True)
    print(f"  whole monthly report as PDF (numbers + {len(pdf) // 1024} KB PDF): {whole * 1000:.0f} ms", flush=True)
    return ok


def _rows(data_dir: Path, n: int) -> list[tuple[object, ...]]:
    conn = dbapi.connect(f"file:{data_dir / 'amildesk.sqlite3'}?mode=ro", uri=True)
    rows = conn.execute("SELECT receipt_number, substr(recorded_at, 12, 5), donor_name, payment_method, total "
                        "FROM donations ORDER BY recorded_at LIMIT ?", (n,)).fetchall()
    conn.close()
    rows = (rows * (n // max(1, len(rows)) + 1))[:n]  # a small --lines store repeats its rows
    return [(i, at, number, name, "Zakat Maal, Infak/Sedekah Tidak Terikat", method, total)
            for i, (number, at, name, method, total) in enumerate(rows, start=1)]


def _clock(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def bench_xlsx(data_dir: Path, tmp: Path, n: int = 100_000) -> bool:
    import openpyxl

    from desktop.reports.model import Column, ColumnKind, ReportDoc, Table
    from desktop.reports.xlsx_out import write_xlsx

    rows = _rows(data_dir, n)
    columns = (Column("No.", ColumnKind.COUNT), Column("Waktu"), Column("Nomor kuitansi"), Column("Donatur"),
               Column("Dana"), Column("Metode"), Column("Jumlah (Rp)", ColumnKind.MONEY))
    doc = ReportDoc("daily", "Laporan Harian Penerimaan", "Lazismu Kabupaten Paser", "Kantor Bench", "2025",
                    "now", (Table("Kuitansi", columns, tuple(rows), total=("Jumlah", "", "", "", "", "", 0)),))
    def baseline() -> None:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Kuitansi")
        sheet.append([c.title for c in columns])
        for row in rows:
            sheet.append(row)
        book.save(tmp / "openpyxl.xlsx")

    # Best of 3, alternating, wall and CPU seconds: this machine's 2 cores are shared with other jobs.
    ours_runs, base_runs = [], []
    for _ in range(3):
        ours_runs.append(_clock(lambda: write_xlsx(doc, tmp / "ours.xlsx")))
        base_runs.append(_clock(baseline))
    ours, ours_cpu = min(ours_runs)
    base, base_cpu = min(base_runs)
    check = openpyxl.load_workbook(tmp / "ours.xlsx", read_only=True)
    read_back = sum(1 for r in check["Kuitansi"].iter_rows(values_only=True)  # data rows: numbered
                    if r and isinstance(r[0], int) and isinstance(r[6], int))
    check.close()
    ok = ours <= 5.0 and read_back == n
    size = (tmp / "ours.xlsx").stat().st_size // 1024
    print(f"XLSX of {n:,} rows (xlsxwriter constant_memory): best of 3 {ours:.2f} s wall, {ours_cpu:.2f} s CPU "
          f"({size} KB) | openpyxl write-only {base:.2f} s wall, {base_cpu:.2f} s CPU, ratio {ours / base:.2f}x | "
          f"rows read back {read_back:,} | target <= 5 s {verdict(ok)}",
          flush=True)
    return ok


def bench_statements(data_dir: Path, tmp: Path) -> bool:
    from reportlab.pdfgen.canvas import Canvas

    from desktop.reports.output import ReportFormat
    from desktop.services.reports import save_all_statements

    ctx = _ctx(data_dir)
    t, cpu = time.perf_counter(), time.process_time()
    files = save_all_statements(ctx, str(YEAR), ReportFormat.PDF, tmp / "statements")
    ours, ours_cpu = time.perf_counter() - t, time.process_time() - cpu
    ctx.close()
    conn = dbapi.connect(f"file:{data_dir / 'amildesk.sqlite3'}?mode=ro", uri=True)
    donors = conn.execute(
        "SELECT p.name, sum(l.amount) FROM donations d JOIN donors p ON p.id = d.donor_id JOIN donation_lines l "
        "ON l.donation_id = d.id JOIN funds f ON f.code = l.fund_code WHERE f.kind = 'zakat' "
        "AND d.status = 'aktif' GROUP BY p.id").fetchall()
    conn.close()
    floor = tmp / "floor"
    floor.mkdir()
    t, cpu = time.perf_counter(), time.process_time()
    for index, (name, total) in enumerate(donors):
        canvas = Canvas(str(floor / f"{index}.pdf"), invariant=1)
        canvas.drawString(72, 720, f"{name}: {total}")
        canvas.save()
    base, base_cpu = time.perf_counter() - t, time.process_time() - cpu
    ok = ours <= 60.0 and len(files) == len(donors)
    print(f"{len(files):,} donor statements (PDF, one file each): {ours:.1f} s wall, {ours_cpu:.1f} s CPU "
          f"({ours / max(1, len(files)) * 1000:.1f} ms each) | minimal one-line canvas PDF per donor "
          f"{base:.1f} s wall, {base_cpu:.1f} s CPU, ratio {ours / base:.2f}x | donors with "
          f"zakat {len(donors):,} | target <= 60 s {verdict(ok)}", flush=True)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--donors", type=int, default=10_000)
    parser.add_argument("--only", choices=("monthly", "xlsx", "statements"))
    args = parser.parse_args()
    data_dir = build_store(args.lines, args.donors)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "monthly"):
            results.append(bench_monthly(data_dir))
        if args.only in (None, "xlsx"):
            results.append(bench_xlsx(data_dir, Path(tmp)))
        if args.only in (None, "statements"):
            results.append(bench_statements(data_dir, Path(tmp)))
    finish("bench_reports", all(results))


if __name__ == "__main__":
    main()
