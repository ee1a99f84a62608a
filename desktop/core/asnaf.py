"""The eight asnaf: the only people (and causes) zakat may be given to (QS At-Taubah 60).

Stored values are stable identifiers (they travel in sync events and district reports); labels are
what the clerk reads. ``parse_asnaf`` accepts the spellings found in office spreadsheets
("Ibnu Sabil", "ibnusabil", "Muallaf", "Fii Sabilillah") so imports do not fail on spelling alone.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from desktop.core.errors import ValidationError


class Asnaf(StrEnum):
    FAKIR = "fakir"
    MISKIN = "miskin"
    AMIL = "amil"
    MUALAF = "mualaf"
    RIQAB = "riqab"
    GHARIMIN = "gharimin"
    FISABILILLAH = "fisabilillah"
    IBNU_SABIL = "ibnu_sabil"


ASNAF_LABELS: Final[dict[Asnaf, str]] = {
    Asnaf.FAKIR: "Fakir",
    Asnaf.MISKIN: "Miskin",
    Asnaf.AMIL: "Amil",
    Asnaf.MUALAF: "Mualaf",
    Asnaf.RIQAB: "Riqab",
    Asnaf.GHARIMIN: "Gharimin",
    Asnaf.FISABILILLAH: "Fisabilillah",
    Asnaf.IBNU_SABIL: "Ibnu Sabil",
}

_ALIASES: Final[dict[str, Asnaf]] = {
    "muallaf": Asnaf.MUALAF,
    "muallafah": Asnaf.MUALAF,
    "mualaf_qulubuhum": Asnaf.MUALAF,
    "gharim": Asnaf.GHARIMIN,
    "gharimin": Asnaf.GHARIMIN,
    "fi_sabilillah": Asnaf.FISABILILLAH,
    "fii_sabilillah": Asnaf.FISABILILLAH,
    "sabilillah": Asnaf.FISABILILLAH,
    "ibnusabil": Asnaf.IBNU_SABIL,
    "ibn_sabil": Asnaf.IBNU_SABIL,
    "riqob": Asnaf.RIQAB,
    "faqir": Asnaf.FAKIR,
}


def _key(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").replace(".", " ").split())


def parse_asnaf(text: str | None) -> Asnaf | None:
    """The asnaf named by ``text`` (value, label or a common spelling); None when empty.

    Raises ValidationError("asnaf_unknown") for anything else: a typo must not silently turn a
    beneficiary into a non-asnaf who can then never receive zakat.
    """
    if text is None or not str(text).strip():
        return None
    key = _key(str(text))
    try:
        return Asnaf(key)
    except ValueError:
        pass
    if key in _ALIASES:
        return _ALIASES[key]
    if key.replace("_", "") in {a.value.replace("_", "") for a in Asnaf}:
        return next(a for a in Asnaf if a.value.replace("_", "") == key.replace("_", ""))
    raise ValidationError("asnaf_unknown", text=str(text))


def asnaf_label(value: str | None) -> str:
    """Label for a stored value; empty text for none."""
    if not value:
        return ""
    return ASNAF_LABELS[Asnaf(value)]
