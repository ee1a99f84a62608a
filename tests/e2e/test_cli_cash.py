"""``amildesk close-day`` / ``deposit`` and the command-line conventions of issue 11, as real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from desktop.cli import _parser
from desktop.core.roles import Role
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.setup import SetupInput, initialize_office
from desktop.services.users import create_user
from desktop.store import dbapi
from sync.server.cli import build_parser as server_parser

PASSWORD = "rahasia123"


def amildesk(data_dir: Path, *args: str, stdin: str | None = None, after: bool = False,
             check: bool = True) -> subprocess.CompletedProcess[str]:
    where = [*args, "--data-dir", str(data_dir)] if after else ["--data-dir", str(data_dir), *args]
    result = subprocess.run([sys.executable, "-m", "desktop.cli", *where], input=stdin, capture_output=True,
                            text=True, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, str]:
    """An office with a head, yesterday's donations (cash and transfer); returns (data dir, yesterday)."""
    data = tmp_path / "kantor"
    ctx = initialize_office(data, SetupInput(
        institution_name="BAZNAS Kabupaten Paser", institution_address="Tanah Grogot", office_code="UPZ-KUARO",
        office_name="UPZ Kuaro", device_letter="A", admin_username="admin", admin_password=PASSWORD))
    try:
        create_user(ctx, username="kepala", full_name="Hj. Aminah", role=Role.KEPALA.value, password=PASSWORD)
        create_user(ctx, username="kasir", full_name="Rudi", role=Role.PETUGAS.value, password=PASSWORD)
        yesterday = (ctx.local(datetime.now(UTC)) - timedelta(days=1)).date()
        ctx.clock = lambda: datetime.combine(yesterday, time(10), ctx.tz).astimezone(UTC)
        for fund, amount, method in (("zakat_maal", 1_000_000, "tunai"), ("sedekah", 200_000, "tunai"),
                                     ("sedekah", 300_000, "transfer")):
            record_donation(ctx, DonationInput(lines=(LineInput(fund, amount=amount),), anonymous=True,
                                               payment_method=method,
                                               payment_reference=None if method == "tunai" else "TRF-1"))
    finally:
        ctx.close()
    return data, yesterday.isoformat()


def _rows(data: Path, sql: str) -> list[tuple[object, ...]]:
    conn = dbapi.connect(data / "amildesk.sqlite3")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_close_day_prints_expected_counted_difference_and_refuses_what_it_must(office: tuple[Path, str]) -> None:
    data, day = office
    counts = lambda: _rows(data, "SELECT (SELECT count(*) FROM day_closings), (SELECT count(*) FROM journal)")  # noqa: E731
    before = counts()
    for args, stdin, message in [
        (["--counted", "tunai=1.200.000", "--counted", "transfer=300000"], "salah\n", "kata sandi salah"),
        (["--counted", "tunai=abc", "--counted", "transfer=300000"], PASSWORD + "\n", "bukan angka"),
        (["--counted", "tunai=-5000", "--counted", "transfer=300000"], PASSWORD + "\n", "tidak boleh negatif"),
        (["--counted", "tunai=1.000.000", "--counted", "transfer=300000"], PASSWORD + "\n", "tulis catatan"),
        (["--counted", "tunai=1.200.000"], PASSWORD + "\n", "transfer wajib diisi"),
    ]:
        refused = amildesk(data, "close-day", "--date", day, "--user", "kepala", *args, stdin=stdin, check=False)
        assert refused.returncode == 2 and message in refused.stderr, refused.stderr
    clerk = amildesk(data, "close-day", "--date", day, "--user", "kasir", "--counted", "tunai=1200000",
                     "--counted", "transfer=300000", stdin=PASSWORD + "\n", check=False)
    assert clerk.returncode == 2 and "tidak berwenang" in clerk.stderr
    future = amildesk(data, "close-day", "--date", "2999-01-01", "--user", "kepala", "--counted", "tunai=0",
                      stdin=PASSWORD + "\n", check=False)
    assert future.returncode == 2 and "belum terjadi" in future.stderr
    bad_date = amildesk(data, "close-day", "--date", "kemarin", "--user", "kepala", stdin=PASSWORD + "\n",
                        check=False)
    assert bad_date.returncode == 2 and "tidak sah" in bad_date.stderr
    assert counts() == before  # nothing partial from any refusal

    done = amildesk(data, "close-day", "--date", day, "--user", "kepala", "--counted", "tunai=1.195.000",
                    "--counted", "transfer=300000", "--note", "kurang Rp5.000", "--json", stdin=PASSWORD + "\n",
                    after=True)
    result = json.loads(done.stdout)
    cash = _rows(data, "SELECT sum(total) FROM donations WHERE payment_method = 'tunai' AND status = 'aktif'")[0][0]
    assert result["methods"][0] == {"method": "tunai", "recorded": cash, "late_void": 0, "expected": cash,
                                    "counted": 1_195_000, "difference": 1_195_000 - cash}
    assert (result["expected"], result["counted"], result["difference"]) == (1_500_000, 1_495_000, -5_000)
    assert result["confirmed_by"] == "Hj. Aminah" and result["date"] == day
    again = amildesk(data, "close-day", "--date", day, "--user", "kepala", "--counted", "tunai=1195000",
                     "--counted", "transfer=300000", "--note", "x", stdin=PASSWORD + "\n", check=False)
    assert again.returncode == 2 and "sudah ditutup" in again.stderr
    assert counts()[0][0] == 1


def test_deposit_limits_to_cash_on_hand_and_balances_show_it(office: tuple[Path, str]) -> None:
    data, _day = office
    before = _rows(data, "SELECT (SELECT count(*) FROM deposit_slips), (SELECT count(*) FROM deposits)")
    too_much = amildesk(data, "deposit", "--user", "kasir", "--fund", "zakat_maal=875.001", "--reference", "BSI-1",
                        stdin=PASSWORD + "\n", check=False)
    assert too_much.returncode == 2 and "melebihi uang tunai di tangan (Rp875.000)" in too_much.stderr
    assert _rows(data, "SELECT (SELECT count(*) FROM deposit_slips), (SELECT count(*) FROM deposits)") == before
    done = amildesk(data, "deposit", "--user", "kasir", "--fund", "zakat_maal=875.000", "--fund", "sedekah=100000",
                    "--reference", "BSI-2", "--bank", "BSI", "--json", stdin=PASSWORD + "\n", after=True)
    deposit = json.loads(done.stdout)
    assert deposit["total"] == 975_000 and deposit["status"] == "menunggu konfirmasi"
    balances = {b["fund"]: b for b in json.loads(amildesk(data, "balances", "--json", after=True).stdout)}
    assert balances["zakat_maal"]["deposited"] == 875_000 and balances["sedekah"]["deposited"] == 100_000
    listed = json.loads(amildesk(data, "deposits", "--json").stdout)
    hand = {c["fund_code"]: c["on_hand"] for c in listed["cash_on_hand"]}
    assert hand["zakat_maal"] == 0 and hand["sedekah"] == 200_000 - 40_000 - 100_000
    assert [d["reference"] for d in listed["deposits"]] == ["BSI-2"]


def test_every_command_takes_data_dir_before_or_after_it() -> None:
    def walk(parser: object, path: list[str]) -> list[tuple[list[str], object]]:
        found = []
        for action in parser._actions:  # type: ignore[attr-defined]
            if action.__class__.__name__ == "_SubParsersAction":
                for name, sub in action.choices.items():
                    found.append(([*path, name], sub))
                    found.extend(walk(sub, [*path, name]))
        return found

    commands = walk(_parser(), [])
    assert {" ".join(p) for p, _ in commands} >= {"status", "receipts", "close-day", "deposit", "sync",
                                                  "beneficiaries import", "balances"}
    missing = [" ".join(p) for p, sub in commands if "--data-dir" not in sub._option_string_actions]  # type: ignore[attr-defined]
    assert missing == []
    server = walk(server_parser(), [])
    assert {" ".join(p) for p, _ in server} >= {"serve", "status", "confirm-deposit", "import"}
    for path, sub in server:
        assert "--data-dir" in sub._option_string_actions and "--database-url" in sub._option_string_actions, path
    # Given before the command, it is not overwritten by the command's own (absent) option.
    args = server_parser().parse_args(["--data-dir", "/tmp/x", "status"])
    assert args.data_dir == "/tmp/x"
    args = server_parser().parse_args(["status", "--data-dir", "/tmp/y"])
    assert args.data_dir == "/tmp/y"
    args = _parser().parse_args(["--data-dir", "/tmp/x", "deposits"])
    assert str(args.data_dir) == "/tmp/x"


def test_data_dir_after_the_command_reaches_the_store(office: tuple[Path, str], tmp_path: Path) -> None:
    data, _day = office
    for command in (["status", "--json"], ["verify"], ["receipts", "--json"], ["balances", "--json"],
                    ["deposits", "--json"]):
        after = amildesk(data, *command, after=True)
        before = amildesk(data, *command)
        assert after.stdout == before.stdout and after.stdout.strip()
    server_dir = tmp_path / "server"
    run = [sys.executable, "-m", "sync.server.cli"]
    created = subprocess.run([*run, "create-office", "UPZ-X", "--name", "X", "--data-dir", str(server_dir)],
                             capture_output=True, text=True, timeout=120)
    assert created.returncode == 0, created.stderr
    status = subprocess.run([*run, "--data-dir", str(server_dir), "status", "--json"], capture_output=True,
                            text=True, timeout=120)
    assert [o["code"] for o in json.loads(status.stdout)["offices"]] == ["UPZ-X"]


def _first_line_then_close(command: list[str]) -> tuple[bytes, bytes, int]:
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read()
    return first, err, proc.wait(60)


def test_output_piped_into_head_ends_quietly(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    amildesk(demo, "demo", "--donations", "1500", "--donors", "50")
    first, err, _code = _first_line_then_close(
        [sys.executable, "-m", "desktop.cli", "receipts", "--json", "--data-dir", str(demo)])
    assert first.strip() == b"["
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err.decode()

    from sync.server import admin, db

    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    engine = db.make_engine(url)
    db.migrate(engine)
    for n in range(400):
        admin.create_office(engine, f"UPZ-{n:04d}", "Kantor " + "x" * 100)
    engine.dispose()
    first, err, _code = _first_line_then_close(
        [sys.executable, "-m", "sync.server.cli", "status", "--json", "--database-url", url])
    assert first.strip() == b"{"
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err.decode()
