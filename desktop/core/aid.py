"""Pure rules of beneficiaries and aid: field parsing, amil share, fund balance, district hashes.

No SQL and no Qt here, so the same rules serve the form, the importer and the tests. Money is
integer rupiah; quantities of goods are exact decimals kept as text ("2.5"), never floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Final

from desktop.core.errors import ValidationError
from desktop.core.funds import FundKind

# Re-exported: the district server hashes with the very same function (see sync.protocol.aid).
from sync.protocol.aid import identity_hash as identity_hash

PERMILLE: Final[int] = 1000
MAX_DECILE: Final[int] = 10
VILLAGE_CODE_LENGTH: Final[int] = 10  # Kemendagri: province 2 + regency 2 + district 2 + village 4


class BeneficiaryKind(StrEnum):
    PERSON = "orang"
    GROUP = "kelompok"


class GroupType(StrEnum):
    KUBE = "kube"
    MASJID = "masjid"
    SEKOLAH = "sekolah"
    LAINNYA = "lainnya"


GROUP_TYPE_LABELS: Final[dict[GroupType, str]] = {
    GroupType.KUBE: "KUBE", GroupType.MASJID: "Masjid/Musala", GroupType.SEKOLAH: "Sekolah/Madrasah",
    GroupType.LAINNYA: "Lainnya",
}


class BeneficiaryStatus(StrEnum):
    AKTIF = "aktif"
    TIDAK_AKTIF = "tidak_aktif"
    MENINGGAL = "meninggal"


STATUS_LABELS: Final[dict[BeneficiaryStatus, str]] = {
    BeneficiaryStatus.AKTIF: "Aktif", BeneficiaryStatus.TIDAK_AKTIF: "Tidak aktif",
    BeneficiaryStatus.MENINGGAL: "Meninggal",
}


class DistributionKind(StrEnum):
    CASH = "tunai"
    IN_KIND = "barang"


class DistributionStatus(StrEnum):
    PROPOSED = "diajukan"
    APPROVED = "disetujui"
    REJECTED = "ditolak"


_SEX: Final[dict[str, str]] = {
    "l": "L", "lk": "L", "laki": "L", "laki-laki": "L", "laki laki": "L", "pria": "L", "1": "L",
    "p": "P", "pr": "P", "perempuan": "P", "wanita": "P", "2": "P",
}


def parse_sex(text: str | None) -> str | None:
    """"L" or "P" (also from "Laki-laki"/"Perempuan" as registers spell it); None when empty."""
    if text is None or not str(text).strip():
        return None
    value = _SEX.get(" ".join(str(text).strip().lower().split()))
    if value is None:
        raise ValidationError("sex_invalid", text=str(text))
    return value


def parse_birth_date(value: object, *, today: date) -> str | None:
    """ISO date text from YYYY-MM-DD, DD-MM-YYYY (or with slashes) or a spreadsheet date cell.

    A date after ``today`` or before 1900 is refused: it is always a typing slip.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        text = str(value).strip()
        if not text:
            return None
        parsed_or_none = _parse_date_text(text.split(" ")[0].replace("/", "-").replace(".", "-"))
        if parsed_or_none is None:
            raise ValidationError("date_invalid", text=text)
        parsed = parsed_or_none
    if parsed > today or parsed.year < 1900:
        raise ValidationError("birth_date_out_of_range", text=parsed.isoformat())
    return parsed.isoformat()


def _parse_date_text(text: str) -> date | None:
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    try:
        if len(parts[0]) == 4:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts[2]) == 4:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None
    return None


def validate_village_code(text: str | None) -> str | None:
    """Kemendagri village code, 10 digits (dots allowed when typed: 64.01.01.2001)."""
    if text is None or not str(text).strip():
        return None
    digits = "".join(c for c in str(text).strip() if c not in ". ")
    if not digits.isdigit() or len(digits) != VILLAGE_CODE_LENGTH or not digits.isascii():
        raise ValidationError("village_code_invalid", text=str(text))
    return digits


def parse_decile(value: object) -> int | None:
    """DTSEN/P3KE decile 1 (poorest) to 10; None when unknown."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValidationError("decile_invalid", text=str(value)) from exc
    if number != number.to_integral_value() or not 1 <= number <= MAX_DECILE:
        raise ValidationError("decile_invalid", text=str(value))
    return int(number)


def parse_quantity(value: object) -> str:
    """An exact positive quantity as canonical decimal text ("2", "2.5"); comma decimals accepted."""
    if isinstance(value, float):
        raise ValidationError("quantity_invalid", text=str(value))
    text = str(value).strip().replace(",", ".") if value is not None else ""
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError("quantity_invalid", text=str(value)) from exc
    if not number.is_finite() or number <= 0 or number > Decimal(1_000_000):
        raise ValidationError("quantity_invalid", text=str(value))
    normal = number.normalize()
    return f"{normal:f}"


@dataclass(frozen=True)
class AmilShareRates:
    """Per-mille amil share per fund kind, from the office settings (SK)."""

    zakat: int
    infak: int
    dskl: int

    def for_kind(self, kind: str) -> int:
        if kind == FundKind.ZAKAT:
            return self.zakat
        if kind == FundKind.INFAK:
            return self.infak
        return self.dskl


def amil_share(collected: int, permille: int) -> int:
    """The amil's part of what a fund collected, rounded down: the rate is a ceiling ("at most")."""
    if collected <= 0:
        return 0
    return collected * permille // PERMILLE


@dataclass(frozen=True)
class FundBalance:
    """One fund's money in whole rupiah; ``pending`` is what open proposals would take."""

    fund_code: str
    fund_name: str
    kind: str
    collected: int
    amil_share: int
    distributed: int
    deposited: int
    pending: int = 0

    @property
    def balance(self) -> int:
        """collected − amil share − distributed − deposited (domain rule; never below zero by aid)."""
        return self.collected - self.amil_share - self.distributed - self.deposited

    @property
    def available(self) -> int:
        """What a new proposal may still ask for: the balance less open proposals."""
        return self.balance - self.pending
