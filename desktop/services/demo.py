"""A demo office with plausible donors and donations, made through the real services.

Used by ``amildesk demo`` (the README's run command) and by benchmarks; never by production data.
"""

from __future__ import annotations

import random
from pathlib import Path

from desktop.core.roles import Role
from desktop.services.context import AppContext, open_context
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.donors import DonorInput, register_donor
from desktop.services.setup import SetupInput, initialize_office
from desktop.services.users import create_user
from desktop.store.probe import is_initialized

DEMO_PASSWORD = "demo12345"
DEMO_PASSPHRASE = "demo-pemulihan"  # the demo office's recovery passphrase (``amildesk demo`` prints it)
DEMO_ADMIN = "admin"
DEMO_CLERK = "kasir"
DEMO_HEAD = "kepala"

FIRST_NAMES = (
    "Ahmad", "Muhammad", "Nur", "Siti", "Abdul", "Sri", "Budi", "Dewi", "Agus", "Rahmat", "Aisyah",
    "Fatimah", "Hasan", "Husein", "Yusuf", "Ibrahim", "Rina", "Wahyu", "Eko", "Dian", "Fitri", "Rizki",
    "Putri", "Hendra", "Nurul", "Ahmad Fauzi", "Slamet", "Sutrisno", "Kartini", "Zainab",
)
LAST_NAMES = (
    "Hidayat", "Rahman", "Rahmawati", "Saputra", "Setiawan", "Nugroho", "Wahyudi", "Kurniawan",
    "Lestari", "Susanti", "Hakim", "Syahputra", "Handayani", "Pratama", "Utami", "Hasanah",
    "Fadillah", "Maulana", "Ramadhan", "Santoso", "Wibowo", "Purnomo", "Aminah", "Sulistyo",
)
VILLAGES = ("Tanah Grogot", "Kuaro", "Long Ikis", "Batu Sopang", "Pasir Belengkong", "Muara Komam")


def demo_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def ensure_demo_office(data_dir: Path) -> AppContext:
    """Open ``data_dir``, creating the demo office (admin, kepala, kasir) when it is empty."""
    if is_initialized(data_dir):
        ctx = open_context(data_dir)
        from desktop.services.users import authenticate

        ctx.user = authenticate(ctx.store, DEMO_ADMIN, DEMO_PASSWORD)
        return ctx
    ctx = initialize_office(data_dir, SetupInput(
        institution_name="Lazismu Kabupaten Paser",
        institution_address="Jl. Jenderal Sudirman No. 12, Tanah Grogot, Paser, Kalimantan Timur",
        office_code="KLL-PKS", office_name="Kantor Layanan Lazismu Pasir Belengkong",
        device_letter="A", admin_username=DEMO_ADMIN, admin_password=DEMO_PASSWORD,
        admin_full_name="Admin Demo", recovery_passphrase=DEMO_PASSPHRASE,
    ))
    create_user(ctx, username=DEMO_HEAD, full_name="Hj. Aminah", role=Role.KEPALA.value,
                password=DEMO_PASSWORD)
    create_user(ctx, username=DEMO_CLERK, full_name="Rudi Hartono", role=Role.PETUGAS.value,
                password=DEMO_PASSWORD)
    return ctx


def seed_demo(ctx: AppContext, *, donors: int = 30, donations: int = 20, seed: int = 7) -> list[str]:
    """Add ``donors`` donors and ``donations`` donations; returns the receipt numbers made."""
    rng = random.Random(seed)
    donor_ids = [
        register_donor(ctx, DonorInput(
            name=demo_name(rng), phone=f"08{rng.randrange(10**9, 10**10)}",
            village=rng.choice(VILLAGES), address=f"RT {rng.randint(1, 20):02d}, {rng.choice(VILLAGES)}",
        )).id
        for _ in range(donors)
    ]
    numbers = []
    for index in range(donations):
        kind = index % 4
        lines: tuple[LineInput, ...]
        if kind == 0:
            lines = (LineInput("zakat_maal", amount=rng.choice((250_000, 500_000, 1_250_000))),
                     LineInput("infak_tidak_terikat", amount=rng.choice((20_000, 50_000))))
        elif kind == 1:
            lines = (LineInput("zakat_fitrah", persons=rng.randint(1, 6)),)
        elif kind == 2:
            lines = (LineInput("sedekah", amount=rng.choice((10_000, 25_000, 100_000))),
                     LineInput("fidyah", days=rng.randint(1, 10)))
        else:
            lines = (LineInput("zakat_fitrah", persons=rng.randint(1, 4), rice=True),)
        anonymous = index % 9 == 8 or not donor_ids
        recorded = record_donation(ctx, DonationInput(
            lines=lines, donor_id=None if anonymous else rng.choice(donor_ids), anonymous=anonymous,
        ))
        numbers.append(recorded.receipt_number)
    return numbers
