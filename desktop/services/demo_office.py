"""The rest of the demo office, made once when ``amildesk demo`` creates it: every page has content.

Kabupaten Paser is in Kalimantan Timur, so the office keeps WITA time. Two months of donations at
the counter's hours (some to programs, by transfer and QRIS too, one voided by the kepala), persons
and a KUBE group as beneficiaries, aid approved and aid still proposed, every past day closed and its
cash deposited weekly (today stays open). All through the real services with the clock set back, so
the journal, receipts and running totals are the real ones. Kept apart from ``demo.seed_demo`` (which benchmarks
use to build big stores) and kept small: ``amildesk demo`` is the README's first command.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from desktop.services.beneficiaries import GroupInput, PersonInput, register_group, register_person
from desktop.services.cash_demo import seed_cash_history
from desktop.services.closing import unclosed_days
from desktop.services.collective import (
    CollectiveInput,
    PayerLine,
    copy_last_month,
    lines_total,
    record_collective,
)
from desktop.services.context import AppContext
from desktop.services.demo import DEMO_CLERK, DEMO_HEAD, DEMO_PASSWORD, VILLAGES, demo_name
from desktop.services.distributions import DistributionInput, approve_distribution, propose_distribution
from desktop.services.donations import DonationInput, LineInput, record_donation, void_donation
from desktop.services.donors import DonorInput, register_donor
from desktop.services.institutions import InstitutionInput, create_institution
from desktop.services.settings import update_settings
from desktop.services.users import list_users

DEMO_TIMEZONE = "WITA"  # Kabupaten Paser, Kalimantan Timur
DAYS = 60
HISTORY_DONORS = 18
SCHOOL_TEACHERS = 8  # payers of the demo school's collective handovers (the school is a donor too)
PROGRAM_CODES = ("indonesia_sejahtera", "indonesia_cerdas", "indonesia_sehat", "indonesia_peduli",
                 "indonesia_taqwa")


def _nik(i: int, *, female: bool) -> str:
    """A valid-looking NIK of Kabupaten Paser (64 01 ..), birth date in the 1970s-80s."""
    day = 1 + i % 28 + (40 if female else 0)
    return f"640101{day:02d}{1 + i % 12:02d}{70 + i % 15:02d}{1 + i:04d}"


def _at(ctx: AppContext, moment: datetime) -> None:
    ctx.clock = lambda: moment


def _counter_times(ctx: AppContext, rng: random.Random, now: datetime) -> list[datetime]:
    """One or two donations on most days of the last 60, at office hours (08:00-16:00 local)."""
    today = ctx.local(now).date()
    moments = []
    for back in range(DAYS, 0, -1):
        day = today - timedelta(days=back)
        if day.weekday() == 6 and rng.random() < 0.7:  # Sundays are quiet
            continue
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            local = datetime.combine(day, time(8, 0), ctx.tz) + timedelta(minutes=rng.randrange(0, 8 * 60))
            moments.append(local.astimezone(UTC))
    return sorted(moments)


def furnish_demo_office(ctx: AppContext, *, seed: int = 11) -> dict[str, int]:
    """Fill a new demo office's pages; returns what was made (for the CLI's line)."""
    rng = random.Random(seed)
    clock: Callable[[], datetime] = ctx.clock
    admin = ctx.user
    now = clock()
    # The demo's own users, looked up rather than logged in (argon2 is slow on purpose).
    users = {u.username: u for u in list_users(ctx)}
    clerk, head = users[DEMO_CLERK], users[DEMO_HEAD]
    update_settings(ctx, timezone=DEMO_TIMEZONE)
    try:
        moments = _counter_times(ctx, rng, now)
        _at(ctx, moments[0] - timedelta(minutes=5))
        ctx.user = clerk
        donors = [register_donor(ctx, DonorInput(
            name=demo_name(rng), phone=f"08{rng.randrange(10**9, 10**10)}", village=rng.choice(VILLAGES),
            nik=_nik(100 + i, female=i % 2 == 1) if i % 3 == 0 else None,
            npwp=f"{rng.randrange(10**14, 10**15)}" if i % 6 == 0 else None,
            address=f"RT {rng.randint(1, 20):02d}, {rng.choice(VILLAGES)}")).id for i in range(HISTORY_DONORS)]
        numbers = []
        for index, moment in enumerate(moments):
            _at(ctx, moment)
            numbers.append(record_donation(ctx, _donation(rng, index, donors)).receipt_number)
        ctx.user = head
        voided = numbers[len(numbers) // 3]
        _at(ctx, moments[len(numbers) // 3] + timedelta(minutes=20))
        void_donation(ctx, voided, "Nominal salah ketik; kuitansi baru diterbitkan")

        ctx.user = clerk
        collectives, payer_receipts = _school_collectives(ctx, rng, now)
        _at(ctx, now - timedelta(days=12))
        people = [register_person(ctx, PersonInput(
            name=demo_name(rng), nik=_nik(i, female=i % 2 == 0), kk=f"6401{10**11 + i:012d}",
            sex="P" if i % 2 == 0 else "L", address=f"RT {i + 2:02d}, {VILLAGES[i % len(VILLAGES)]}",
            asnaf=("miskin", "fakir", "gharimin", "ibnu_sabil", "miskin")[i % 5], decile=1 + i % 4,
            needs_note="Kebutuhan pokok dan biaya sekolah anak" if i % 2 == 0 else None)) for i in range(6)]
        group = register_group(ctx, GroupInput(
            name="KUBE Anyaman Rotan Pasir Belengkong", group_type="kube",
            members=tuple(p.id for p in people[3:6]), leader_id=people[3].id,
            address="Desa Pasir Belengkong", needs_note="Modal bahan baku rotan"))
        approved = [
            propose_distribution(ctx, DistributionInput(people[0].id, "zakat_maal", "indonesia_sejahtera",
                                                        amount=750_000, note="Bantuan biaya hidup")),
            propose_distribution(ctx, DistributionInput(people[1].id, "zakat_fitrah", "indonesia_peduli",
                                                        amount=150_000)),
            propose_distribution(ctx, DistributionInput(group.id, "infak_tidak_terikat", "indonesia_sejahtera",
                                                        kind="barang", item="Rotan olahan", quantity="50",
                                                        unit="kg", amount=400_000, note="Modal usaha KUBE")),
        ]
        _at(ctx, now - timedelta(days=2))
        propose_distribution(ctx, DistributionInput(people[2].id, "zakat_maal", "indonesia_cerdas",
                                                    amount=500_000, note="Biaya sekolah SMP"))
        ctx.user = head
        _at(ctx, now - timedelta(days=11))
        for proposal in approved:
            approve_distribution(ctx, proposal.distribution.id, "Sudah disurvei petugas")
        # Every past day's cash counted at closing time by the clerk and confirmed by the head; half the
        # cash deposited on Fridays and after the last closed day. Today stays open for the user.
        ctx.user = clerk
        ctx.clock = clock
        closed = deposited = 0
        backlog = unclosed_days(ctx)
        for day in backlog:
            _at(ctx, datetime.combine(day, time(16, 30), ctx.tz).astimezone(UTC))
            closing, deposit = seed_cash_history(ctx, DEMO_HEAD, DEMO_PASSWORD, day=day,
                                                 deposit=day.weekday() == 4 or day == backlog[-1])
            closed += closing is not None
            deposited += deposit is not None
    finally:
        ctx.clock = clock
        ctx.user = admin
    return {"donations": len(numbers) + payer_receipts, "beneficiaries": len(people) + 1,
            "distributions": len(approved) + 1, "closed_days": closed, "deposits": deposited,
            "collectives": collectives}


def _school_collectives(ctx: AppContext, rng: random.Random, now: datetime) -> tuple[int, int]:
    """A school's teachers pay zakat penghasilan and infak through the school's treasurer: the handover
    of the last two months (the second copied from the first, as the dialog's "copy last month" does).
    Returns (handovers, payer receipts)."""
    school = create_institution(ctx, InstitutionInput(
        "SD Negeri 012 Tanah Grogot", "sekolah", contact="Ibu Hj. Rahmawati (bendahara)",
        phone="081250001212", address="Jl. Jenderal Sudirman, Tanah Grogot"))
    teachers = []
    for i in range(SCHOOL_TEACHERS):
        born = date(1970 + i * 3 % 20, 1 + i % 12, 1 + i * 5 % 28)
        nip = f"{born:%Y%m%d}{born.year + 25}{1 + i % 12:02d}{2 if i % 2 else 1}{i + 1:03d}"
        salary_zakat = rng.choice((150_000, 175_000, 200_000, 225_000))
        teachers.append(PayerLine(demo_name(rng), nip, "zakat_penghasilan", salary_zakat, row=i + 1))
        if i % 3 == 0:
            teachers.append(PayerLine(teachers[-1].name, nip, "infak_tidak_terikat", 50_000, row=i + 1))
    made = receipts = 0
    for back in (2, 1):
        month_start = (now.replace(day=1) - timedelta(days=28 * back - 14)).replace(day=25, hour=2, minute=0)
        _at(ctx, month_start)
        period = f"{month_start:%Y-%m}"
        lines = tuple(teachers) if made == 0 else tuple(copy_last_month(ctx, school.id, period))
        recorded = record_collective(ctx, CollectiveInput(school.id, period, lines_total(lines), "transfer", lines,
                                                          payment_reference=f"TRF-SDN012-{month_start:%Y%m}"))
        made += 1
        receipts += len(recorded.receipts)
    return made, receipts


def _donation(rng: random.Random, index: int, donors: list[str]) -> DonationInput:
    kind = rng.randrange(6)
    program = rng.choice(PROGRAM_CODES) if rng.random() < 0.5 else None
    lines: tuple[LineInput, ...]
    if kind == 0:
        lines = (LineInput("zakat_maal", amount=rng.choice((500_000, 1_250_000, 2_500_000)), program_code=program),)
    elif kind == 1:
        lines = (LineInput("zakat_penghasilan", amount=rng.choice((250_000, 400_000, 750_000))),
                 LineInput("infak_tidak_terikat", amount=rng.choice((20_000, 50_000))))
    elif kind == 2:
        lines = (LineInput("zakat_fitrah", persons=rng.randint(1, 6)),)
    elif kind == 3:
        lines = (LineInput("sedekah", amount=rng.choice((10_000, 25_000, 100_000)), program_code=program),)
    elif kind == 4:
        lines = (LineInput("infak_terikat", amount=rng.choice((50_000, 150_000)), program_code=program or "umum"),
                 LineInput("fidyah", days=rng.randint(1, 10)))
    else:
        lines = (LineInput("zakat_fitrah", persons=rng.randint(1, 4), rice=True),)
    method = rng.choice(("tunai", "tunai", "tunai", "transfer", "qris"))
    anonymous = index % 7 == 6
    return DonationInput(lines=lines, donor_id=None if anonymous else rng.choice(donors), anonymous=anonymous,
                         payment_method=method,
                         payment_reference=None if method == "tunai" else f"REF{rng.randrange(10**8, 10**9)}")
