"""Display words for the stored codes of beneficiaries and aid, and the change kinds they announce.

Stored values (``tidak_aktif``, ``barang``, ``diajukan``) are stable codes from ``desktop.core.aid``;
what the clerk reads is decided here, in the UI language, so an English screen never says
"tidak_aktif". Asnaf names are Arabic terms used as such in both languages, so they come from
``desktop.core.asnaf`` untranslated.

``BENEFICIARIES`` and ``DISTRIBUTIONS`` are change kinds for ``ops.change_bus()`` in the style of
``ops.DONATIONS``; they live here until ``ops.py`` (shared with other work) can take them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.aid import BeneficiaryKind, BeneficiaryStatus, DistributionKind, DistributionStatus, GroupType
from desktop.core.asnaf import ASNAF_LABELS, Asnaf

# Change kinds (see desktop/ui/ops.py).
BENEFICIARIES = "beneficiaries"
DISTRIBUTIONS = "distributions"
# Everything that moves a fund balance: money in, voids, aid, rates, what sync pulled down.
BALANCE_CHANGES = frozenset({"donations", "receipts", DISTRIBUTIONS, "settings", "sync"})

_CTX = "aid_labels"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name pyside6-lupdate looks for
    """Marks ``text`` for translation in ``context`` without translating it yet."""
    return text


STATUS_TEXT: dict[str, str] = {
    BeneficiaryStatus.AKTIF.value: QT_TRANSLATE_NOOP("aid_labels", "Aktif"),
    BeneficiaryStatus.TIDAK_AKTIF.value: QT_TRANSLATE_NOOP("aid_labels", "Tidak aktif"),
    BeneficiaryStatus.MENINGGAL.value: QT_TRANSLATE_NOOP("aid_labels", "Meninggal"),
}

GROUP_TYPE_TEXT: dict[str, str] = {
    GroupType.KUBE.value: QT_TRANSLATE_NOOP("aid_labels", "KUBE"),
    GroupType.MASJID.value: QT_TRANSLATE_NOOP("aid_labels", "Masjid/Musala"),
    GroupType.SEKOLAH.value: QT_TRANSLATE_NOOP("aid_labels", "Sekolah/Madrasah"),
    GroupType.LAINNYA.value: QT_TRANSLATE_NOOP("aid_labels", "Kelompok lain"),
}

DISTRIBUTION_STATUS_TEXT: dict[str, str] = {
    DistributionStatus.PROPOSED.value: QT_TRANSLATE_NOOP("aid_labels", "Diajukan"),
    DistributionStatus.APPROVED.value: QT_TRANSLATE_NOOP("aid_labels", "Disetujui"),
    DistributionStatus.REJECTED.value: QT_TRANSLATE_NOOP("aid_labels", "Ditolak"),
}

KIND_TEXT: dict[str, str] = {
    DistributionKind.CASH.value: QT_TRANSLATE_NOOP("aid_labels", "Tunai"),
    DistributionKind.IN_KIND.value: QT_TRANSLATE_NOOP("aid_labels", "Barang"),
}

SEX_TEXT: dict[str, str] = {
    "L": QT_TRANSLATE_NOOP("aid_labels", "L – Laki-laki"),
    "P": QT_TRANSLATE_NOOP("aid_labels", "P – Perempuan"),
}

PERSON_TEXT = QT_TRANSLATE_NOOP("aid_labels", "Orang")


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def status_label(status: str) -> str:
    return _tr(STATUS_TEXT.get(status, status))


def group_type_label(group_type: str | None) -> str:
    return _tr(GROUP_TYPE_TEXT.get(group_type or "", group_type or ""))


def kind_of_label(kind: str, group_type: str | None) -> str:
    """"Orang" for a person, the group's type ("KUBE") for a group."""
    return group_type_label(group_type) if kind == BeneficiaryKind.GROUP else _tr(PERSON_TEXT)


def distribution_status_label(status: str) -> str:
    return _tr(DISTRIBUTION_STATUS_TEXT.get(status, status))


def aid_kind_label(kind: str) -> str:
    return _tr(KIND_TEXT.get(kind, kind))


def sex_label(sex: str) -> str:
    return _tr(SEX_TEXT.get(sex, sex))


def asnaf_text(value: str | None) -> str:
    """The asnaf's name, or an empty text when none is recorded."""
    return ASNAF_LABELS[Asnaf(value)] if value else ""


def village_text(code: str | None) -> str:
    """Kemendagri code with its dots (64.01.01.2001): how the code is printed on letters."""
    if not code or len(code) != 10:
        return code or ""
    return f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
