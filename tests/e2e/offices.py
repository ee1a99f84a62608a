"""Real office stores and the two real command lines, for the end-to-end sync tests."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text

from desktop.services.context import AppContext, open_context
from desktop.services.donations import DonationInput, LineInput, record_donation, void_donation
from desktop.services.setup import SetupInput, initialize_office
from desktop.services.users import login
from tests.sync.conftest import ROOT, Env

PASSWORD = "rahasia123"


def office_code() -> str:
    return f"K{uuid.uuid4().hex[:6].upper()}"


def new_office(data_dir: Path, code: str, letter: str = "A") -> Path:
    ctx = initialize_office(data_dir, SetupInput(
        institution_name="BAZNAS Kabupaten Uji", institution_address="Jl. Merdeka 1", office_code=code,
        office_name=f"Kantor {code}", device_letter=letter, admin_username="admin", admin_password=PASSWORD,
    ))
    ctx.close()
    return data_dir


@contextmanager
def clerk(data_dir: Path) -> Iterator[AppContext]:
    """The store opened as the app does (instance lock held), logged in as the admin."""
    ctx = open_context(data_dir)
    try:
        login(ctx, "admin", PASSWORD)
        yield ctx
    finally:
        ctx.close()


def donate(ctx: AppContext, count: int = 1, amount: int = 25_000) -> list[str]:
    """Record ``count`` donations through the service; returns their ids."""
    return [
        record_donation(ctx, DonationInput(lines=(LineInput("zakat_maal", amount=amount + i),), anonymous=True)).id
        for i in range(count)
    ]


def donate_and_void(ctx: AppContext) -> None:
    recorded = record_donation(ctx, DonationInput(lines=(LineInput("infak_tidak_terikat", amount=5_000),),
                                                  anonymous=True))
    void_donation(ctx, recorded.receipt_number, "salah input")


def amildesk(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data_dir), *args],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def status(data_dir: Path) -> dict[str, Any]:
    return dict(json.loads(amildesk(data_dir, "status", "--json").stdout))


def server_cli(env: Env, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "sync.server.cli", *args, "--database-url",
                             env.server.database_url], capture_output=True, text=True, timeout=120, cwd=ROOT)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def server_device(env: Env, device_id: str) -> dict[str, Any]:
    """The device as ``amildesk-server status --json`` reports it."""
    report = json.loads(server_cli(env, "status", "--json").stdout)
    return dict(next(d for o in report["offices"] for d in o["devices"] if d["device_id"] == device_id))


def enroll(env: Env, data_dir: Path, code: str, url: str | None = None, *, again: bool = False) -> None:
    """Enroll the office store in ``data_dir``; ``again``: re-enroll its device (a device-bound code)."""
    from sync.server import admin

    device = str(status(data_dir)["device_id"]) if again else None
    one_time = admin.issue_enroll_code(env.engine, code, device)
    amildesk(data_dir, "enroll", "--server", url or env.server.base_url, "--code", one_time)


def local_events(data_dir: Path) -> list[dict[str, Any]]:
    from desktop.store.journal import iter_events

    ctx = open_context(data_dir, exclusive=False)
    try:
        with ctx.store.read() as conn:
            return list(iter_events(conn, ctx.office.identity))
    finally:
        ctx.close()


def server_donation_ids(env: Env, device_id: str) -> list[str]:
    with env.engine.connect() as conn:
        rows = conn.execute(text("SELECT id FROM donations WHERE device_id = :d"), {"d": device_id}).all()
    return [str(r[0]) for r in rows]


def assert_exactly_once(env: Env, data_dir: Path) -> dict[str, Any]:
    """Server and device agree: every local event stored once, in order, same hashes; verify passes."""
    local = status(data_dir)
    device = server_device(env, local["device_id"])
    assert local["unsent"] == 0 and local["acked_seq"] == local["journal_high_seq"], local
    assert device["acked_seq"] == local["journal_high_seq"] == device["events"], (device, local)
    stored = dict(env.server_events(local["device_id"]))
    assert sorted(stored) == list(range(1, device["acked_seq"] + 1))  # gap-free, each seq once
    for event in local_events(data_dir):
        assert stored[event["seq"]] == event["hash"], event["seq"]
    assert "OK" in amildesk(data_dir, "verify").stdout
    return local
