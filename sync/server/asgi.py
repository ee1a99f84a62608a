"""ASGI entry point for uvicorn (``sync.server.asgi:app``), configured from the environment.

uvicorn needs an import string to run several workers; the CLI puts the database URL in
``AMILDESK_SERVER_DATABASE_URL`` after migrating once, so workers skip the migration.
"""

from __future__ import annotations

import os

from sync.server.app import create_app

app = create_app(os.environ["AMILDESK_SERVER_DATABASE_URL"], run_migrations=False)
