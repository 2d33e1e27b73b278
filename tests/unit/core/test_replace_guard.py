"""REPLACE, INSERT OR REPLACE and UPSERT cannot rewrite an audit entry or a signed
handover, on SQLite and on PostgreSQL (issue 18)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from console.app import App
from console.core.domain import OperatorRef

AUDIT_COLUMNS = "id, at, operator_id, entity, entity_id, action, detail"
FORGED = "SELECT id, at, operator_id, entity, entity_id, 'forged', detail FROM audit_log"


def _statements(app: App) -> list[str]:
    # The audit log's key: (id, at) on PostgreSQL, partitioned by year (migration 0024).
    key = "id" if app.db.engine.dialect.name == "sqlite" else "id, at"
    upsert = (f"INSERT INTO audit_log ({AUDIT_COLUMNS}) {FORGED} WHERE true "
              f"ON CONFLICT ({key}) DO UPDATE SET action = 'forged'")
    if app.db.engine.dialect.name != "sqlite":
        return [upsert]  # PostgreSQL has no REPLACE; an UPSERT is its way to overwrite
    return [f"REPLACE INTO audit_log ({AUDIT_COLUMNS}) {FORGED}",
            f"INSERT OR REPLACE INTO audit_log ({AUDIT_COLUMNS}) {FORGED}", upsert]


def test_the_audit_log_refuses_every_kind_of_replace(app: App, officer: OperatorRef) -> None:
    ref = app.cases.report(officer, title="Smoke", category="fire", severity=2,
                           grid="XH-01").reference
    for statement in _statements(app):
        with pytest.raises(DBAPIError, match="append-only"), app.db.write.begin() as s:
            s.execute(text(statement))
    assert [e.action for e in app.cases.timeline(ref)] == ["report"]


def test_a_signed_handover_cannot_be_replaced(app: App, officer: OperatorRef) -> None:
    draft = app.handovers.propose(officer)
    app.handovers.sign_out(officer, draft.id, "what the outgoing officer signed")
    statements = ["UPDATE handovers SET notes = 'forged' WHERE id = :i"]
    if app.db.engine.dialect.name == "sqlite":
        statements += ["REPLACE INTO handovers SELECT * FROM handovers WHERE id = :i",
                       "INSERT OR REPLACE INTO handovers SELECT * FROM handovers "
                       "WHERE id = :i"]
    statements.append("INSERT INTO handovers SELECT * FROM handovers WHERE id = :i "
                      "ON CONFLICT (id) DO UPDATE SET notes = 'forged'")
    for statement in statements:
        with pytest.raises(DBAPIError, match="signed handover never changes"), \
                app.db.write.begin() as s:
            s.execute(text(statement), {"i": draft.id})
    assert app.handovers.get(draft.id).notes == "what the outgoing officer signed"
