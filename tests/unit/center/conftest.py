"""Fixtures of the center tests: the demo district's administrator and coordinator."""

from __future__ import annotations

import pytest

from console.app import App
from console.core.domain import OperatorRef, Role


@pytest.fixture
def admin(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.ADMIN)


@pytest.fixture
def coordinator(app: App) -> OperatorRef:
    return next(o for o in app.operators.list() if o.role is Role.COORDINATOR)
