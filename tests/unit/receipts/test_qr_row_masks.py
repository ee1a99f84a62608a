"""The row-wise mask application and scoring patched into segno give segno's own QR, module for module."""

from __future__ import annotations

import random
import string
from collections.abc import Iterator

import pytest
import segno
from segno import encoder

from desktop.receipts import qr


def _payloads() -> list[str]:
    rnd = random.Random(14)
    return ([f"KLL-PKS/2026/{chr(65 + i % 26)}/{i:06d}|{rnd.getrandbits(40):010X}" for i in range(150)]
            + [f"https://zis.example.id/verify?n=UPZ-PSR/2026/A/{i:06d}&c={i:010d}" for i in range(50)]
            + ["".join(rnd.choice(string.printable) for _ in range(rnd.randint(1, 700))) for _ in range(60)])


@pytest.fixture
def segno_own() -> Iterator[None]:
    qr.use_row_masks(False)
    yield
    qr.use_row_masks(True)


def test_same_matrices_as_segno(segno_own: None) -> None:
    payloads = _payloads()
    expected = [tuple(bytes(row) for row in qr.qr_matrix(p)) for p in payloads]
    qr.use_row_masks(True)
    assert [tuple(bytes(row) for row in qr.qr_matrix(p)) for p in payloads] == expected


def test_same_scores_as_segno_for_every_mask_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    compared = []

    def both(matrix, width, height):  # type: ignore[no-untyped-def]
        mine = qr._mask_scores_by_rows(matrix, width, height)
        theirs = qr._segno_mask_scores(matrix, width, height)
        compared.append(tuple(mine) == tuple(theirs))
        return theirs

    monkeypatch.setattr(encoder, "mask_scores", both)
    for payload in _payloads():
        segno.make(payload, error="m", micro=False, boost_error=False)
    assert len(compared) == 8 * len(_payloads()) and all(compared)
