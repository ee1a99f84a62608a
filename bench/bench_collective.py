"""Collective collection benchmark (issue 14): a 2,000-payer list saved, numbered and rendered.

    python bench/bench_collective.py [--payers 2000] [--workers N] [--no-serial]

Measured: reading the CSV list, ``record_collective`` (one transaction: 2,000 new payers, 2,000
donations with their receipt numbers and events, the collective), then the collective receipt PDF
and 2,000 payer receipt PDFs written into a folder (``save_collective_receipts``), all on a real
office store (synchronous=FULL, as at the counter). Target: <= 30 s.

Baseline, same run, same store kind: the same 2,000 payers recorded one by one through the normal
donation path, each receipt rendered and saved as a PDF right after its save (``record_donation``
then ``deliver_receipt`` to PDF, the path of an office without a printer). Also printed: the
collective path rendering on one core only (``--no-serial`` skips it), since the machine's core count
decides how much the worker processes help.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._verdict import finish

TARGET_S = 30.0
PASSWORD = "rahasia123"


def _office(folder: Path):  # type: ignore[no-untyped-def]
    from desktop.services.auth import login
    from desktop.services.settings import update_settings
    from desktop.services.setup import SetupInput, initialize_office

    ctx = initialize_office(folder, SetupInput(
        institution_name="BAZNAS Kabupaten Paser", institution_address="Jl. Jenderal Sudirman 1",
        office_code="UPZ-PSR", office_name="UPZ Paser Berinfaq", device_letter="A", admin_username="admin",
        admin_password=PASSWORD, admin_full_name="Admin UPZ"))
    login(ctx, "admin", PASSWORD)
    update_settings(ctx, paper_format="a5", printer_name="__pdf__")
    return ctx


def collective_run(root: Path, payers: int, workers: int | None) -> tuple[float, dict[str, float]]:
    from desktop.services.collective import CollectiveInput, record_collective
    from desktop.services.collective_import import read_payer_lines
    from desktop.services.collective_receipts import save_collective_receipts
    from desktop.services.institutions import InstitutionInput, create_institution
    from tests.collective_data import payer_rows, rows_total, write_csv

    ctx = _office(root / "office")
    try:
        opd = create_institution(ctx, InstitutionInput("Dinas Pendidikan Kabupaten Paser", "opd"))
        rows = payer_rows(payers)
        path = write_csv(root / "gaji.csv", rows)
        parts: dict[str, float] = {}
        start = time.perf_counter()
        lines = read_payer_lines(path)
        parts["read"] = time.perf_counter() - start
        mark = time.perf_counter()
        saved = record_collective(ctx, CollectiveInput(opd.id, "2026-11", rows_total(rows), "transfer", tuple(lines),
                                                       "SP2D-2026-11"))
        parts["save+number"] = time.perf_counter() - mark
        mark = time.perf_counter()
        files = save_collective_receipts(ctx, saved.id, root / "pdf", workers=workers)
        parts["render"] = time.perf_counter() - mark
        total = time.perf_counter() - start
        assert saved.payer_count == payers and len(files.payer_pdfs) == payers
        assert len(list((root / "pdf").glob("*.pdf"))) == payers + 1
        return total, parts
    finally:
        ctx.close()


def baseline_run(root: Path, payers: int) -> float:
    """The same payers one by one at the counter: new donor, donation, receipt PDF; 2,000 times."""
    from desktop.services.donations import DonationInput, LineInput, record_donation
    from desktop.services.donors import DonorInput
    from desktop.services.settings import load_settings
    from desktop.ui.delivery import deliver_receipt
    from tests.collective_data import FUNDS, payer_rows

    ctx = _office(root / "office")
    codes = {"Infak/Sedekah Tidak Terikat": "infak_tidak_terikat"}
    try:
        settings = load_settings(ctx.store)
        rows = payer_rows(payers)
        assert set(FUNDS)
        start = time.perf_counter()
        for name, identity, fund, amount in rows:
            nik = str(identity) if len(str(identity)) == 16 else None
            recorded = record_donation(ctx, DonationInput(
                lines=(LineInput(codes.get(str(fund), str(fund)), amount=int(str(amount))),),
                payment_method="transfer", payment_reference="SP2D-2026-11",
                new_donor=DonorInput(name=str(name), nik=nik)))
            delivery = deliver_receipt(ctx, settings, recorded.receipt_number, folder=root / "pdf", force_pdf=True)
            assert delivery.outcome == "pdf"
        return time.perf_counter() - start
    finally:
        ctx.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--payers", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=None, help="render processes (default: one per core)")
    parser.add_argument("--no-serial", action="store_true", help="skip the one-core collective run")
    args = parser.parse_args()
    from desktop.receipts.batch import workers_for

    workers = args.workers if args.workers is not None else workers_for(args.payers)
    print(f"{args.payers} payers, {os.cpu_count()} cores, {workers} render worker(s)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        ours, parts = collective_run(Path(tmp) / "collective", args.payers, workers)
    split = ", ".join(f"{k} {v:.2f} s" for k, v in parts.items())
    print(f"collective: {ours:.2f} s ({split})", flush=True)
    serial = None
    if not args.no_serial:
        with tempfile.TemporaryDirectory() as tmp:
            serial, serial_parts = collective_run(Path(tmp) / "serial", args.payers, 1)
        print(f"collective on one core: {serial:.2f} s (render {serial_parts['render']:.2f} s)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline_run(Path(tmp) / "baseline", args.payers)
    print(f"baseline (one by one through record_donation + receipt PDF): {base:.2f} s", flush=True)
    ok = ours <= TARGET_S * args.payers / 2000
    print(f"collective / baseline = {ours / base:.2f}x" + (f"; one core: {serial / base:.2f}x" if serial else ""))
    print(f"target: <= {TARGET_S * args.payers / 2000:.1f} s for {args.payers} payers")
    finish("bench_collective", ok)


if __name__ == "__main__":
    main()
