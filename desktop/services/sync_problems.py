"""What the clerk reads when a sync could not finish: typed client failures as coded problems.

``sync.client`` says what happened in its own terms (exception types, ``fault_reason`` codes such as
``refused``); here they become ``SyncProblem`` codes with parameters whose words are TERMS, so the
status bar, the message box and ``amildesk sync`` show the same sentence, translated in the window.
"""

from __future__ import annotations

from desktop.services.sync_state import SyncProblem
from sync.client import errors
from sync.client.transport import Waiting

# sync.client.transport.fault_reason() in the clerk's words (desktop.core.errors.TERMS).
FAULT_WORDS = {
    "refused": "koneksi ditolak", "no_route": "jaringan tidak terjangkau",
    "name_not_found": "nama server tidak ditemukan", "timeout": "waktu tunggu habis",
    "disconnected": "koneksi terputus", "server_busy": "server sibuk", "network": "gangguan jaringan",
    "pending": "belum ada jawaban",
}


def fault_words(reason: object) -> str:
    return FAULT_WORDS.get(str(reason), FAULT_WORDS["network"])


def waiting_problem(waiting: Waiting) -> SyncProblem:
    """The "not reachable yet, data safe, still trying" notice (shown while the attempt goes on)."""
    return SyncProblem("sync_waiting", reason=fault_words(waiting.reason), seconds=round(waiting.give_up_after))


def problem_from(exc: errors.SyncFailure, server_url: str) -> SyncProblem:
    """The clerk's message for a typed sync failure (retrying alone cannot fix these)."""
    if isinstance(exc, errors.AuthError):
        return SyncProblem("sync_token_revoked" if exc.code == "token_revoked" else "sync_invalid_token")
    if isinstance(exc, errors.ScopeError):
        return SyncProblem("sync_office_scope")
    if isinstance(exc, errors.ProtocolVersionError):
        return SyncProblem("sync_app_too_old")
    if isinstance(exc, errors.DivergedError | errors.ServerAheadError):
        return SyncProblem("sync_diverged", seq=exc.details.get("seq", exc.details.get("acked_seq", "?")))
    if isinstance(exc, errors.TlsError):
        return SyncProblem("sync_tls_untrusted", url=server_url, detail=exc.message)
    if isinstance(exc, errors.StalledError):  # UnreachableError: it never answered; else it stopped moving
        code = "sync_unreachable" if isinstance(exc, errors.UnreachableError) else "sync_stalled"
        return SyncProblem(code, url=server_url, reason=fault_words(exc.details.get("reason")),
                           seconds=exc.details.get("seconds", "?"))
    if isinstance(exc, errors.InsecureUrlError):
        return SyncProblem("server_url_insecure", url=server_url)
    if isinstance(exc, errors.UrlError):
        return SyncProblem("server_url_invalid", url=server_url)
    if isinstance(exc, errors.CancelledError):
        return SyncProblem("sync_cancelled")
    if exc.code == "enroll_code_invalid":
        return SyncProblem("enroll_code_invalid")
    if exc.code == "enroll_conflict":
        return SyncProblem("enroll_conflict", detail=exc.message)
    return SyncProblem("sync_refused", reason=exc.code, detail=exc.message)
