"""District aid index: the one formula both sides use to hash a NIK/KK.

The office app hashes its own recipients' numbers to look them up in the index it pulled; the
server hashes the numbers of approved distributions to fill that index. Matches are found only if
both compute exactly the same digest, so the formula lives here, in the package both import.
Only these salted hashes travel between offices, never the numbers (UU PDP).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Final

SALT_SETTING: Final[str] = "district_aid_salt"  # reference ``setting`` item that carries the salt
INDEX_KIND: Final[str] = "beneficiary"  # reference kind of the index items


def identity_hash(salt: str, digits: str) -> str:
    """sha256 hex of the district-wide salt followed by the NIK/KK digits (UTF-8).

    A plain sha256 of a 16-digit NIK can be brute-forced in minutes; the salt is a secret of the
    district's server database, so a leaked index alone does not give the numbers back.
    """
    return hashlib.sha256((salt + digits).encode("utf-8")).hexdigest()


# Office time zones as the office app names them (settings key ``timezone``), hours east of UTC.
OFFICE_UTC_OFFSETS: Final[dict[str, int]] = {"WIB": 7, "WITA": 8, "WIT": 9}


def local_aid_date(moment_utc: str, timezone_name: str | None) -> str:
    """The office-local ``YYYY-MM-DD`` of a UTC ISO time (``...Z``), as the office shows aid dates.

    The index carries a date, not a time, and the duplicate-aid period is counted in office days:
    aid given at 07:00 WITA on the 10th is the 9th in UTC, and must read as the 10th elsewhere too.
    """
    moment = datetime.fromisoformat(moment_utc.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    hours = OFFICE_UTC_OFFSETS.get(timezone_name or "WIB", OFFICE_UTC_OFFSETS["WIB"])
    return moment.astimezone(timezone(timedelta(hours=hours))).date().isoformat()
