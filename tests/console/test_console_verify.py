"""Public receipt verification: valid / voided / unknown / mismatch as a page and as JSON, never the
donor's name or NIK, mismatches counted for the district, 30 look-ups a minute per address."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from sqlalchemy import text

from sync.protocol.receipt_check import verification_code
from tests.console.conftest import Console
from tests.sync.conftest import Env

MakeConsole = Callable[..., Console]
DONOR = ("d-verify-1", "Siti Rahmawati Verifikasi", "6401015508900007")


def _synced_donations(env: Env) -> tuple[str, list[dict[str, object]]]:
    code = env.office()
    journal, token = env.device(code)
    events = [journal.donation(125_000, donor=DONOR), journal.donation(60_000, donor=DONOR, fund="fidyah")]
    journal.void(events[1]["payload"]["receipt_number"])
    env.client(token).sync(journal)
    return code, [e["payload"] for e in events]


def _code(p: dict[str, object]) -> str:
    return verification_code(str(p["receipt_number"]), str(p["id"]), int(p["total"]),  # type: ignore[call-overload]
                             str(p["recorded_at"]))


def test_statuses_as_json_and_page_without_personal_data(env: Env) -> None:
    code, (valid, voided) = _synced_donations(env)
    http = httpx.Client(base_url=env.server.base_url, transport=httpx.HTTPTransport(local_address="127.0.0.31"))
    answers = {}
    for name, number, check in (("valid", valid["receipt_number"], _code(valid)),
                                ("voided", voided["receipt_number"], _code(voided)),
                                ("unknown", f"{code}/2026/A/000777", "ABCDEF1234"),
                                ("mismatch", valid["receipt_number"], "0000000000")):
        as_json = http.get("/v", params={"n": number, "c": check}, headers={"Accept": "application/json"})
        page = http.get("/v", params={"n": number, "c": check}, headers={"Accept": "text/html"})
        assert as_json.status_code == page.status_code == 200, (name, as_json.text)
        assert as_json.json()["status"] == name and f'data-status="{name}"' in page.text
        for body in (as_json.text, page.text):
            assert DONOR[1] not in body and DONOR[2] not in body and "Siti" not in body
        answers[name] = as_json.json()
    assert answers["valid"] == {"status": "valid", "number": valid["receipt_number"], "office": f"Kantor {code}",
                                "date": "2026-03-01", "total": 125_000, "funds": ["Zakat Maal"]}
    assert answers["voided"]["status"] == "voided" and answers["voided"]["funds"] == ["Fidyah"]
    assert set(answers["unknown"]) == {"status", "number"} and set(answers["mismatch"]) == {"status", "number"}
    lower = http.get("/v", params={"n": valid["receipt_number"], "c": _code(valid).lower()},
                     headers={"Accept": "application/json"})
    assert lower.json()["status"] == "valid"
    page = http.get("/v", params={"n": f"{code}/2026/A/000777", "c": "ABCDEF1234"})
    assert "Periksa lagi nanti" in page.text  # unknown: the office may not have synced yet
    http.close()


def test_mismatches_are_counted_for_the_district(env: Env, console: MakeConsole, users: dict[str, str]) -> None:
    code, (valid, _voided) = _synced_donations(env)
    http = httpx.Client(base_url=env.server.base_url, transport=httpx.HTTPTransport(local_address="127.0.0.32"))
    for _ in range(3):
        assert http.get("/v", params={"n": valid["receipt_number"], "c": "1234567890"}).status_code == 200
    http.close()
    with env.engine.connect() as conn:
        count = conn.execute(text("SELECT count FROM verify_mismatches WHERE receipt_number = :n"),
                             {"n": valid["receipt_number"]}).scalar_one()
    assert count == 3
    ringkasan = console(users["auditor"]).get("/")
    row = ringkasan.text.split(f'data-office="{code}"')[1].split("</tr>")[0]
    assert '<span class="warn">3</span>' in row


def test_thirty_lookups_a_minute_per_address(env: Env) -> None:
    _office, (valid, _voided) = _synced_donations(env)
    params = {"n": valid["receipt_number"], "c": _code(valid)}
    busy = httpx.Client(base_url=env.server.base_url, transport=httpx.HTTPTransport(local_address="127.0.0.33"))
    assert all(busy.get("/v", params=params).status_code == 200 for _ in range(30))
    refused = busy.get("/v", params=params)
    assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
    assert "Terlalu banyak pemeriksaan" in refused.text and "text/html" in refused.headers["content-type"]
    as_json = busy.get("/v", params=params, headers={"Accept": "application/json"})
    assert as_json.status_code == 429 and as_json.json()["status"] == "error"
    other = httpx.get(f"{env.server.base_url}/v", params=params, headers={"Accept": "application/json"})
    assert other.status_code == 200 and other.json()["status"] == "valid"  # another address is not affected
    busy.close()
