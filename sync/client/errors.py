"""Typed outcomes of a sync attempt the caller must act on (retrying cannot fix them).

Network faults, 5xx and 429 are never raised to the caller while the retry budget lasts: they are
retried with backoff. Everything here stops the attempt and says why, so the UI can show a clear
message (revoked device, wrong office, app too old, journal diverged).
"""

from __future__ import annotations

from typing import Any


class SyncFailure(Exception):
    """Base class; ``code`` is the server's error code (or a client-side one)."""

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None,
                 status: int | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.details = details or {}
        self.status = status


class AuthError(SyncFailure):
    """401: the token is unknown (``invalid_token``) or revoked (``token_revoked``): re-enroll."""


class ScopeError(SyncFailure):
    """403: the journal holds events of another office or device."""


class ProtocolVersionError(SyncFailure):
    """426: the server does not speak this app's protocol version: update the app."""


class RefusedError(SyncFailure):
    """400/412/413/422: the server refused the request as malformed (a bug or a tampered journal)."""


class DivergedError(SyncFailure):
    """409 seq_hash_mismatch or a reconcile mismatch: the device's history differs from the server's.

    Raised e.g. when a device restored from an old backup recorded new events under seqs the server
    already holds. Nothing is overwritten; the district sees an alert.
    """


class ServerAheadError(SyncFailure):
    """The server acknowledged more than this journal holds (restored from an older backup).

    ``details`` has ``acked_seq`` and ``last_hash``: the journal must continue numbering after them.
    """


class StalledError(SyncFailure):
    """The server answered, then no progress within ``stall_timeout`` despite retries.

    ``details``: ``reason`` (the last fault, see ``transport.fault_reason``) and ``seconds``. Nothing is
    lost; the next trigger (timer, reconnect, Sinkronkan) tries again.
    """


class UnreachableError(StalledError):
    """The server never answered during ``unreachable_timeout`` (refused, no route, name not found...).

    Offline is normal for an office: this is the expected outcome of a sync without a link, not a
    fault of the app. ``details`` as for StalledError.
    """


class CancelledError(SyncFailure):
    """The attempt was stopped from outside (the app is closing); nothing is lost."""


class UrlError(SyncFailure):
    """The server URL cannot be used (``url_invalid``); raised before any connection is made."""


class InsecureUrlError(UrlError):
    """``insecure_http``: plain http to a host that is not this machine or a private network.

    The token, enrollment codes and donor data would travel in clear, so the client refuses unless
    the caller passes the explicit ``allow_insecure_http`` flag. ``details``: ``url``, ``host``.
    """


class TlsError(SyncFailure):
    """The server's certificate is not trusted (wrong CA bundle, self-signed, wrong host name).

    Retrying cannot fix it, so the client stops at once instead of backing off forever.
    """
