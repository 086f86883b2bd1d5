"""Replaying claimants and sources: rows, parties, networks and aliases.

(`actor`, `actor_name`, `source`, `source_name`.) An actor's party decides which claimants are
independent of each other, so a party changed behind the ledger's back would change a report.
"""

from __future__ import annotations

import itertools
from abc import abstractmethod
from typing import Any, ClassVar, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.audit.replay import Entry, Replayer, compare_rows, stream
from ledger.audit.replayers.places import add_names
from ledger.store.models import Actor, ActorName, Source, SourceName


class ActorRow(NamedTuple):
    name: str
    kind: str
    party: str | None


class SourceRow(NamedTuple):
    name: str
    kind: str
    url: str | None
    network: str | None
    reliability: str | None


class _Named(Replayer):
    """Actors and sources alike: a row keyed by its id, and its names (`add_names`)."""

    what: ClassVar[str]
    model: ClassVar[Any]
    names_model: ClassVar[Any]
    owner: ClassVar[str]

    def __init__(self, replay: Any) -> None:
        super().__init__(replay)
        self.rows: dict[str, Any] = {}
        self.names: dict[str, dict[str, str]] = {}

    @abstractmethod
    def row(self, payload: dict[str, Any]) -> Any:
        """Return the row an `add` or `edit` entry describes."""

    def apply(self, entry: Entry) -> None:
        key, payload = entry.subject, entry.payload
        verb = entry.action.split(".", 1)[1]
        if verb == "alias":
            if key not in self.rows:
                raise KeyError(f"no {self.what} {key!r} in the journal")
            add_names(self.names[key], list(payload["aliases"]))
            return
        if verb == "add" and key in self.rows:
            raise ValueError(f"{self.what} {key!r} was already added")
        if verb == "edit" and key not in self.rows:
            raise KeyError(f"no {self.what} {key!r} in the journal")
        self.rows[key] = self.row(payload)
        if verb == "add":  # the name first, then the aliases (`ledger.record.actors.add`)
            self.names[key] = {}
            add_names(self.names[key], [payload["name"], *payload.get("aliases", [])])
        else:  # an edit records every name the record has afterwards
            self.names[key] = {}
            add_names(self.names[key], list(payload["aliases"]))

    def has(self, key: str) -> bool:
        return key in self.rows

    def counts(self) -> dict[str, int]:
        return {f"{self.what}s": len(self.rows)}

    def compare(self, session: Session) -> None:
        compare_rows(self.what, self.rows, self.stored(session))
        names = {k: tuple(sorted(v.items())) for k, v in self.names.items()}
        self.names.clear()
        compare_rows(self.what, names, self._stored_names(session), "names", absent=())

    @abstractmethod
    def stored(self, session: Session) -> Any:
        """Yield (key, row) for every row of the table."""

    def _stored_names(self, session: Session) -> Any:
        model, names = self.model, self.names_model
        owner = getattr(names, self.owner)
        statement = (
            select(model.key, names.norm, names.name).join(model, model.id == owner).order_by(owner)
        )
        for key, group in itertools.groupby(stream(session, statement), key=lambda row: row[0]):
            yield key, tuple(sorted((norm, name) for _, norm, name in group))


class Actors(_Named):
    actions = ("actor.add", "actor.alias", "actor.edit")
    what, model, names_model, owner = "actor", Actor, ActorName, "actor_id"

    def row(self, payload: dict[str, Any]) -> ActorRow:
        return ActorRow(payload["name"], payload["kind"], payload.get("party"))

    def stored(self, session: Session) -> Any:
        party = aliased(Actor)
        statement = select(Actor.key, Actor.name, Actor.kind, party.key).join(
            party, party.id == Actor.party_id, isouter=True
        )
        for key, *values in stream(session, statement):
            yield key, ActorRow(*values)


class Sources(_Named):
    actions = ("source.add", "source.alias", "source.edit")
    what, model, names_model, owner = "source", Source, SourceName, "source_id"

    def row(self, payload: dict[str, Any]) -> SourceRow:
        return SourceRow(
            payload["name"],
            payload["kind"],
            payload.get("url"),
            payload.get("network"),
            payload.get("reliability"),
        )

    def stored(self, session: Session) -> Any:
        network = aliased(Source)
        statement = select(
            Source.key, Source.name, Source.kind, Source.url, network.key, Source.reliability
        ).join(network, network.id == Source.network_id, isouter=True)
        for key, *values in stream(session, statement):
            yield key, SourceRow(*values)
