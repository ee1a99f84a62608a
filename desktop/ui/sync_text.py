"""How the link's state reads, the same in the status bar, on Beranda and in Pengaturan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop.ui.errors import error_text

if TYPE_CHECKING:
    from desktop.services.context import AppContext
    from desktop.services.sync_service import SyncOverview


def unsent_text(overview: SyncOverview) -> str:
    text = QCoreApplication.translate("sync", "Belum terkirim: {count}").format(count=overview.unsent)
    if overview.export_unconfirmed:
        text += " " + QCoreApplication.translate("sync", "(diekspor, belum dikonfirmasi)")
    return text


def when_text(ctx: AppContext, stamp: str | None) -> str:
    """A UTC timestamp of the store as the office's local date and time."""
    if not stamp:
        return QCoreApplication.translate("sync", "belum pernah")
    from desktop.services.context import parse_iso_utc

    try:
        moment = ctx.local(parse_iso_utc(stamp))
    except ValueError:
        return stamp
    return moment.strftime("%d-%m-%Y %H:%M")


def last_sync_text(ctx: AppContext, overview: SyncOverview) -> str:
    if not overview.enrolled:
        return QCoreApplication.translate("sync", "Belum terhubung ke server kabupaten")
    when = when_text(ctx, overview.last_sync_at)
    return QCoreApplication.translate("sync", "Sinkron terakhir: {when}").format(when=when)


def insecure_text(overview: SyncOverview) -> str:
    """The warning while the link uses plain http to a public host (empty otherwise)."""
    if not overview.insecure_http:
        return ""
    from desktop.services.sync_state import SyncProblem

    return error_text(SyncProblem("sync_insecure_http", url=overview.server_url))


def error_line(overview: SyncOverview) -> str:
    """The last error (empty when the last attempt succeeded)."""
    if overview.last_error is None:
        return ""
    message = error_text(overview.last_error)
    return QCoreApplication.translate("sync", "Galat sinkron: {message}").format(message=message)
