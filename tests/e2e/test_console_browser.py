"""The district console in a real browser (Debian's chromium + chromedriver, headless, 1366x768),
against the real server and two real office stores synced with ``amildesk sync``.

Walks what district staff do: log in, read both offices' totals on Ringkasan, set a target and find
it in the office store after its next sync, resolve a flagged event, publish the verification address,
scan a rendered receipt's QR with zbarimg and open it. Every page is saved as a screenshot
(``AMILDESK_SCREENSHOT_DIR``, else the test's temp dir).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.services.closing import CloseDayInput, close_day, day_expectation, today
from desktop.services.context import open_context
from desktop.services.deposits import DepositInput, record_deposit
from desktop.services.receipts import list_receipts, save_receipt_pdf
from desktop.services.settings import update_settings
from desktop.services.sync_apply import reference_items_of
from sync.server import tables as t
from sync.server.console.users import create_user
from tests.e2e.offices import PASSWORD as OFFICE_PASSWORD
from tests.e2e.offices import amildesk, clerk, donate, enroll, new_office, office_code
from tests.sync import hostile
from tests.sync.conftest import Env

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
pytestmark = [
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),  # PostgreSQL: tests/console over HTTP
    pytest.mark.skipif(not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
                       reason="chromium/chromium-driver not installed (bash .ci/system-deps installs them)"),
    pytest.mark.slow,
]
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.select import Select  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402

PASSWORD = "sandi-kabupaten-1"


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1366,768", "--lang=id", "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


class Shots:
    def __init__(self, driver: webdriver.Chrome, folder: Path) -> None:
        self.driver, self.folder = driver, folder
        folder.mkdir(parents=True, exist_ok=True)

    def take(self, name: str) -> Path:
        path = self.folder / f"{name}.png"
        assert self.driver.save_screenshot(str(path)), name
        assert path.stat().st_size > 5_000
        return path


def submit(driver: webdriver.Chrome, button: WebElement) -> None:
    """Click a form's button and wait for the next page (a plain form post navigates)."""
    old = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 15).until(expected_conditions.staleness_of(old))


def _rupiah(value: int) -> str:
    return f"Rp {value:,}".replace(",", ".")


def _row(driver: webdriver.Chrome, code: str) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, f'tr[data-office="{code}"]').text)


def test_district_staff_walkthrough(env: Env, browser: webdriver.Chrome, tmp_path: Path) -> None:
    base = env.server.base_url
    shots = Shots(browser, Path(os.environ.get("AMILDESK_SCREENSHOT_DIR") or tmp_path / "screens"))
    create_user(env.engine, "kabid", "admin", PASSWORD)
    codes, stores = [office_code(), office_code()], []
    for i, code in enumerate(codes):
        env.office(code)
        data = new_office(tmp_path / f"office{i}", code)
        enroll(env, data, code)
        with clerk(data) as ctx:
            donate(ctx, 3 if i == 0 else 2, amount=25_000 if i == 0 else 40_000)
            if i == 0:
                deposit_id = record_deposit(ctx, DepositInput(lines=[("zakat_maal", 50_000)], reference="SLIP-001",
                                                              bank="BSI")).id
                day = today(ctx)  # the day is closed Rp1.000 short
                seen = day_expectation(ctx, day).expected_by_method()
                close_day(ctx, CloseDayInput(day=day, counted={**seen, "tunai": seen["tunai"] - 1_000},
                                             note="kurang kembalian", seen_expected=seen),
                          head_username="admin", head_password=OFFICE_PASSWORD)
            if i == 1:  # a district-owned setting changed in the office: the server flags it
                update_settings(ctx, verify_url="http://palsu.invalid/v")
        amildesk(data, "sync")
        stores.append(data)
    expected = [25_000 * 3 + 0 + 1 + 2, 40_000 * 2 + 0 + 1]

    browser.get(f"{base}/")
    assert "/login" in browser.current_url
    shots.take("01-login")
    browser.find_element(By.NAME, "username").send_keys("kabid")
    browser.find_element(By.NAME, "password").send_keys("salah-sandinya")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    assert "kata sandi salah" in browser.find_element(By.CSS_SELECTOR, ".error").text
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    assert browser.current_url == f"{base}/"
    for code, total in zip(codes, expected, strict=True):
        assert _rupiah(total) in _row(browser, code)
    assert _rupiah(sum(expected)) in browser.find_element(By.ID, "district-total").text
    assert "1" in browser.find_element(By.CSS_SELECTOR, f'tr[data-office="{codes[1]}"] a.warn').text
    deposit_cell = browser.find_element(By.CSS_SELECTOR, f'tr[data-office="{codes[0]}"] td.deposit').text
    assert "Rp 50.000" in deposit_cell and "1 belum dikonfirmasi" in deposit_cell
    closing_cell = browser.find_element(By.CSS_SELECTOR, f'tr[data-office="{codes[0]}"] td.cash').text
    assert day.isoformat() in closing_cell and "-Rp 1.000" in closing_cell
    shots.take("02-ringkasan")

    browser.get(f"{base}/target")
    form = browser.find_element(By.ID, "target-form")
    Select(form.find_element(By.NAME, "office")).select_by_value(codes[0])
    Select(form.find_element(By.NAME, "kind")).select_by_value("fund")
    Select(form.find_element(By.NAME, "code")).select_by_value("zakat_maal")
    form.find_element(By.NAME, "amount").send_keys("1.500.000")
    submit(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "Rp 1.500.000" in browser.find_element(By.ID, "targets").text
    shots.take("03-target")
    amildesk(stores[0], "sync")
    ctx = open_context(stores[0], exclusive=False)
    try:
        with ctx.store.read() as conn:
            targets = reference_items_of(conn, "target")
    finally:
        ctx.close()
    month = next(iter(targets))[:7]
    assert targets == {f"{month}/fund/zakat_maal": {"month": month, "fund_code": "zakat_maal", "program_id": None,
                                                     "amount": 1_500_000}}
    browser.get(f"{base}/")
    assert "Rp 1.500.000" in _row(browser, codes[0])

    browser.get(f"{base}/kantor/{codes[0]}")
    assert _rupiah(expected[0]) in browser.find_element(By.ID, "office-total").text
    assert "Zakat Maal" in browser.find_element(By.ID, "funds").text
    shots.take("04-kantor")
    closings = browser.find_element(By.ID, "closings").text
    assert day.isoformat() in closings and "-Rp 1.000" in closings and "ditutup" in closings
    row = browser.find_element(By.ID, f"deposit-{deposit_id}")
    assert "Rp 50.000" in row.text and "SLIP-001" in row.text
    browser.execute_script("arguments[0].scrollIntoView()", row)
    shots.take("04b-kantor-setoran")
    row.find_element(By.NAME, "note").send_keys("Sudah masuk rekening")
    submit(browser, row.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "kabid" in browser.find_element(By.ID, f"deposit-{deposit_id}").text
    amildesk(stores[0], "sync")
    ctx = open_context(stores[0], exclusive=False)
    try:
        with ctx.store.read() as conn:
            confirmation = reference_items_of(conn, "deposit_confirmation")[deposit_id]
    finally:
        ctx.close()
    assert confirmation["confirmed_by"] == "kabid" and confirmation["note"] == "Sudah masuk rekening"

    browser.get(f"{base}/ditinjau")
    flag_row = browser.find_element(By.CSS_SELECTOR, "#flags tbody tr")
    assert "district_key" in flag_row.text and codes[1] in flag_row.text
    shots.take("05-ditinjau")
    flag_row.find_element(By.NAME, "note").send_keys("Kantor diminta tidak mengubah alamat verifikasi")
    flag_row.find_element(By.CSS_SELECTOR, "button[type=submit]").click()  # htmx: the table is replaced in place
    WebDriverWait(browser, 15).until(expected_conditions.text_to_be_present_in_element(
        (By.ID, "flags"), "Tidak ada yang perlu ditinjau"))
    with env.engine.connect() as conn:
        flag = conn.execute(select(t.review_flags).where(t.review_flags.c.code == "district_key")).one()
        journal = conn.execute(select(t.console_journal.c.action, t.console_journal.c.username)).all()
    assert flag.resolved_by == "kabid" and flag.resolved_at and "alamat verifikasi" in flag.resolution_note
    assert {("flag.resolved", "kabid"), ("target.set", "kabid"), ("deposit.confirmed", "kabid")} <= set(journal)

    browser.get(f"{base}/perangkat")
    field = browser.find_element(By.NAME, "verify_url")
    field.clear()
    field.send_keys(f"{base}/v")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "#verify-url-form button"))
    assert browser.find_element(By.NAME, "verify_url").get_attribute("value") == f"{base}/v"
    shots.take("06-perangkat")
    submit(browser, browser.find_element(By.CSS_SELECTOR, f'form[action="/perangkat/kode"] input[value="{codes[0]}"]')
           .find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, "button"))
    assert len(browser.find_element(By.ID, "enroll-code").text) == 14
    shots.take("07-kode-pendaftaran")

    for code in codes:  # one person aided by both offices (second devices that send aid events)
        journal, token = env.device(code, "B")
        person = hostile.beneficiary(journal)["payload"]["id"]
        hostile.approval(journal, hostile.proposal(journal, person)["payload"]["id"])
        env.client(token).sync(journal)
    browser.get(f"{base}/tumpang-tindih?from=2026-01-01")
    overlaps = browser.find_element(By.ID, "overlaps").text
    assert all(code in overlaps for code in codes) and hostile.NIK not in browser.page_source
    shots.take("08-tumpang-tindih")

    amildesk(stores[0], "sync")  # the office receives the verification address
    ctx = open_context(stores[0], exclusive=False)
    try:
        number = list_receipts(ctx)[0].number
        pdf = save_receipt_pdf(ctx, number, tmp_path / "kuitansi.pdf")
    finally:
        ctx.close()
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "kuitansi")], check=True)
    shutil.copy(tmp_path / "kuitansi.png", shots.folder / "09-kuitansi.png")
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "kuitansi.png")],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert scanned.startswith(f"{base}/v?n={number}&c=")
    browser.get(scanned)
    status = browser.find_element(By.ID, "status")
    assert status.get_attribute("data-status") == "valid" and "Kuitansi sah" in status.text
    page = browser.page_source
    assert f"Kantor {codes[0]}" in page and "Hamba Allah" not in page
    shots.take("10-verifikasi")

    browser.get(f"{base}/bahasa?ke=en&next=/")
    assert "Summary" in browser.find_element(By.TAG_NAME, "h1").text
    shots.take("11-summary-en")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "header form button"))  # log out
    browser.get(f"{base}/perangkat")
    assert "/login" in browser.current_url
