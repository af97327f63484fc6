"""Mandate (uppdragshandling, reglemente, ägardirektiv, instruktion): what an organ is
commissioned to do, in numbered versions, each in force from its own date until the next
version or a withdrawal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidCommand, RuleConflict
from domain.ids import natural_id
from domain.organs import Organ
from domain.provenance import Provenance, require_reason


class MandateType(Enum):
    MANDATE_DOCUMENT = "mandate_document"
    RULES_OF_PROCEDURE = "rules_of_procedure"
    OWNER_DIRECTIVE = "owner_directive"
    INSTRUCTION = "instruction"


# The mandate's content fields, in the order a document lists them. Content is kept as
# plain JSON values (text, numbers, lists, objects with ids as text) in the events.
CONTENT_FIELDS = (
    "mandate_type",
    "responsibility_area",
    "commissioner",
    "holder",
    "chair",
    "purpose",
    "tasks",
    "participants",
    "co_opted",
    "meetings_per_year",
    "meetings_per_year_approximate",
    "subgroups",
    "links",
    "reporting_to",
    "decision_powers",
)


class MandateNotInForce(RuleConflict):
    """There is no mandate in force to withdraw, or it was withdrawn already."""


class MandateOutOfOrder(RuleConflict):
    """A version must take effect after the versions and withdrawals recorded before it."""


class MandateUnchanged(RuleConflict):
    """The new version would say exactly what the version in force says."""


class MandateNotWithdrawn(RuleConflict):
    """There is no withdrawal to annul, or annulling it would outlive the organ."""


class MandateVersionAnnulled(RuleConflict):
    """The version was annulled already."""


@dataclass(frozen=True)
class MandateVersion:
    version: int
    effective_on: date
    decision_id: UUID
    content: dict[str, Any]
    recorded_version: int
    """The aggregate's version when it was issued or last corrected: what a correction or
    an annulment of it addresses."""


@dataclass(frozen=True)
class Withdrawal:
    effective_on: date
    decision_id: UUID
    recorded_version: int
    """The aggregate's version when it was recorded or last corrected."""


class Mandate(Aggregate, created_event_name="Opened"):
    """All versions of one organ's mandate."""

    TOPIC = "styrlogg:Mandate"

    class Event(Aggregate.Event):
        pass

    class Opened(Event, Aggregate.Created):
        TOPIC = "styrlogg:Mandate.Opened"
        organ_id: UUID

    Created = Opened

    class Change(Event):
        TOPIC = "styrlogg:Mandate.Change"  # abstract: never triggered itself
        organ_id: UUID
        effective_on: date
        decision_id: UUID
        actor: str
        correlation_id: str | None
        reason: str | None

    class Issued(Change):
        """A new version (1 for the first, then 2, 3 …) in force from `effective_on`."""

        TOPIC = "styrlogg:Mandate.Issued"
        version: int
        content: dict[str, Any]

        def apply(self, aggregate: Mandate) -> None:
            aggregate.history.append(
                MandateVersion(
                    self.version,
                    self.effective_on,
                    self.decision_id,
                    self.content,
                    self.originator_version,
                )
            )
            aggregate.issued = max(aggregate.issued, self.version)

    class Withdrawn(Change):
        TOPIC = "styrlogg:Mandate.Withdrawn"

        def apply(self, aggregate: Mandate) -> None:
            aggregate.history.append(
                Withdrawal(self.effective_on, self.decision_id, self.originator_version)
            )

    class WithdrawalCorrected(Change):
        """The withdrawal recorded from `withdrawn_on` takes effect from `effective_on`
        instead; `corrected_version` is the aggregate's version at the one superseded."""

        TOPIC = "styrlogg:Mandate.WithdrawalCorrected"
        withdrawn_on: date
        corrected_version: int

        def apply(self, aggregate: Mandate) -> None:
            corrected = Withdrawal(self.effective_on, self.decision_id, self.originator_version)
            aggregate.history = [
                corrected
                if isinstance(v, Withdrawal) and v.effective_on == self.withdrawn_on
                else v
                for v in aggregate.history
            ]

    class WithdrawalAnnulled(Change):
        """The withdrawal from `effective_on` was a mistake: the version before it is in
        force until further notice. `annulled_version` is the aggregate's version at it."""

        TOPIC = "styrlogg:Mandate.WithdrawalAnnulled"
        annulled_version: int

        def apply(self, aggregate: Mandate) -> None:
            aggregate.history = [
                v
                for v in aggregate.history
                if not (isinstance(v, Withdrawal) and v.effective_on == self.effective_on)
            ]

    class VersionCorrected(Change):
        """Version `version` (in force from `effective_on`, which stays) was recorded
        wrong: it says `content`, on the authority of `decision_id`. `corrected_version`
        is the aggregate's version at the text it supersedes."""

        TOPIC = "styrlogg:Mandate.VersionCorrected"
        version: int
        content: dict[str, Any]
        corrected_version: int

        def apply(self, aggregate: Mandate) -> None:
            corrected = MandateVersion(
                self.version,
                self.effective_on,
                self.decision_id,
                self.content,
                self.originator_version,
            )
            aggregate.history = [
                corrected if isinstance(v, MandateVersion) and v.version == self.version else v
                for v in aggregate.history
            ]

    class VersionAnnulled(Change):
        """Version `version` was recorded by mistake: as known from here on it never was
        in force. `effective_on` is its first day; `annulled_version` the aggregate's
        version at the text annulled."""

        TOPIC = "styrlogg:Mandate.VersionAnnulled"
        version: int
        annulled_version: int

        def apply(self, aggregate: Mandate) -> None:
            aggregate.history = [
                v
                for v in aggregate.history
                if not (isinstance(v, MandateVersion) and v.version == self.version)
            ]
            aggregate.annulled.add(self.version)

    def __init__(self, *, organ_id: UUID) -> None:
        self.organ_id = organ_id
        self.history: list[MandateVersion | Withdrawal] = []
        """Versions and withdrawals in force at some time, annulled versions left out."""
        self.issued = 0
        """The highest version number issued: an annulled version's number is not reused."""
        self.annulled: set[int] = set()

    @staticmethod
    def id_for(organ_id: UUID) -> UUID:
        return natural_id("mandate", str(organ_id))

    @classmethod
    def open(cls, organ_id: UUID) -> Mandate:
        mandate: Mandate = cls._create(cls.Opened, id=cls.id_for(organ_id), organ_id=organ_id)
        return mandate

    def versions(self) -> list[MandateVersion]:
        return [v for v in self.history if isinstance(v, MandateVersion)]

    def latest(self) -> MandateVersion | Withdrawal | None:
        return self.history[-1] if self.history else None

    def numbered(self, number: int) -> MandateVersion | None:
        """The version with that number, unless it was annulled (then 409) or never was."""
        if number in self.annulled:
            raise MandateVersionAnnulled(f"version {number} was annulled", field="version")
        return next((v for v in self.versions() if v.version == number), None)

    def issue(
        self,
        organ: Organ,
        content: dict[str, Any],
        effective_on: date,
        decision_id: UUID,
        by: Provenance,
    ) -> bool:
        """Records a new version; False (nothing written) when the same version is resent.

        For a date that has a version already, with a reason, corrects that version."""
        check_content(content)
        organ.check_exists_on(effective_on)
        same_day = next((v for v in self.versions() if v.effective_on == effective_on), None)
        if same_day is not None:
            if (same_day.content, same_day.decision_id) == (content, decision_id):
                return False
            self._correct(same_day, content, decision_id, by)
            return True
        latest = self.latest()
        if isinstance(latest, MandateVersion) and latest.content == content:
            raise MandateUnchanged(
                f"version {latest.version} in force from {latest.effective_on} says the same"
            )
        if latest is not None and effective_on <= latest.effective_on:
            raise MandateOutOfOrder(
                f"effective_on {effective_on} must come after {latest.effective_on},"
                " when the last recorded version or withdrawal took effect",
                field="effective_on",
            )
        self.trigger_event(
            self.Issued,
            organ_id=self.organ_id,
            version=self.issued + 1,
            content=content,
            effective_on=effective_on,
            decision_id=decision_id,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
        )
        return True

    def _correct(
        self, old: MandateVersion, content: dict[str, Any], decision_id: UUID, by: Provenance
    ) -> None:
        if not by.reason:
            raise MandateOutOfOrder(
                f"version {old.version} takes effect on {old.effective_on} already; to"
                " correct it, send the PUT again with a reason",
                field="effective_on",
            )
        before = [v for v in self.history if v.effective_on < old.effective_on]
        if before and isinstance(before[-1], MandateVersion) and before[-1].content == content:
            raise MandateUnchanged(
                f"version {before[-1].version}, in force before, says the same; to undo"
                f" version {old.version}, annul it"
            )
        self.trigger_event(
            self.VersionCorrected,
            organ_id=self.organ_id,
            version=old.version,
            content=content,
            corrected_version=old.recorded_version,
            effective_on=old.effective_on,
            decision_id=decision_id,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
        )

    def annul(self, number: int, decision_id: UUID, by: Provenance) -> None:
        """Annuls version `number`: the version before it (if any) is in force until the
        next one; the number is not given again."""
        old = self.numbered(number)
        assert old is not None, "the caller checks that the version exists"
        require_reason(by, "an annulment")
        self.trigger_event(
            self.VersionAnnulled,
            organ_id=self.organ_id,
            version=old.version,
            annulled_version=old.recorded_version,
            effective_on=old.effective_on,
            decision_id=decision_id,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
        )

    def withdraw(
        self,
        organ: Organ,
        effective_on: date,
        decision_id: UUID,
        by: Provenance,
        withdrawn_on: date | None = None,
    ) -> None:
        """Withdraws the mandate in force; when the last change was a withdrawal, with a
        reason, corrects its date. `withdrawn_on` names the withdrawal to correct (one with
        later versions after it too): its date, as the history and the version it ended
        give it."""
        if withdrawn_on is not None:
            require_reason(by, "a correction")
            self._correct_withdrawal(
                organ, self.withdrawal_on(withdrawn_on), effective_on, decision_id, by
            )
            return
        latest = self.latest()
        if isinstance(latest, Withdrawal) and by.reason:
            self._correct_withdrawal(organ, latest, effective_on, decision_id, by)
            return
        if isinstance(latest, Withdrawal):
            raise MandateNotInForce(
                f"the mandate is withdrawn from {latest.effective_on}; to correct the date,"
                " send the withdrawal again with a reason",
                field="effective_on",
            )
        if not isinstance(latest, MandateVersion):
            raise MandateNotInForce("the organ has no mandate in force to withdraw")
        if effective_on <= latest.effective_on:
            raise MandateOutOfOrder(
                f"effective_on {effective_on} must come after {latest.effective_on},"
                f" when version {latest.version} took effect",
                field="effective_on",
            )
        organ.check_exists_on(effective_on)
        self.trigger_event(
            self.Withdrawn,
            organ_id=self.organ_id,
            effective_on=effective_on,
            decision_id=decision_id,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
        )

    def withdrawal_on(self, withdrawn_on: date) -> Withdrawal:
        """The withdrawal in force from `withdrawn_on` (dates of withdrawals never repeat)."""
        found = next(
            (
                v
                for v in self.history
                if isinstance(v, Withdrawal) and v.effective_on == withdrawn_on
            ),
            None,
        )
        if found is None:
            dates = [str(v.effective_on) for v in self.history if isinstance(v, Withdrawal)]
            raise MandateNotWithdrawn(
                f"no withdrawal from {withdrawn_on} (withdrawals: {', '.join(dates) or 'none'})",
                field="withdrawn_on",
            )
        return found

    def _neighbours(
        self, entry: Withdrawal
    ) -> tuple[MandateVersion | Withdrawal | None, MandateVersion | Withdrawal | None]:
        """The change before the withdrawal and the one after it, if any."""
        i = self.history.index(entry)
        before = self.history[i - 1] if i > 0 else None
        after = self.history[i + 1] if i + 1 < len(self.history) else None
        return before, after

    def _correct_withdrawal(
        self,
        organ: Organ,
        old: Withdrawal,
        effective_on: date,
        decision_id: UUID,
        by: Provenance,
    ) -> None:
        if effective_on == old.effective_on:
            raise MandateNotInForce(
                f"the mandate is withdrawn from {effective_on} already", field="effective_on"
            )
        before, after = self._neighbours(old)
        if before is not None and effective_on <= before.effective_on:
            raise MandateOutOfOrder(
                f"effective_on {effective_on} must come after {before.effective_on},"
                " when the change before the withdrawal took effect",
                field="effective_on",
            )
        if after is not None and effective_on >= after.effective_on:
            raise MandateOutOfOrder(
                f"effective_on {effective_on} must come before {after.effective_on},"
                " when the change after the withdrawal takes effect",
                field="effective_on",
            )
        organ.check_exists_on(effective_on)
        self.trigger_event(
            self.WithdrawalCorrected,
            organ_id=self.organ_id,
            withdrawn_on=old.effective_on,
            corrected_version=old.recorded_version,
            effective_on=effective_on,
            decision_id=decision_id,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
        )

    def annul_withdrawal(
        self,
        organ: Organ,
        decision_id: UUID,
        by: Provenance,
        withdrawn_on: date | None = None,
    ) -> Withdrawal:
        """Annuls the withdrawal that was the last change, or the one from `withdrawn_on`:
        the version before it is in force until the next version, or until further notice
        (not past the organ's dissolution). Returns the withdrawal annulled."""
        if withdrawn_on is not None:
            withdrawal = self.withdrawal_on(withdrawn_on)
        else:
            latest = self.latest()
            if not isinstance(latest, Withdrawal):
                raise MandateNotWithdrawn("the last change of the mandate is no withdrawal")
            withdrawal = latest
        require_reason(by, "an annulment")
        dissolved = organ.record.dissolved_on
        if dissolved is not None and self._neighbours(withdrawal)[1] is None:
            raise MandateNotWithdrawn(
                f"the organ is dissolved from {dissolved}: its mandate ends then at the"
                " latest; correct the withdrawal's date instead"
            )
        self.trigger_event(
            self.WithdrawalAnnulled,
            organ_id=self.organ_id,
            annulled_version=withdrawal.recorded_version,
            effective_on=withdrawal.effective_on,
            decision_id=decision_id,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
        )
        return withdrawal

    def follow_dissolution(
        self, dissolved_on: date, on: date | None, decision_id: UUID, by: Provenance
    ) -> None:
        """The organ's dissolution from `dissolved_on` is corrected to `on` (None: annulled),
        in the same save. A withdrawal on `dissolved_on` is the dissolution's (one of its
        own comes before it): it is corrected to `on` or annulled. A mandate withdrawn on its
        own before stays so; a correction then ends the version still in force on `on`."""
        latest = self.latest()
        if not isinstance(latest, Withdrawal) or latest.effective_on != dissolved_on:
            if on is not None:
                self.end_on_dissolution(on, decision_id, by)
            return
        fields = {
            "organ_id": self.organ_id,
            "decision_id": decision_id,
            "actor": by.actor,
            "correlation_id": by.correlation_id,
            "reason": by.reason,
        }
        if on is None:
            self.trigger_event(
                self.WithdrawalAnnulled,
                annulled_version=latest.recorded_version,
                effective_on=latest.effective_on,
                **fields,
            )
            return
        before = self.history[-2] if len(self.history) > 1 else None
        if before is not None and on <= before.effective_on:
            raise MandateOutOfOrder(
                f"a mandate change effective {before.effective_on} is recorded;"
                " the dissolution must come after it",
                field="effective_on",
            )
        if on != dissolved_on:
            self.trigger_event(
                self.WithdrawalCorrected,
                withdrawn_on=latest.effective_on,
                corrected_version=latest.recorded_version,
                effective_on=on,
                **fields,
            )

    def end_on_dissolution(self, on: date, decision_id: UUID, by: Provenance) -> None:
        """A dissolved organ's mandate in force ends with it, in the dissolution's save."""
        latest = self.latest()
        if latest is not None and latest.effective_on >= on:
            raise MandateOutOfOrder(
                f"a mandate change effective {latest.effective_on} is recorded;"
                " the dissolution must come after it",
                field="effective_on",
            )
        if isinstance(latest, MandateVersion):
            ended = Provenance(by.actor, by.correlation_id, by.reason or "organ dissolved")
            self.trigger_event(
                self.Withdrawn,
                organ_id=self.organ_id,
                effective_on=on,
                decision_id=decision_id,
                actor=ended.actor,
                correlation_id=ended.correlation_id,
                reason=ended.reason,
            )


def check_content(content: dict[str, Any]) -> None:
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise InvalidCommand(f"unknown mandate fields: {sorted(unknown)}", field=min(unknown))
    if content.get("mandate_type") not in {t.value for t in MandateType}:
        raise InvalidCommand("a mandate needs a known mandate_type", field="mandate_type")


def difference(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Field by field, in document order: what one version says against another.

    For list fields, also which items were added and which removed."""
    changes = []
    for name in CONTENT_FIELDS:
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        change: dict[str, Any] = {"field": name, "from": before, "to": after}
        if isinstance(before, list) and isinstance(after, list):
            change["added"] = [item for item in after if item not in before]
            change["removed"] = [item for item in before if item not in after]
        changes.append(change)
    return changes


def person_ids(content: dict[str, Any]) -> list[tuple[str, UUID]]:
    """(field, person id) for every person the content names."""
    found = []
    for name in ("commissioner", "holder", "chair"):
        value = content.get(name)
        if isinstance(value, dict) and value.get("person_id"):
            found.append((name, UUID(value["person_id"])))
    return found


def organ_ids(content: dict[str, Any]) -> list[tuple[str, UUID]]:
    """(field, organ id) for every organ the content names."""
    found = []
    for name in ("participants", "links", "reporting_to"):
        for item in content.get(name) or []:
            if isinstance(item, dict) and item.get("organ_id"):
                found.append((name, UUID(item["organ_id"])))
    return found
