"""SQLAlchemy 2 typed models, one module per capability, all on one metadata.

Importing this package registers every table (migrations and ``create_all`` need them all);
the names are re-exported so ``from db.models import Case`` reads as before. The modules
import only ``db.models.base`` (and ``db.types``), never each other.
"""

from db.models.alerts import Alert, AlertGrid
from db.models.base import NAMING_CONVENTION, Base, BigId, table_of
from db.models.cases import Case, Counter
from db.models.gazetteer import Address
from db.models.handover import Handover, SignificantEvent
from db.models.hazards import Hazard, Inspection
from db.models.incidents import (
    Incident,
    IncidentGrid,
    IncidentLink,
    IncidentLogEntry,
    IncidentReport,
    IncidentTask,
    IncidentTeam,
    ResponsePlan,
)
from db.models.intake import ApiToken, CasePhoto, FeedHeartbeat, IdempotencyKey
from db.models.joint import CaseCallback, CasePart, JointDaily
from db.models.journal import AuditEntry, Change, ChangeWatermark
from db.models.kpis import CaseFact, KpiDaily, KpiGridTotal, KpiTeamTotal
from db.models.operators import Operator, SignInThrottle
from db.models.paging import Page, PagingChannel, PagingRule
from db.models.rosters import (
    CaseAssignment,
    Member,
    MemberQualification,
    Qualification,
    Rotation,
    Shift,
    ShiftMember,
    Team,
)
from db.models.sla import (
    CalendarDay,
    Deadline,
    SlaPolicy,
    SlaTier,
    SlaTierGrid,
    WorkingCalendarRow,
)
from db.models.territory import Area, Basemap, CenterSetting, Grid

__all__ = [
    "NAMING_CONVENTION",
    "Address",
    "Alert",
    "AlertGrid",
    "ApiToken",
    "Area",
    "AuditEntry",
    "Base",
    "Basemap",
    "BigId",
    "CalendarDay",
    "Case",
    "CaseAssignment",
    "CaseCallback",
    "CaseFact",
    "CasePart",
    "CasePhoto",
    "CenterSetting",
    "Change",
    "ChangeWatermark",
    "Counter",
    "Deadline",
    "FeedHeartbeat",
    "Grid",
    "Handover",
    "Hazard",
    "IdempotencyKey",
    "Incident",
    "IncidentGrid",
    "IncidentLink",
    "IncidentLogEntry",
    "IncidentReport",
    "IncidentTask",
    "IncidentTeam",
    "Inspection",
    "JointDaily",
    "KpiDaily",
    "KpiGridTotal",
    "KpiTeamTotal",
    "Member",
    "MemberQualification",
    "Operator",
    "Page",
    "PagingChannel",
    "PagingRule",
    "Qualification",
    "ResponsePlan",
    "Rotation",
    "Shift",
    "ShiftMember",
    "SignInThrottle",
    "SignificantEvent",
    "SlaPolicy",
    "SlaTier",
    "SlaTierGrid",
    "Team",
    "WorkingCalendarRow",
    "table_of",
]
