"""Database-level guard of signed handovers (SQLite and PostgreSQL triggers).

Once the outgoing officer has signed, the snapshot, the notes and the outgoing signature
never change; once the incoming officer has signed too, the row is never updated or
deleted at all."""

from __future__ import annotations

from sqlalchemy import Connection, text

MESSAGE = "a signed handover never changes"
# Columns frozen by the outgoing signature.
OUTGOING_FROZEN = ("snapshot", "notes", "shift_start", "shift_end", "outgoing_operator_id",
                   "outgoing_signed_at")


def forbid_changing_signed(conn: Connection) -> None:
    """Install the triggers on ``handovers``."""
    if conn.dialect.name == "sqlite":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in OUTGOING_FROZEN)
        conn.execute(text(
            "CREATE TRIGGER handovers_signed_no_update BEFORE UPDATE ON handovers "
            "WHEN OLD.incoming_signed_at IS NOT NULL OR "
            f"(OLD.outgoing_signed_at IS NOT NULL AND ({changed})) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"))
        conn.execute(text(
            "CREATE TRIGGER handovers_signed_no_delete BEFORE DELETE ON handovers "
            "WHEN OLD.outgoing_signed_at IS NOT NULL "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"))
    elif conn.dialect.name == "postgresql":
        changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in OUTGOING_FROZEN)
        conn.execute(text(
            "CREATE FUNCTION handovers_refuse_signed_change() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'TRUNCATE' THEN RAISE EXCEPTION '{MESSAGE}'; END IF; "
            "IF TG_OP = 'DELETE' THEN "
            f"  IF OLD.outgoing_signed_at IS NOT NULL THEN RAISE EXCEPTION '{MESSAGE}'; "
            "  END IF; RETURN OLD; END IF; "
            "IF OLD.incoming_signed_at IS NOT NULL OR "
            f"(OLD.outgoing_signed_at IS NOT NULL AND ({changed})) THEN "
            f"  RAISE EXCEPTION '{MESSAGE}'; END IF; "
            "RETURN NEW; END $$"))
        conn.execute(text(
            "CREATE TRIGGER handovers_signed_no_change BEFORE UPDATE OR DELETE ON handovers "
            "FOR EACH ROW EXECUTE FUNCTION handovers_refuse_signed_change()"))
        conn.execute(text(
            "CREATE TRIGGER handovers_no_truncate BEFORE TRUNCATE ON handovers "
            "FOR EACH STATEMENT EXECUTE FUNCTION handovers_refuse_signed_change()"))
    else:
        raise RuntimeError(f"no handover guard for {conn.dialect.name}")


def drop_signed_guard(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TRIGGER IF EXISTS handovers_signed_no_update"))
        conn.execute(text("DROP TRIGGER IF EXISTS handovers_signed_no_delete"))
    elif conn.dialect.name == "postgresql":
        conn.execute(text("DROP FUNCTION IF EXISTS handovers_refuse_signed_change() CASCADE"))
