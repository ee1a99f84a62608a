"""Alembic environment of the district server.

Run programmatically by ``sync.server.db.migrate`` (on ``serve`` start and by every CLI command):
the caller passes an open connection in ``config.attributes["connection"]``, so the same code
migrates SQLite files and PostgreSQL schemas without an alembic.ini.
"""

from __future__ import annotations

from alembic import context

from sync.server.tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only via sync.server.db.migrate
    raise RuntimeError("run migrations through sync.server.db.migrate")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
