"""The API's OpenAPI 3.1 document: ``api/openapi.json``, checked in and served as is at
``/api/v1/openapi.json`` (tests check that it names exactly the routes the server has)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DOCUMENT = Path(__file__).with_name("openapi.json")


@cache
def document() -> dict[str, Any]:
    value = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value
