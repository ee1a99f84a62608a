"""Who writes this store's journal (kept apart so the window can name it without loading SQLAlchemy)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeviceIdentity:
    """The store's own device id and the office, by its district code."""

    device_id: str
    office_code: str
