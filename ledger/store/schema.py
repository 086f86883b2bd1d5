"""Create and upgrade the ledger schema with Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from ledger.errors import LedgerError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """Return an Alembic config that points at ledger's own migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """Return the newest migration's revision id."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def upgrade(engine: Engine) -> None:
    """Bring the schema up to the newest revision (creating it in an empty database)."""
    config = alembic_config()
    with engine.begin() as connection:
        _refuse_unknown(connection, config)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _refuse_unknown(connection: Connection, config: Config) -> None:
    """Refuse a ledger whose schema revision this version has no migration for (a newer one)."""
    current = MigrationContext.configure(connection).get_current_revision()
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    if current is not None and current not in known:
        raise LedgerError(
            f"the ledger's schema (revision {current}) is newer than this version of ledger"
            " knows: upgrade ledger itself"
        )
