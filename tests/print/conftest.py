"""Printing tests share one cupsd and one cups-pdf queue for the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.print.cups import cups_queue_for_session


@pytest.fixture(scope="session")
def cups_queue() -> Iterator[str]:
    yield from cups_queue_for_session()
