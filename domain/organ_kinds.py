"""Kinds of organ (organ: nämnd, styrelse, beredning, grupp …) and what each kind implies."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class OrganKind(Enum):
    REGION = "region"
    MUNICIPALITY = "municipality"
    ASSEMBLY = "assembly"
    EXECUTIVE_BOARD = "executive_board"
    COMMITTEE = "committee"
    SUBCOMMITTEE = "subcommittee"
    PREPARATORY_COMMITTEE = "preparatory_committee"
    COMPANY = "company"
    AUDIT = "audit"
    ADMINISTRATION = "administration"
    GROUP = "group"
    COLLABORATION = "collaboration"
    FEDERATION = "federation"
    EXTERNAL_PARTY = "external_party"

    @property
    def is_root(self) -> bool:
        """Root kinds head a tree of their own and are their own organisation."""
        return self in ROOT_KINDS

    @property
    def has_principals(self) -> bool:
        """Bodies shared by several organisations (samverkansorgan, kommunalförbund)."""
        return self in (OrganKind.COLLABORATION, OrganKind.FEDERATION)


ROOT_KINDS = frozenset(
    {
        OrganKind.REGION,
        OrganKind.MUNICIPALITY,
        OrganKind.COLLABORATION,
        OrganKind.FEDERATION,
        OrganKind.EXTERNAL_PARTY,
    }
)


class GroupType(Enum):
    """Type of a region-wide working group (koncernövergripande grupp)."""

    FUNCTION_GROUP = "function_group"
    COORDINATING_GROUP = "coordinating_group"
    MANAGEMENT_GROUP = "management_group"
    NETWORK = "network"
    EXPERT_GROUP = "expert_group"


class GovernanceLevel(Enum):
    """Level in the management system (ledningssystemet), seed 001."""

    OWNER = "owner"
    STRATEGIC = "strategic"
    OPERATIVE = "operative"
    SUB_REGIONAL = "sub_regional"
    PROVIDER = "provider"
    SUPPORT = "support"


@dataclass(frozen=True)
class Classification:
    """What an organ is on a date: its kind, group type and governance level."""

    kind: OrganKind
    group_type: GroupType | None = None
    governance_level: GovernanceLevel | None = None
