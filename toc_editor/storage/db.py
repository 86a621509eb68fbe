"""The SQLAlchemy and Flask-Migrate extension objects (bound to the app in ``create_app``)."""

from __future__ import annotations

from pathlib import Path

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
WRITE_WAIT_SECONDS = 30
"""The longest a writer waits for its turn on a branch (or, on SQLite, the database)."""
MIGRATIONS = str(Path(__file__).with_name("migrations"))

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate(directory=MIGRATIONS)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
    """WAL lets readers run beside a writer; foreign keys are off by default in SQLite.
    The busy timeout set is noted in the connection's ``info``, so a writer sets it again
    only when ``WRITE_WAIT_SECONDS`` changed since (``GraphStore.lock_branch``)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(WRITE_WAIT_SECONDS * 1000)}")
        cursor.close()
        record.info["busy_timeout"] = int(WRITE_WAIT_SECONDS * 1000)
