"""The closed vocabularies of the domain: stages, categories, severities, sources, roles.

They live at the bottom layer so that models, services and widgets share one spelling;
values are stored as plain strings, so adding a member needs no schema change.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Stage(StrEnum):
    """Where a case stands in the closed loop of digital urban management."""

    REPORTED = "reported"
    REGISTERED = "registered"
    DISPATCHED = "dispatched"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    VERIFIED = "verified"
    CLOSED = "closed"


OPEN_STAGES: tuple[Stage, ...] = tuple(s for s in Stage if s is not Stage.CLOSED)


class Category(StrEnum):
    PUBLIC_SECURITY = "public_security"
    DISPUTE = "dispute"
    FIRE = "fire"
    FLOOD = "flood"
    TRAFFIC = "traffic"
    ENVIRONMENT = "environment"
    UTILITIES = "utilities"
    PETITION = "petition"
    PUBLIC_HEALTH = "public_health"
    OTHER = "other"


class Severity(IntEnum):
    CRITICAL = 1
    HIGH = 2
    MEDIUM = 3
    LOW = 4


class Source(StrEnum):
    GRID_PATROL = "grid_patrol"
    HOTLINE = "hotline"
    ALERT = "alert"
    WALK_IN = "walk_in"
    PETITION = "petition"
    SENSOR = "sensor"
    DRILL = "drill"  # opened from a drill incident (演练): kept out of the KPIs


class Role(StrEnum):
    DUTY_OFFICER = "duty_officer"
    COORDINATOR = "coordinator"
    REVIEWER = "reviewer"
    ADMIN = "admin"
    SYSTEM = "system"


class TeamKind(StrEnum):
    RESCUE = "rescue"
    FIRE = "fire"
    MEDICAL = "medical"
    MEDIATION = "mediation"
    PATROL = "patrol"
    GRID_WORKERS = "grid_workers"
    UTILITIES = "utilities"
    OTHER = "other"
