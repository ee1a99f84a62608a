"""Every console route checks who asks: anonymous -> login, a role without the right -> 403, a POST
without the session's CSRF token -> 403; bad input of every kind -> a clear 4xx page, never a 5xx."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from sync.server import tables as t
from sync.server.app import create_app
from sync.server.console.web import ROUTES
from tests.console.conftest import Console
from tests.sync.conftest import Env

MakeConsole = Callable[..., Console]


def concrete(path: str) -> str:
    return (path.replace("{code}", "NOPE").replace("{flag_id}", "1").replace("{device_id}", "no-device")
            .replace("{deposit_id}", "no-deposit"))


def console_routes(permission: str | None = None) -> list[tuple[str, str]]:
    return [(m, r.path) for r in ROUTES for m in r.methods
            if (permission is None and r.permission != "public") or r.permission == permission]


def walk(routes: list[Any]) -> Iterator[Any]:
    """Routes of the app, including those of included routers (kept apart by newer FastAPI)."""
    for r in routes:
        inner = getattr(r, "original_router", None)
        yield from walk(inner.routes) if inner is not None else [r]


def test_route_table_lists_every_console_route(tmp_path: object) -> None:
    app = create_app(f"sqlite:///{tmp_path}/routes.sqlite3")
    served = {(m, r.path) for r in walk(app.routes) if getattr(r, "methods", None) and not r.path.startswith("/api/")
              for m in r.methods if m != "HEAD"}
    listed = {(m, r.path) for r in ROUTES for m in r.methods}
    assert served == listed
    assert {r.permission for r in ROUTES} == {"public", "read", "target", "admin"}
    public = {r.path for r in ROUTES if r.permission == "public"}
    assert public == {"/login", "/bahasa", "/v"}


def test_every_console_route_refuses_anonymous(env: Env, console: MakeConsole) -> None:
    anonymous = console()
    for method, path in console_routes():
        response = anonymous.http.request(method, concrete(path))
        assert response.status_code == 303, (method, path, response.status_code)
        assert response.headers["location"].startswith("/login"), (method, path)


def test_roles_without_the_right_are_refused(env: Env, console: MakeConsole, users: dict[str, str]) -> None:
    auditor, pimpinan = console(users["auditor"]), console(users["pimpinan"])
    for client in (auditor, pimpinan):
        assert client.get("/").status_code == 200  # both read everything
    refused = console_routes("target") + console_routes("admin")
    for method, path in refused:
        response = auditor.http.request(method, concrete(path), data={"csrf": auditor.csrf})
        assert response.status_code == 403, (method, path)
        assert "auditor" in response.text and "text/html" in response.headers["content-type"]
    for method, path in console_routes("admin"):
        response = pimpinan.http.request(method, concrete(path), data={"csrf": pimpinan.csrf})
        assert response.status_code == 403, (method, path)
    for method, path in console_routes("read"):
        if method == "GET" and "{" not in path:
            assert auditor.get(path).status_code == 200, path


def _journal_size(env: Env) -> int:
    with env.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.console_journal)).scalar_one())


def test_posts_without_a_valid_csrf_token_are_refused(env: Env, console: MakeConsole, users: dict[str, str]) -> None:
    admin = console(users["admin"])
    admin.get("/")
    before = _journal_size(env)
    posts = [(m, p) for m, p in console_routes() if m == "POST"]
    assert len(posts) >= 7
    for _method, path in posts:
        for token in (None, "", "x" * 43, admin.csrf[:-1] + ("A" if admin.csrf[-1] != "A" else "B")):
            data = {"month": "2026-12", "office": "NOPE", "note": "n", "code": "K1", "name": "N"}
            if token is not None:
                data["csrf"] = token
            response = admin.http.post(concrete(path), data=data)
            assert response.status_code == 403, (path, token)
            assert "Formulir kedaluwarsa" in response.text
    assert _journal_size(env) == before
    fresh = console()
    fresh.get("/login")
    refused = fresh.post("/login", {"username": users["admin"], "password": "sandi-kabupaten-1"}, csrf=False)
    assert refused.status_code == 403 and "amildesk_console" not in refused.headers.get("set-cookie", "")
    other = console()  # a token from another browser's login form does not count either
    other.get("/login")
    fresh.http.cookies.set("amildesk_login_csrf", "forged", path="/login")
    assert fresh.post("/login", {"username": users["admin"], "password": "sandi-kabupaten-1",
                                 "csrf": other.csrf}, csrf=False).status_code == 403


BAD_GETS = [
    ("/kantor/NOPE", 404, "Kantor tidak dikenal"),
    ("/kantor/" + "X" * 3000, 404, "Kantor tidak dikenal"),
    ("/?month=2026-13", 400, "Bulan tidak sah"),
    ("/?month=abc", 400, "Bulan tidak sah"),
    ("/?sort=donor_name", 400, "Kolom urutan"),
    ("/ringkasan.xlsx?month=20x6-01", 400, "Bulan tidak sah"),
    ("/target?month=0000-00", 400, "Bulan tidak sah"),
    ("/tumpang-tindih?from=kemarin", 400, "Tanggal tidak sah"),
    ("/tumpang-tindih?asnaf=raja", 400, "Asnaf tidak dikenal"),
    ("/ditinjau?show=semuanya", 400, "Pilihan tampilan"),
    ("/ditinjau?office=NOPE", 404, "Kantor tidak dikenal"),
    ("/v?n=bukan-nomor&c=ABCDEF1234", 400, "Nomor kuitansi tidak sah"),
    ("/v?n=K1/2026/A/000001&c=zz", 400, "Kode verifikasi tidak sah"),
    ("/v?n=" + "9" * 5000, 414, "Alamat terlalu panjang"),
    ("/?q=" + "x" * 10_000, 414, "Alamat terlalu panjang"),
    ("/bahasa?ke=klingon", 400, "Bahasa tidak dikenal"),
    ("/tidak-ada", 404, "Halaman tidak ditemukan"),
]


@pytest.mark.parametrize(("path", "status", "message"), BAD_GETS)
def test_bad_input_gets_a_clear_4xx_page(env: Env, console: MakeConsole, users: dict[str, str], path: str,
                                         status: int, message: str) -> None:
    admin = console(users["admin"], local_address="127.0.0.21")
    response = admin.get(path)
    assert response.status_code == status, (path, response.status_code, response.text[:300])
    assert "text/html" in response.headers["content-type"] and message in response.text


def test_bad_forms_get_a_clear_4xx_page(env: Env, console: MakeConsole, users: dict[str, str]) -> None:
    code = env.office()
    admin = console(users["admin"])
    admin.get("/target")
    target = {"month": "2026-12", "office": code, "kind": "fund", "code": "zakat_maal", "amount": "1000"}
    cases = [
        ("/target", {**target, "amount": "-5"}, 400, "tidak boleh kurang dari 0"),
        ("/target", {**target, "amount": "satu juta"}, 400, "Jumlah target tidak sah"),
        ("/target", {**target, "amount": "9" * 15}, 400, "terlalu besar"),
        ("/target", {**target, "office": "NOPE"}, 404, "Kantor tidak dikenal"),
        ("/target", {**target, "month": "2026-13"}, 400, "Bulan tidak sah"),
        ("/target", {**target, "code": "zakat_bohong"}, 400, "tidak dikenal"),
        ("/target", {**target, "kind": "donor"}, 400, "Jenis target"),
        ("/ditinjau/abc/selesai", {"note": "x"}, 404, "Tanda tinjauan tidak dikenal"),
        ("/ditinjau/987654321/selesai", {"note": "x"}, 404, "Tanda tinjauan tidak dikenal"),
        ("/ditinjau/1/selesai", {"note": "  "}, 400, "Tulis catatan"),
        ("/perangkat/kantor", {"code": "a b", "name": "X"}, 400, "Kode kantor harus"),
        ("/perangkat/kantor", {"code": code, "name": "Lagi"}, 409, "sudah ada"),
        ("/perangkat/kantor", {"code": "OK-1", "name": ""}, 400, "Nama kantor wajib"),
        ("/perangkat/kode", {"office": "NOPE"}, 404, "tidak dikenal"),
        ("/perangkat/no-device/cabut", {}, 404, "Perangkat tidak dikenal"),
        ("/perangkat/verify-url", {"verify_url": "javascript:alert(1)"}, 400, "Alamat verifikasi tidak sah"),
    ]
    for path, data, status, message in cases:
        response = admin.post(path, data)
        assert response.status_code == status, (path, data, response.status_code, response.text[:300])
        assert message in response.text, (path, response.text[:500])
    huge = admin.http.post("/target", content=b"csrf=" + admin.csrf.encode() + b"&x=" + b"y" * 100_000,
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert huge.status_code == 413 and "Formulir terlalu besar" in huge.text


def test_odd_query_values_never_answer_5xx(env: Env, console: MakeConsole, users: dict[str, str]) -> None:
    admin = console(users["admin"], local_address="127.0.0.22")
    odd = ["%00", "%ff%fe", "'; DROP TABLE offices; --", "9" * 300, "../../etc/passwd", "<script>x</script>", "-1",
           "2026-02-30", "9999-12"]
    for _method, path in [(m, p) for m, p in console_routes() + console_routes("public") if m == "GET"]:
        for value in odd:
            for name in ("month", "sort", "dir", "from", "to", "program", "asnaf", "office", "show", "n", "c", "ke"):
                response = admin.http.get(concrete(path), params={name: value})
                assert response.status_code < 500, (path, name, value, response.status_code)
    english = admin.get("/kantor/NOPE", cookies={"lang": "en"})
    assert english.status_code == 404 and "Unknown office: NOPE" in english.text
