"""Persistence: SQLAlchemy models, Alembic migrations, the versioned GraphStore, caches."""
