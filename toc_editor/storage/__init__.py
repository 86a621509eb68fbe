"""Persistence: SQLAlchemy models, Alembic migrations, the unit of work and its
repositories, the versioned GraphStore, the derived-data caches (per worker and shared)."""
