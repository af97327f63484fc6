"""Request bodies from the demo (interfaces/demo/data), as the OpenAPI document's examples:
what the docs page's "Try it out" fills in. The ids are the demo's (`key_id` of its natural
keys), so on a fresh `make run` each example names organs, decisions and plans that exist."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import marshmallow as ma

from interfaces.demo.loader import key_id
from interfaces.http.schemas.assignments import NewAssignmentSchema, NewReportSchema
from interfaces.http.schemas.composition import NewPersonSchema, NewSeatSchema
from interfaces.http.schemas.decisions import NewDecisionSchema
from interfaces.http.schemas.indicators import (
    ForecastSchema,
    NewIndicatorSchema,
    OutcomeSchema,
    TargetSchema,
)
from interfaces.http.schemas.mandates import PutMandateSchema
from interfaces.http.schemas.organs import NewDissolutionSchema, NewOrganSchema, NewRenamingSchema
from interfaces.http.schemas.plan_items import AssessmentSchema, FollowUpSchema, NewItemSchema
from interfaces.http.schemas.plans import DeadlineSchema, NewPlanSchema


def _id(key: str) -> str:
    return str(key_id(key))


SEED_002 = "vgr-rs-2023-01756"  # RS 2023-01756, the groups' new structure (seed 002)
SEED_003 = "lisa-2016-09-19-new-structure"  # LiSA becomes VVG (seed 003)

EXAMPLES: dict[type[ma.Schema], dict[str, Any]] = {
    NewDecisionSchema: {
        "organ_id": _id("vgr-ssn"),
        "decided_on": "2023-05-17",
        "paragraph": "§ 61",
        "title": "Genomförandeplan för omställningen av hälso- och sjukvården i Västra Götaland",
        "decision_type": "meeting_decision",
    },
    NewOrganSchema: {
        "name": "Funktionsgrupp kanslichefer",
        "kind": "group",
        "group_type": "function_group",
        "parent_id": _id("vgr-koncernkontoret"),
        "effective_on": "2023-01-01",
        "decision_id": _id("vgr-koncernkontoret-registration"),
    },
    NewRenamingSchema: {
        "name": "Samordnande grupp för utveckling inom hälso- och sjukvård",
        "effective_on": "2024-05-31",
        "decision_id": _id(SEED_002),
        "reason": "Funktionsgrupper som inte uppfyller definitionen blir samordnande grupper",
    },
    NewDissolutionSchema: {
        "effective_on": "2017-01-01",
        "decision_id": _id(SEED_003),
        "successor_ids": [_id("vvg")],
        "reason": "LiSA-gruppen avvecklas och VVG inrättas från och med den 1 januari 2017",
    },
    NewPersonSchema: {
        "name": "Karin Lindqvist",
        "title": "Hälso- och sjukvårdsdirektör",
        "employer_organ_id": _id("vgr"),
    },
    NewSeatSchema: {
        "person_id": _id("person-vgr-1"),
        "role": "member",
        "presidium_role": "chair",
        "representing_id": _id("vgr"),
        "appointed_by_id": _id("vgr"),
        "effective_on": "2017-01-01",
        "decision_id": _id("vgr-2016-vvg-representatives"),
    },
    PutMandateSchema: {
        "mandate_type": "mandate_document",
        "responsibility_area": "Utveckling hälso- och sjukvård",
        "commissioner": {"title": "Regiondirektör"},
        "purpose": "Samordna utvecklingen inom hälso- och sjukvård",
        "tasks": ["Knyta samman verksamhetsplan och genomförandeplan"],
        "meetings_per_year": 10,
        "meetings_per_year_approximate": True,
        "effective_on": "2025-01-01",
        "decision_id": _id(SEED_002),
    },
    NewAssignmentSchema: {
        "decision_id": _id(SEED_003),
        "title": "Ta fram ett förslag till uppdragshandling för VVG",
        "assignees": [{"organ_id": _id("vastkom")}, {"organ_id": _id("vgr-koncernkontoret")}],
        "due_period": "2017-T1",
    },
    NewReportSchema: {
        "text": "Genomlysningen av organisationen redovisad för nämnden.",
        "reported_on": "2020-04-02",
    },
    NewPlanSchema: {
        "name": "Genomförandeplan 2024–2027 för omställningen av hälso- och sjukvården",
        "kind": "implementation_plan",
        "owner_organ_id": _id("vgr-ssn"),
        "valid_from": "2024-01-01",
        "valid_to": "2028-01-01",
        "effective_on": "2023-05-17",
        "decision_id": _id("vgr-ssn-2023-05-17-61"),
    },
    NewItemSchema: {
        "kind": "focus_area",
        "title": "Nära vård",
        "effective_on": "2024-01-01",
        "owners": [
            {"role": "strategic_owner", "person_id": _id("person-gp-bop")},
            {"role": "lead_organ", "organ_id": _id("vgr-koncernkontoret")},
        ],
    },
    NewIndicatorSchema: {
        "plan_item_id": _id("gp-nara-vard"),
        "subject_organ_id": _id("vgr-regionhalsan"),
        "name": "Regionhälsans indikator i genomförandeplanen",
        "unit": "%",
        "direction": "higher_is_better",
        "periodicity": "tertial",
        "accumulation": "point_in_time",
    },
    TargetSchema: {"value": 57, "decision_id": _id("vgr-ssn-2023-05-17-61")},
    OutcomeSchema: {"value": 61, "comment": "Över målvärdet efter nya rutiner"},
    ForecastSchema: {
        "value": Decimal("-165.9"),
        "reported_in": "2020-M09",
        "comment": "Årsprognos exklusive nationella satsningar",
    },
    AssessmentSchema: {"status": "met", "basis": "outcome", "comment": "Målet nått"},
    FollowUpSchema: {
        "status": "ongoing",
        "comment": "Tre verksamheter har infört egenmonitorering",
    },
    DeadlineSchema: {"due_on": "2024-09-15"},
}
