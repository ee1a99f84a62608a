"""Distributions on a real store: propose, approve, reject, fund rules, balances, tanda terima."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core.errors import PermissionDenied, ValidationError
from desktop.services.aid_settings import load_aid_settings, update_aid_settings
from desktop.services.balances import fund_balances, recompute_totals, stored_totals
from desktop.services.beneficiaries import (
    Beneficiary,
    GroupInput,
    PersonInput,
    register_group,
    register_person,
    set_beneficiary_status,
)
from desktop.services.context import AppContext, UserInfo
from desktop.services.distributions import (
    DistributionInput,
    approve_distribution,
    get_distribution,
    list_distributions,
    propose_distribution,
    reject_distribution,
    save_handover_pdf,
)
from desktop.services.donations import void_donation
from desktop.services.settings import load_settings, update_settings
from desktop.services.status import verify_store
from desktop.store import dbapi
from desktop.store.journal import iter_events
from sync.protocol.events import DISTRIBUTION_APPROVED, DISTRIBUTION_PROPOSED, DISTRIBUTION_REJECTED
from tests.unit.beneficiaries.conftest import give, make_kk, make_nik


def balance(ctx: AppContext, fund: str) -> dict[str, int]:
    item = next(b for b in fund_balances(ctx) if b.fund_code == fund)
    return {"collected": item.collected, "amil_share": item.amil_share, "distributed": item.distributed,
            "deposited": item.deposited, "pending": item.pending, "balance": item.balance}


@pytest.fixture
def siti(ctx: AppContext) -> Beneficiary:
    return register_person(ctx, PersonInput(name="Siti Aminah", nik="3201014507850003", kk=make_kk(1),
                                            asnaf="miskin", address="Jl. Mawar 3, Kuaro"))


def test_cash_and_in_kind_distributions_change_balances(ctx: AppContext, clerk: UserInfo, head: UserInfo,
                                                         siti: Beneficiary) -> None:
    give(ctx, "zakat_maal", 1_000_000)
    give(ctx, "infak_tidak_terikat", 500_000)
    assert balance(ctx, "zakat_maal") == {"collected": 1_000_000, "amil_share": 125_000, "distributed": 0,
                                          "deposited": 0, "pending": 0, "balance": 875_000}
    assert balance(ctx, "infak_tidak_terikat")["balance"] == 400_000  # 20 % amil share

    ctx.user = clerk
    cash = propose_distribution(ctx, DistributionInput(siti.id, "zakat_maal", "indonesia_sejahtera", amount=300_000))
    ani = register_person(ctx, PersonInput(name="Ani Lestari", nik=make_nik(5, female=True)))
    kube = register_group(ctx, GroupInput(name="KUBE Jahit", group_type="kube", members=(ani.id,), leader_id=ani.id))
    goods = propose_distribution(ctx, DistributionInput(
        kube.id, "infak_tidak_terikat", "indonesia_sejahtera", kind="barang", item="Mesin jahit", quantity="2",
        unit="unit", amount=150_000, note="Untuk usaha jahit"))
    assert cash.distribution.status == "diajukan" and cash.warnings == ()
    assert cash.distribution.number.startswith("TT-UPZ-UJI/") and cash.distribution.number.endswith("/B/000001")
    assert goods.distribution.number.endswith("/B/000002") and goods.distribution.asnaf is None
    assert balance(ctx, "zakat_maal")["pending"] == 300_000 and balance(ctx, "zakat_maal")["balance"] == 875_000
    assert [d.id for d in list_distributions(ctx, status="diajukan")] == [goods.distribution.id, cash.distribution.id]

    ctx.user = head
    approved = approve_distribution(ctx, cash.distribution.id)
    approve_distribution(ctx, goods.distribution.id)
    assert approved.status == "disetujui" and approved.asnaf == "miskin"
    assert balance(ctx, "zakat_maal") == {"collected": 1_000_000, "amil_share": 125_000, "distributed": 300_000,
                                          "deposited": 0, "pending": 0, "balance": 575_000}
    assert balance(ctx, "infak_tidak_terikat")["balance"] == 250_000
    assert get_distribution(ctx, goods.distribution.id).quantity == "2"

    with ctx.store.read() as conn:
        types = [e["type"] for e in iter_events(conn, ctx.office.identity)]
        assert recompute_totals(conn) == stored_totals(conn)
    assert types.count(DISTRIBUTION_PROPOSED) == 2 and types.count(DISTRIBUTION_APPROVED) == 2
    assert verify_store(ctx).ok


def test_zakat_refused_to_non_asnaf_with_clear_message(ctx: AppContext, clerk: UserInfo) -> None:
    give(ctx, "zakat_maal", 1_000_000)
    give(ctx, "sedekah", 1_000_000)
    budi = register_person(ctx, PersonInput(name="Budi Santoso", nik=make_nik(3)))
    ctx.user = clerk
    with pytest.raises(ValidationError) as excinfo:
        propose_distribution(ctx, DistributionInput(budi.id, "zakat_maal", "indonesia_sejahtera", amount=100_000))
    assert excinfo.value.code == "zakat_requires_asnaf"
    assert str(excinfo.value).startswith("Zakat hanya boleh disalurkan kepada 8 asnaf: Budi Santoso")
    # Infak/sedekah may go to anyone in need.
    assert propose_distribution(ctx, DistributionInput(budi.id, "sedekah", "umum", amount=100_000)).distribution


def test_overdraft_refused_counting_open_proposals(ctx: AppContext, clerk: UserInfo, head: UserInfo,
                                                   siti: Beneficiary) -> None:
    give(ctx, "zakat_maal", 800_000)  # balance 700.000 after the 12,5 % amil share
    ctx.user = clerk
    with pytest.raises(ValidationError) as excinfo:
        propose_distribution(ctx, DistributionInput(siti.id, "zakat_maal", "umum", amount=700_001))
    assert excinfo.value.code == "fund_overdraft"
    assert str(excinfo.value) == "Saldo dana Zakat Maal tidak cukup: tersedia Rp700.000, diminta Rp700.001."
    first = propose_distribution(ctx, DistributionInput(siti.id, "zakat_maal", "umum", amount=500_000))
    with pytest.raises(ValidationError, match=r"tersedia Rp200\.000"):
        propose_distribution(ctx, DistributionInput(siti.id, "zakat_maal", "umum", amount=300_000))
    with pytest.raises(ValidationError) as empty:
        propose_distribution(ctx, DistributionInput(siti.id, "kurban", "umum", amount=1))
    assert "tersedia Rp0" in str(empty.value)
    ctx.user = head
    approve_distribution(ctx, first.distribution.id, reason=None)
    assert balance(ctx, "zakat_maal")["balance"] == 200_000


def test_approval_rechecks_the_balance(ctx: AppContext, clerk: UserInfo, head: UserInfo, siti: Beneficiary) -> None:
    receipt = give(ctx, "infak_terikat", 1_000_000)
    ctx.user = clerk
    proposal = propose_distribution(ctx, DistributionInput(siti.id, "infak_terikat", "umum", amount=600_000))
    ctx.user = head
    void_donation(ctx, receipt, "salah ketik nominal")
    with pytest.raises(ValidationError) as excinfo:
        approve_distribution(ctx, proposal.distribution.id)
    assert excinfo.value.code == "fund_overdraft"
    with ctx.store.read() as conn:
        assert recompute_totals(conn) == stored_totals(conn)


def test_only_kepala_decides_and_rejection_needs_a_reason(ctx: AppContext, clerk: UserInfo, head: UserInfo,
                                                          siti: Beneficiary) -> None:
    give(ctx, "sedekah", 500_000)
    ctx.user = clerk
    proposal = propose_distribution(ctx, DistributionInput(siti.id, "sedekah", "umum", amount=100_000))
    with pytest.raises(PermissionDenied) as denied:
        approve_distribution(ctx, proposal.distribution.id)
    assert "Kepala Kantor" in str(denied.value)
    ctx.user = head
    with pytest.raises(ValidationError):
        reject_distribution(ctx, proposal.distribution.id, "  ")
    rejected = reject_distribution(ctx, proposal.distribution.id, "Sudah dibantu program desa")
    assert rejected.status == "ditolak" and rejected.decision_reason == "Sudah dibantu program desa"
    assert balance(ctx, "sedekah")["pending"] == 0 and balance(ctx, "sedekah")["distributed"] == 0
    with pytest.raises(ValidationError) as twice:
        approve_distribution(ctx, proposal.distribution.id)
    assert twice.value.code == "distribution_not_pending"
    with ctx.store.read() as conn:
        assert [e["type"] for e in iter_events(conn, ctx.office.identity)][-1] == DISTRIBUTION_REJECTED


def test_inactive_recipient_and_bad_input_refused(ctx: AppContext, siti: Beneficiary) -> None:
    give(ctx, "sedekah", 500_000)
    cases = [
        (DistributionInput(siti.id, "sedekah", "umum", kind="barang", amount=10_000, quantity="1"),
         "distribution_item_required"),
        (DistributionInput(siti.id, "sedekah", "umum", kind="barang", item="Beras", unit="kg", quantity="-1",
                           amount=10_000), "quantity_invalid"),
        (DistributionInput(siti.id, "sedekah", "umum", kind="voucher", amount=10_000), "distribution_kind_invalid"),
        (DistributionInput(siti.id, "sedekah", "umum", amount=0), "amount_zero_or_negative"),
        (DistributionInput(siti.id, "sedekah", "", amount=10_000), "program_required"),
        (DistributionInput(siti.id, "sedekah", "tidak_ada", amount=10_000), "program_unknown"),
        (DistributionInput(siti.id, "emas", "umum", amount=10_000), "fund_unknown"),
    ]
    for data, code in cases:
        with pytest.raises(ValidationError) as excinfo:
            propose_distribution(ctx, data)
        assert excinfo.value.code == code
    rice = propose_distribution(ctx, DistributionInput(siti.id, "sedekah", "umum", kind="barang", item="Beras",
                                                       unit="kg", quantity="2,50", amount=40_000))
    assert rice.distribution.quantity == "2.5"
    set_beneficiary_status(ctx, siti.id, "meninggal")
    with pytest.raises(ValidationError) as excinfo:
        propose_distribution(ctx, DistributionInput(siti.id, "sedekah", "umum", amount=10_000))
    assert str(excinfo.value) == "Siti Aminah berstatus meninggal; bantuan hanya untuk penerima yang aktif."


def test_handover_receipt_pdf(ctx: AppContext, clerk: UserInfo, head: UserInfo, siti: Beneficiary,
                              tmp_path: Path) -> None:
    give(ctx, "zakat_maal", 2_000_000)
    ctx.user = clerk
    cash = propose_distribution(ctx, DistributionInput(siti.id, "zakat_maal", "indonesia_sejahtera",
                                                       amount=1_250_000)).distribution
    with pytest.raises(ValidationError) as early:
        save_handover_pdf(ctx, cash.id, tmp_path / "early.pdf")
    assert early.value.code == "handover_not_approved"
    ctx.user = head
    approve_distribution(ctx, cash.id)
    path = save_handover_pdf(ctx, cash.id, tmp_path / "tt" / "cash.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in ("TANDA TERIMA BANTUAN", cash.number, "Siti Aminah", "Rp1.250.000",
                     "satu juta dua ratus lima puluh ribu rupiah", "Zakat Maal / Indonesia Sejahtera", "Miskin",
                     "Yang menerima", "Cap jempol", "Yang menyerahkan", "Kepala Kantor", "Rudi Hartono",
                     "Hj. Aminah", "3201"):
        assert expected in text, expected
    assert "3201014507850003" not in text  # the NIK is printed masked


def test_amil_share_follows_office_settings(ctx: AppContext, head: UserInfo) -> None:
    give(ctx, "zakat_penghasilan", 1_000_003)
    give(ctx, "kurban", 650_000)
    assert balance(ctx, "zakat_penghasilan")["amil_share"] == 125_000  # rounded down: "at most"
    assert balance(ctx, "kurban")["amil_share"] == 130_000  # DSKL: the infak/sedekah rate by default
    rates = load_settings(ctx.store).rates
    update_settings(ctx, rates=replace(rates, amil_share_zakat_permille=100, amil_share_infak_permille=150))
    update_aid_settings(ctx, amil_share_dskl_permille=0, duplicate_aid_days=30)
    assert balance(ctx, "zakat_penghasilan")["amil_share"] == 100_000
    assert balance(ctx, "kurban")["amil_share"] == 0
    assert load_aid_settings(ctx).duplicate_aid_days == 30
    with pytest.raises(ValidationError):
        update_aid_settings(ctx, duplicate_aid_days=0)
    ctx.user = head
    assert verify_store(ctx).ok


def test_decided_distributions_cannot_be_changed_behind_the_app(ctx: AppContext, head: UserInfo,
                                                                siti: Beneficiary) -> None:
    give(ctx, "sedekah", 500_000)
    proposal = propose_distribution(ctx, DistributionInput(siti.id, "sedekah", "umum", amount=100_000))
    ctx.user = head
    approve_distribution(ctx, proposal.distribution.id)
    conn = dbapi.connect(ctx.store.paths.database)
    try:
        for statement in ("UPDATE distributions SET amount = 1", "UPDATE distributions SET status = 'ditolak'",
                          "DELETE FROM distributions"):
            with pytest.raises(dbapi.INTEGRITY_ERRORS):
                conn.execute(statement)
    finally:
        conn.close()
