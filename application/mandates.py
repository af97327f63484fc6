"""Mandate use cases: issue a new version of an organ's mandate (or correct the version
of a date), annul a version, withdraw the mandate (or correct the withdrawal's date),
annul the withdrawal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from application.annulments import Annulment
from application.app import Loaded, Styrlogg
from application.errors import NotFound, VersionMismatch
from application.organs import Change
from domain.decisions import Decision
from domain.mandates import Mandate, MandateVersion, Withdrawal, organ_ids, person_ids
from domain.organs import Organ
from domain.people import Person


@dataclass(frozen=True)
class MandateWritten:
    organ_id: UUID
    entry: MandateVersion | Withdrawal
    """The version or withdrawal written (or found, when nothing was written)."""
    version: int
    """The aggregate version, for ETag and If-Match."""
    position: int
    written: bool
    annulled: bool = False


class MandateUseCases:
    def __init__(self, app: Styrlogg) -> None:
        self.app = app

    def put(self, organ_id: UUID, content: dict[str, Any], change: Change) -> MandateWritten:
        """Issues the next version, or corrects the version of `change.effective_on` when
        `change` has a reason; the same version sent again writes nothing."""

        def command() -> MandateWritten:
            loaded = Loaded(self.app)
            organ = loaded.get(Organ, organ_id, what="organ")
            loaded.get(Decision, change.decision_id, what="decision", field="decision_id")
            for field, person_id in person_ids(content):
                loaded.get(Person, person_id, what="person", field=f"{field}.person_id")
            for field, other_id in organ_ids(content):
                loaded.get(Organ, other_id, what="organ", field=f"{field}.organ_id")
            mandate = self._mandate(loaded, organ_id, change.expected_version)
            by = change.by
            written = mandate.issue(organ, content, change.effective_on, change.decision_id, by)
            position = loaded.save_if(written)
            entry = next(v for v in mandate.versions() if v.effective_on == change.effective_on)
            return MandateWritten(organ_id, entry, mandate.version, position, written)

        return self.app.write(command)

    def withdraw(
        self, organ_id: UUID, change: Change, withdrawn_on: date | None = None
    ) -> MandateWritten:
        """Withdraws the mandate; with a reason, corrects the last withdrawal's date, or
        that of the withdrawal from `withdrawn_on`."""

        def command() -> MandateWritten:
            loaded = Loaded(self.app)
            organ = loaded.get(Organ, organ_id, what="organ")
            loaded.get(Decision, change.decision_id, what="decision", field="decision_id")
            mandate = self._mandate(loaded, organ_id, change.expected_version)
            mandate.withdraw(
                organ, change.effective_on, change.decision_id, change.by, withdrawn_on
            )
            position = loaded.save()
            written = next(
                v
                for v in reversed(mandate.history)
                if isinstance(v, Withdrawal) and v.effective_on == change.effective_on
            )
            return MandateWritten(organ_id, written, mandate.version, position, True)

        return self.app.write(command)

    def annul_withdrawal(
        self, organ_id: UUID, annulment: Annulment, withdrawn_on: date | None = None
    ) -> MandateWritten:
        """Annuls the last withdrawal, or the one from `withdrawn_on`."""

        def command() -> MandateWritten:
            loaded = Loaded(self.app)
            organ = loaded.get(Organ, organ_id, what="organ")
            loaded.get(Decision, annulment.decision_id, what="decision", field="decision_id")
            mandate = self._mandate(loaded, organ_id, annulment.expected_version)
            withdrawal = mandate.annul_withdrawal(
                organ, annulment.decision_id, annulment.by, withdrawn_on
            )
            position = loaded.save()
            return MandateWritten(organ_id, withdrawal, mandate.version, position, True, True)

        return self.app.write(command)

    def annul(self, organ_id: UUID, number: int, annulment: Annulment) -> MandateWritten:
        """Annuls version `number`; NotFound unless the organ's mandate had it."""

        def command() -> MandateWritten:
            loaded = Loaded(self.app)
            loaded.get(Organ, organ_id, what="organ")
            loaded.get(Decision, annulment.decision_id, what="decision", field="decision_id")
            if not self.app.exists(Mandate.id_for(organ_id)):
                raise NotFound("mandate version", number)
            mandate = self._mandate(loaded, organ_id, annulment.expected_version)
            old = mandate.numbered(number)
            if old is None:
                raise NotFound("mandate version", number)
            mandate.annul(number, annulment.decision_id, annulment.by)
            position = loaded.save()
            return MandateWritten(organ_id, old, mandate.version, position, True, annulled=True)

        return self.app.write(command)

    def _mandate(self, loaded: Loaded, organ_id: UUID, expected: int | None) -> Mandate:
        mandate_id = Mandate.id_for(organ_id)
        if self.app.exists(mandate_id):
            mandate = loaded.get(Mandate, mandate_id, what="mandate")
        else:
            mandate = loaded.add(Mandate.open(organ_id))
        if expected is not None and mandate.version != expected:
            raise VersionMismatch(expected, mandate.version)
        return mandate
