"""ASGI entry point for uvicorn (``sync.server.asgi:app``), configured from the environment.

uvicorn needs an import string to run several workers; the CLI puts the database URL in
``AMILDESK_SERVER_DATABASE_URL`` after migrating once, so workers skip the migration.

``gc.freeze()`` moves everything loaded at start-up (FastAPI, pydantic, SQLAlchemy: a few hundred
thousand objects) out of the collector's reach: ingest allocates millions of short-lived dicts, and
every full collection used to walk those long-lived objects again (about 10 % of ingest CPU).
"""

from __future__ import annotations

import gc
import os

from sync.server.app import create_app

app = create_app(os.environ["AMILDESK_SERVER_DATABASE_URL"], run_migrations=False,
                 api_docs=os.environ.get("AMILDESK_SERVER_API_DOCS") == "1")
gc.collect()
gc.freeze()
