"""Perangkat and Ringkasan's XLSX as an admin uses them: create an office, issue a code a device
enrolls with, revoke that device (its token stops working), export the month's rows."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC, datetime

import openpyxl
import pytest
from sqlalchemy import select

from sync.client.client import enroll
from sync.client.errors import AuthError
from sync.server import tables as t
from tests.console.conftest import Console
from tests.sync.conftest import FAST_RETRY, Env
from tests.sync.journal import TestJournal

MakeConsole = Callable[..., Console]


def test_office_code_enrollment_and_revocation(env: Env, console: MakeConsole, users: dict[str, str],
                                               tmp_path: object) -> None:
    admin = console(users["admin"])
    admin.get("/perangkat")
    code = f"KC-{datetime.now(UTC).strftime('%H%M%S%f')[:10]}"
    assert admin.post("/perangkat/kantor", {"code": code.lower(), "name": "Kecamatan Uji"}).status_code == 303
    assert f">{code}</a>" in admin.get("/perangkat").text
    page = admin.post("/perangkat/kode", {"office": code})
    one_time = re.search(r'id="enroll-code">([A-Z0-9-]+)<', page.text)
    assert page.status_code == 200 and one_time
    journal = TestJournal(tmp_path / "dev.sqlite3", office_code=code)  # type: ignore[operator]
    answer = enroll(env.server.base_url, one_time.group(1), device_id=journal.device_id(), office_id=None,
                    policy=FAST_RETRY)
    assert answer["office_code"] == code
    journal.db.execute("UPDATE meta SET value = ? WHERE key = 'office_id'", (answer["office_id"],))
    journal.donation(10_000)
    client = env.client(str(answer["token"]))
    assert client.sync(journal).acked_seq == 1
    admin.get("/perangkat")
    assert admin.post(f"/perangkat/{journal.device_id()}/cabut", {}).status_code == 303
    journal.donation(20_000)
    with pytest.raises(AuthError):
        client.sync(journal)
    with env.engine.connect() as conn:
        actions = conn.execute(select(t.console_journal.c.action, t.console_journal.c.target)
                               .where(t.console_journal.c.username == users["admin"])).all()
    assert {("office.created", code), ("enroll_code.issued", code),
            ("device.revoked", journal.device_id())} <= set(actions)
    assert one_time.group(1) not in str(actions)  # the code is a secret: never journalled


def test_ringkasan_xlsx_has_every_office_with_its_totals(env: Env, console: MakeConsole,
                                                         users: dict[str, str]) -> None:
    code = env.office()
    journal, token = env.device(code)
    journal.clock = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
    for amount in (10_000, 20_000, 30_000):
        journal.donation(amount)
    env.client(token).sync(journal)
    sheet = console(users["auditor"]).get("/ringkasan.xlsx?month=2026-03&sort=collected&dir=desc")
    assert sheet.status_code == 200 and "ringkasan-2026-03.xlsx" in sheet.headers["content-disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Kode", "Kantor", "Terhimpun")
    mine = next(r for r in rows if r[0] == code)
    assert mine[2] == 60_000 and mine[6] == 1
    collected = [r[2] for r in rows[1:]]
    assert collected == sorted(collected, reverse=True)
