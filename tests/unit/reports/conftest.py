"""A WITA office with a month of activity made through the real services at pinned clock times.

Times are chosen around local midnight (WITA = UTC+8) so a wrong zone or day boundary shows up in
the figures; one receipt is voided, aid is approved and a deposit is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from desktop.core.roles import Role
from desktop.services.beneficiaries import GroupInput, PersonInput, register_group, register_person
from desktop.services.context import AppContext, UserInfo
from desktop.services.distributions import DistributionInput, approve_distribution, propose_distribution
from desktop.services.donations import DonationInput, LineInput, record_donation, void_donation
from desktop.services.donors import DonorInput, register_donor
from desktop.services.receipts import finish_print_job, start_print_job
from desktop.services.settings import update_settings
from desktop.services.users import create_user
from tests.conftest import PASSWORD
from tests.unit.beneficiaries.conftest import make_kk, make_nik

NOW = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)  # 14:00 WITA on 30 November 2026


@dataclass
class Month:
    ctx: AppContext
    admin: UserInfo
    head: UserInfo
    clerk: UserInfo
    donor_ids: list[str]
    numbers: list[str]
    voided: str


def at(ctx: AppContext, moment: datetime) -> None:
    ctx.clock = lambda: moment


@pytest.fixture
def month(ctx: AppContext) -> Month:
    admin = ctx.user
    assert admin is not None
    update_settings(ctx, timezone="WITA")
    head = create_user(ctx, username="kepala", full_name="Hj. Aminah", role=Role.KEPALA.value, password=PASSWORD)
    clerk = create_user(ctx, username="petugas", full_name="Rudi Hartono", role=Role.PETUGAS.value,
                        password=PASSWORD)
    at(ctx, datetime(2026, 10, 20, 2, 0, tzinfo=UTC))
    donors = [register_donor(ctx, DonorInput(name=n, nik=nik, npwp=npwp, address="Jl. Kenanga 2, Tanah Grogot"))
              for n, nik, npwp in (("Ahmad Hidayat", make_nik(11), "012345678901234"),
                                   ("Siti Rahmawati", make_nik(12, female=True), None),
                                   ("Budi Santoso", None, None))]
    ids = [d.id for d in donors]
    ctx.user = clerk
    numbers: list[str] = []

    def give(moment: datetime, lines: tuple[LineInput, ...], donor: int | None, method: str = "tunai") -> str:
        at(ctx, moment)
        number = record_donation(ctx, DonationInput(
            lines=lines, donor_id=None if donor is None else ids[donor], anonymous=donor is None,
            payment_method=method, payment_reference=None if method == "tunai" else "REF-1")).receipt_number
        numbers.append(number)
        return number

    # October (before the month): counts only in the month-end balances.
    give(datetime(2026, 10, 20, 3, 0, tzinfo=UTC), (LineInput("zakat_maal", amount=2_000_000),), 0)
    # 31 Oct 17:00 UTC = 1 Nov 01:00 WITA: belongs to November in this office.
    give(datetime(2026, 10, 31, 17, 0, tzinfo=UTC),
         (LineInput("zakat_maal", amount=1_000_000, program_code="indonesia_cerdas"),
          LineInput("infak_tidak_terikat", amount=50_000)), 0)
    give(datetime(2026, 11, 3, 2, 15, tzinfo=UTC), (LineInput("zakat_fitrah", persons=3),), 1)
    give(datetime(2026, 11, 3, 2, 30, tzinfo=UTC), (LineInput("zakat_fitrah", persons=2, rice=True),), 1)
    give(datetime(2026, 11, 3, 15, 59, tzinfo=UTC), (LineInput("sedekah", amount=25_000),), None)  # 23:59 WITA
    give(datetime(2026, 11, 3, 16, 0, tzinfo=UTC), (LineInput("sedekah", amount=75_000),), None)  # 4 Nov 00:00
    voided = give(datetime(2026, 11, 10, 1, 0, tzinfo=UTC),
                  (LineInput("zakat_maal", amount=5_000_000, program_code="indonesia_sehat"),), 2, "transfer")
    give(datetime(2026, 11, 10, 1, 5, tzinfo=UTC),
         (LineInput("zakat_maal", amount=500_000, program_code="indonesia_sehat"),
          LineInput("fidyah", days=4)), 2, "qris")
    give(datetime(2026, 11, 30, 5, 0, tzinfo=UTC), (LineInput("zakat_penghasilan", amount=750_000),), 0)
    # December of last year and of a later month: outside November.
    ctx.user = head
    at(ctx, datetime(2026, 11, 10, 3, 0, tzinfo=UTC))
    void_donation(ctx, voided, "Salah ketik nominal, seharusnya Rp500.000")
    # Prints: the first receipt printed and reprinted twice (SALINAN), one failed print, the rest never.
    for copy, error in ((False, None), (True, None), (True, None), (True, "kertas habis")):
        finish_print_job(ctx, start_print_job(ctx, numbers[1], copy=copy, paper="80mm", printer=None), error=error)
    finish_print_job(ctx, start_print_job(ctx, numbers[2], copy=False, paper="80mm", printer=None), error="x")
    # Aid: a person (zakat, asnaf from the person) and a group (infak, goods), approved in November.
    ctx.user = clerk
    at(ctx, datetime(2026, 11, 12, 1, 0, tzinfo=UTC))
    siti = register_person(ctx, PersonInput(name="Siti Aminah", nik=make_nik(21, female=True), kk=make_kk(1),
                                            asnaf="miskin"))
    ani = register_person(ctx, PersonInput(name="Ani Lestari", nik=make_nik(22, female=True), kk=make_kk(2)))
    kube = register_group(ctx, GroupInput(name="KUBE Jahit", group_type="kube", members=(ani.id,),
                                          leader_id=ani.id))
    cash = propose_distribution(ctx, DistributionInput(siti.id, "zakat_maal", "indonesia_sejahtera", amount=300_000))
    goods = propose_distribution(ctx, DistributionInput(kube.id, "infak_tidak_terikat", "indonesia_sejahtera",
                                                        kind="barang", item="Mesin jahit", quantity="1",
                                                        unit="unit", amount=20_000))
    open_one = propose_distribution(ctx, DistributionInput(siti.id, "zakat_maal", "indonesia_sehat", amount=100_000))
    ctx.user = head
    at(ctx, datetime(2026, 11, 13, 1, 0, tzinfo=UTC))
    approve_distribution(ctx, cash.distribution.id, "Kebutuhan mendesak, sudah disurvei")
    approve_distribution(ctx, goods.distribution.id)
    assert open_one.distribution.status == "diajukan"
    ctx.user = admin
    at(ctx, NOW)
    return Month(ctx, admin, head, clerk, ids, numbers, voided)


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


SqlSum = Callable[[str, tuple[object, ...]], list[tuple[object, ...]]]
