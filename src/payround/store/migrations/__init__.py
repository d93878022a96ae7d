"""Alembic migrations of the payround database (applied at start-up by ``payround.store.open_store``)."""
