"""Which backups to keep: the newest of each of the last 7 days, 4 weeks and 12 months that have one.

The grandfather-father-son rule restic and borg use (``--keep-daily 7 --keep-weekly 4
--keep-monthly 12``): a year of history in at most ~23 files. Periods are counted over the backups
that exist, not the calendar, so an office closed for Ramadan leave still keeps 7 daily copies.
The newest backup is always kept. Pure: the caller lists the files and deletes what is not kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

T = TypeVar("T")

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12


@dataclass(frozen=True)
class Policy:
    daily: int = KEEP_DAILY
    weekly: int = KEEP_WEEKLY
    monthly: int = KEEP_MONTHLY


def _day(moment: datetime) -> Hashable:
    return moment.date()


def _week(moment: datetime) -> Hashable:
    iso = moment.isocalendar()
    return (iso.year, iso.week)


def _month(moment: datetime) -> Hashable:
    return (moment.year, moment.month)


def to_keep(items: Sequence[T], created: Callable[[T], datetime], policy: Policy | None = None) -> set[int]:
    """Indexes into ``items`` to keep under ``policy`` (every other item may be deleted)."""
    policy = policy or Policy()
    order = sorted(range(len(items)), key=lambda i: created(items[i]), reverse=True)
    keep: set[int] = set(order[:1])
    for bucket, count in ((_day, policy.daily), (_week, policy.weekly), (_month, policy.monthly)):
        seen: set[Hashable] = set()
        for index in order:
            if len(seen) >= count:
                break
            period = bucket(created(items[index]))
            if period not in seen:  # newest first: the first one met is the period's newest
                seen.add(period)
                keep.add(index)
    return keep
