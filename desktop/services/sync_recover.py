"""Reconcile a device whose history and the district's disagree (restored from an older backup).

``SyncClient.reconcile`` raises ``ServerAheadError`` when the district acknowledged more than the
journal holds, or ``DivergedError`` when the journal holds a different event at the district's
acked seq. Either way the device was restored from a backup: the district's events after the backup
are not on this device any more, and events recorded since the restore use seqs the district holds
for other events. Re-sending them would be refused and forgetting them would lose receipts.

So: find the first local seq the district does not hold with the same hash (the *fork*) by
re-sending the local events above our ack mark up to the district's seq (already-stored events are
acknowledged again, a differing one answers ``409 seq_hash_mismatch`` naming its seq, which the
district also keeps as an alert: it should know a device was restored), then rebase the journal in
one transaction (``desktop.store.journal_rebase``): events from the fork on move past the district's
``acked_seq`` with ``prev_hash`` = its ``last_hash``, and the next upload sends them normally.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx

from desktop.services.context import AppContext
from desktop.services.sync_source import StoreJournalSource
from desktop.services.sync_state import SyncProblem, read_state, write_state
from desktop.store import journal
from desktop.store.journal_rebase import RebaseResult, rebase_journal
from sync.client import errors
from sync.client.client import APP_VERSION, SyncClient
from sync.protocol.wire import API_PREFIX, build_batch

log = logging.getLogger("amildesk.sync")
PROBE_EVENTS = 500


def _probe(client: SyncClient, source: StoreJournalSource, after: int, top: int) -> int:
    """The first seq in ``after+1..top`` the district holds differently (``top + 1``: none)."""
    seq = after
    while seq < top:
        events = [e for e in source.events_after(seq, min(PROBE_EVENTS, top - seq)) if int(e["seq"]) <= top]
        if not events:
            break
        body = json.dumps(build_batch(events, device_id=source.device_id(), app_version=APP_VERSION),
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")

        def send(http: httpx.Client, content: bytes = body) -> httpx.Response:
            return http.post(f"{API_PREFIX}/batches", content=content, headers={"Content-Type": "application/json"})

        try:
            client.transport.call(send)
        except errors.DivergedError as exc:
            return int(exc.details.get("seq", seq + 1))
        seq = int(events[-1]["seq"])
    return top + 1


def recover_history(ctx: AppContext, client: SyncClient, source: StoreJournalSource) -> RebaseResult | None:
    """Rebase the journal onto the district's history; None when there turned out to be nothing to do."""
    me: dict[str, Any] = client.me()
    server_acked, server_hash = int(me["acked_seq"]), str(me["last_hash"])
    with ctx.store.read() as conn:
        local_high = journal.high_seq(conn)
        local_acked = int(read_state(conn).get("acked_seq", "0") or 0)
        matches = server_acked <= local_high and journal.hash_at(conn, server_acked) == server_hash
    if matches:
        return None  # the district moved meanwhile (or a retry already fixed it): a plain sync will do
    top = min(local_high, server_acked)
    fork = _probe(client, source, min(local_acked, top), top)
    if fork > server_acked:
        raise SyncProblem("sync_diverged", seq=server_acked)
    reason = f"district acked {server_acked}, journal ended at {local_high}, first differing seq {fork}"
    log.warning("sync: device history differs from the district's (%s); rebasing the journal", reason)
    with ctx.store.write() as conn:
        result = rebase_journal(conn, ctx.office.identity, base_seq=server_acked, base_hash=server_hash,
                                fork_seq=fork, now=ctx.now_iso(), reason=reason)
        write_state(conn, acked_seq=server_acked, acked_hash=server_hash)
    return result
