"""``amildesk-server`` as a district ran it before protocol version 2: it speaks version 1 only.

The real server, with ``SUPPORTED_PROTOCOL_VERSIONS`` pinned to ``{1}`` before any server module
reads it, so its 426 answers, ``/health`` and ingest are exactly those of such a server. Used by
tests/sync/test_batches.py to check that a new client falls back to version 1.
"""

from __future__ import annotations

import sys

from sync.protocol import events

events.SUPPORTED_PROTOCOL_VERSIONS = frozenset({events.PROTOCOL_VERSION})

from sync.server.cli import main  # noqa: E402 - after the pin, on purpose

if __name__ == "__main__":
    sys.exit(main())
