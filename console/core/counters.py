"""Named, gap-free sequences (case and incident references), one upsert each."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import Counter
from db.upsert import upsert


def next_value(s: Session, name: str) -> int:
    """The next value of the counter ``name`` (1 for a new one), in the caller's
    transaction: two writers never get the same value, and a rolled-back one leaves no
    gap."""
    table = Counter.__table__
    stmt = (
        upsert(s, table)
        .values(name=name, value=1)
        .on_conflict_do_update(index_elements=["name"], set_={"value": table.c.value + 1})
        .returning(table.c.value)
    )
    return int(s.execute(stmt).scalar_one())
