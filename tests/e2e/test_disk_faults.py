"""A full or read-only disk gives the clerk a clear message and loses nothing already saved.

Uses a real small tmpfs mount (needs root and mount rights, as on CI); elsewhere the read-only case
falls back to file permissions and the full-disk case is skipped.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.errors import StoreError
from desktop.services.context import AppContext
from desktop.services.demo import ensure_demo_office
from desktop.services.donations import DonationInput, LineInput, record_donation
from desktop.services.status import store_status, verify_store

ONE = DonationInput(lines=(LineInput("sedekah", amount=25_000), LineInput("infak_tidak_terikat", amount=5_000)),
                    anonymous=True)


def _can_mount() -> bool:
    return os.geteuid() == 0 and subprocess.run(["which", "mount"], capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if not _can_mount():
        pytest.skip("needs root and mount to make a real small disk")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(disk: Path) -> Path:
    """Fill the disk to the last byte. Unbuffered: a buffered file keeps the bytes that did not fit and
    raises ENOSPC again when closed, depending on how full the disk happened to be."""
    filler = disk / "filler.bin"
    with open(filler, "wb", buffering=0) as handle:
        block = b"\0" * 65536
        try:
            while handle.write(block):
                pass
        except OSError:
            pass
    return filler


def test_disk_full_refuses_cleanly_and_recovers(small_disk: Path) -> None:
    ctx: AppContext = ensure_demo_office(small_disk / "office")
    try:
        saved = [record_donation(ctx, ONE).receipt_number for _ in range(5)]
        before = store_status(ctx)
        filler = _fill(small_disk)
        failures = 0
        for _ in range(200):  # the WAL may still have room for a few; it must run out cleanly
            try:
                saved.append(record_donation(ctx, ONE).receipt_number)
            except StoreError as exc:
                assert exc.code in {"store_disk_full", "store_io_error"}
                assert "Disk penuh" in str(exc) or exc.code == "store_io_error"
                failures += 1
                break
        assert failures == 1
        filler.unlink()
        after_free = record_donation(ctx, ONE).receipt_number
        status = store_status(ctx)
        assert status["donations"] == len(saved) + 1 >= before["donations"] + 1
        assert verify_store(ctx).ok
        seqs = [int(n.rsplit("/", 1)[1]) for n in [*saved, after_free]]
        assert seqs == list(range(1, len(seqs) + 1))  # no number lost or reused by the failure
    finally:
        ctx.close()


def test_read_only_disk_refuses_cleanly(small_disk: Path) -> None:
    from desktop.services.context import open_context

    ctx = ensure_demo_office(small_disk / "office")
    saved = record_donation(ctx, ONE).receipt_number
    ctx.close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with pytest.raises(StoreError) as excinfo:
            open_context(small_disk / "office")
        assert excinfo.value.code == "store_read_only"
        assert "hanya-baca" in str(excinfo.value)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    ctx = ensure_demo_office(small_disk / "office")
    try:
        again = record_donation(ctx, ONE).receipt_number
        assert int(again.rsplit("/", 1)[1]) == int(saved.rsplit("/", 1)[1]) + 1
        assert verify_store(ctx).ok
    finally:
        ctx.close()
