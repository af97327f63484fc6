"""Names used where vulture cannot see it: by value, by a library, by a signature.

vulture (tests/unit/test_dead_code.py) counts a name as used once it is read anywhere,
so each name here is read once, grouped by who uses it. A name that nothing uses is
deleted, not listed.
"""

from __future__ import annotations

from domain.composition import PresidiumRole, SeatRole
from domain.decisions import DecisionOutcome, DecisionType
from domain.indicators import Accumulation, Direction
from domain.mandates import MandateType
from domain.organ_kinds import GovernanceLevel, GroupType, OrganKind
from domain.period_facts import AssessmentBasis, AssessmentStatus
from domain.plan_items import FollowUpStatus, ItemKind, OwnerRole
from domain.plans import PlanKind


class _Used:
    """Reading any attribute of it reads that name, for vulture."""

    def __getattr__(self, name: str) -> None:
        return None


used = _Used()

# Enumeration members made from their values (requests, events, rows), never by name.
_BY_VALUE = (
    SeatRole.CO_OPTED,
    SeatRole.CONVENOR,
    SeatRole.SUPPORT,
    PresidiumRole.SECOND_VICE_CHAIR,
    DecisionType.DELEGATED,
    DecisionType.EXECUTIVE,
    DecisionType.CHAIR_URGENT,
    DecisionType.GROUP_POSITION,
    DecisionOutcome.REJECTED,
    DecisionOutcome.REFERRED_BACK,
    DecisionOutcome.TABLED,
    DecisionOutcome.NOTED,
    Direction.LOWER_IS_BETTER,
    Accumulation.YEAR_TO_DATE,
    Accumulation.POINT_IN_TIME,
    AssessmentStatus.NOT_MET,
    AssessmentBasis.COMMENT,
    MandateType.MANDATE_DOCUMENT,
    MandateType.RULES_OF_PROCEDURE,
    MandateType.OWNER_DIRECTIVE,
    MandateType.INSTRUCTION,
    OrganKind.ASSEMBLY,
    OrganKind.PREPARATORY_COMMITTEE,
    OrganKind.COMPANY,
    OrganKind.AUDIT,
    GroupType.MANAGEMENT_GROUP,
    GroupType.EXPERT_GROUP,
    GovernanceLevel.OWNER,
    GovernanceLevel.STRATEGIC,
    GovernanceLevel.OPERATIVE,
    GovernanceLevel.SUB_REGIONAL,
    GovernanceLevel.PROVIDER,
    GovernanceLevel.SUPPORT,
    PlanKind.INTERNAL_CONTROL_PLAN,
    PlanKind.REGIONAL_PLAN_AND_BUDGET,
    PlanKind.STRATEGY,
    PlanKind.ACTION_PLAN,
    ItemKind.SUB_AREA,
    ItemKind.RESULT_GOAL,
    ItemKind.EFFECT_GOAL,
    ItemKind.RISK,
    ItemKind.CONTROL_ACTIVITY,
    OwnerRole.STRATEGIC_OWNER,
    OwnerRole.RESPONSIBLE,
    OwnerRole.DEPUTY_RESPONSIBLE,
    FollowUpStatus.NOT_STARTED,
    FollowUpStatus.ONGOING,
    FollowUpStatus.COMPLETED,
    FollowUpStatus.DELAYED,
    FollowUpStatus.CANCELLED,
)

# marshmallow: a schema's fields (and its Meta options), and the attributes of the
# results and rows it dumps, are read by name.
_BY_MARSHMALLOW = (
    used.exclude,
    used.check_dates,  # a @validates_schema hook (the decision list's date range)
    used.former,  # a listed organ's, found by a former name
    used.get_attribute,  # a schema's hook for reading a field's value, overridden
    used.unchanged,
    used.status_from,
    used.status_to,
    used.aggregate_type,
    used.organ_name,
    used.person_title,
    used.representing_name,
    used.from_,
    used.function_title,
    used.mandate_type,
    used.responsibility_area,
    used.commissioner,
    used.holder,
    used.purpose,
    used.participants,
    used.co_opted,
    used.meetings_per_year,
    used.meetings_per_year_approximate,
    used.subgroups,
    used.links,
    used.reporting_to,
    used.decision_powers,
    used.from_version,
    used.to_version,
    used.from_value,
    used.to_value,
    used.added,
    used.removed,
    used.pending_changes,
    used.trees,
    used.submitted_position,
    used.fields_,  # a report change's `fields`, a name a marshmallow schema holds itself
    used.rejected_count,  # an import refusal's problem document
    used.rejected_rows,
    used.annuls,  # a history entry's
    used.corrects,
    used.granted_by,  # a grant's (GrantRow, dumped by GrantSchema)
    used.granted_at,
    used.revocation_decision_id,
    used.revoked_by,
    used.revocation_reason,
    used.recorded_on,  # a write's audit (WriteAudit, dumped by WriteAuditSchema)
    used.held_when_made,
    used.held_as_known_now,
    used.revised_since,
    used.events_complete,  # a register extract's (PersonExtract)
)

# The audit trail reads these event fields by name (projections.audit_trail.ADDRESSING).
_BY_THE_AUDIT_TRAIL = (
    used.annulled_version,
    used.corrected_version,
)

# Flask, flask-smorest, webargs and gunicorn read these options and hooks by name.
_BY_THE_WEB_LIBRARIES = (
    used.testing,  # Flask app
    used.claim_token,  # flask.g, read back by its name as text
    used.generation_scope,  # flask.g, likewise
    used.authority_token,  # flask.g, likewise
    used.ERROR_SCHEMA,  # flask-smorest Api
    used.DEFAULT_RESPONSE_CONTENT_TYPE,  # flask-smorest Api
    used.ARGUMENTS_PARSER,  # flask-smorest Blueprint
    used._raw_load_json,  # webargs parser
    used.worker_class,  # gunicorn settings
    used.ProblemWorker,  # named by worker_class
    used.write_error,  # gunicorn's util, replaced
    used.init_spec,  # an apispec plugin's hooks
    used.get_call_kwargs,  # schemathesis state machine: the kwargs of each call (a token)
    used.operation_helper,
    used.handle_starttag,  # html.parser's hook
)

# eventsourcing: factories named by topic (Settings' PERSISTENCE_MODULE), recorders'
# overridden methods and attributes, and sqlite3's row_factory.
_BY_EVENTSOURCING = (
    used.SaveEndsPOPOFactory,
    used.SaveEndsSQLiteFactory,
    used.SaveEndsPostgresFactory,
    used.application_recorder_class,
    used.sql_create_statements,
    used._insert_stored_events,
    used._fetch_ids_after_insert_events,
    used._create_connection,
    used.row_factory,
    used.construct_mapper,  # Application's hook for its mapper
)

# Parameters a caller's signature requires.
# openpyxl: a cell's style, written by setting it.
_BY_OPENPYXL = (
    used.fill,
    used.border,
    used.alignment,
)

_BY_SIGNATURE = (
    used.tb,  # __exit__
    used.signum,  # a signal handler
    used.frame,  # a signal handler
    used.yes,  # `rebuild --yes`, accepted for older scripts
    used.ctx,  # a schemathesis check
)
