"""Alembic migrations of the ledger schema, applied by `ledger init` and `ledger upgrade`."""
