"""Spans found by the detectors, before they become `Finding`s, and how overlaps merge."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

KINDS: tuple[str, ...] = (
    "person",
    "organization",
    "email",
    "phone",
    "iban",
    "card",
    "nir",
    "siret",
    "address",
    "url",
)

NAME_GUESS = "name"

CLIENT = "client"
"""Internal: a name the coach listed in `screening.client_names`. Reported as an
organization, but certain: the coach said it is real, so no writer may keep it."""

# Structured identifiers: never storable, whatever the writer says. The other kinds
# (person, organization) are words that may be names: the writer may vouch for them.
CERTAIN_KINDS: frozenset[str] = frozenset(
    {"email", "phone", "iban", "card", "nir", "siret", "address", "url"}
)

# On overlap the more specific kind names the merged span: a checksum-validated number
# beats a phone shape, an e-mail beats the domain inside it, an address beats the
# name of its street, an organization's legal form beats a person-looking name.
SPECIFICITY: dict[str, int] = {
    "iban": 10,
    "nir": 9,
    "card": 8,
    "email": 7,
    "siret": 6,
    "phone": 5,
    "url": 4,
    "address": 3,
    CLIENT: 3,  # beats whatever else the name looks like (a person, a firm); certain as an address
    "organization": 2,
    "person": 1,
    # Internal: a capitalised word nothing else explains. It never outranks a real kind
    # and is reported as a person (most such words in mentees' messages are surnames).
    NAME_GUESS: 0,
}


class Hit(NamedTuple):
    """A detector's answer: half-open span and kind, in whatever text it was given."""

    start: int
    end: int
    kind: str


def merge(hits: Iterable[Hit]) -> list[Hit]:
    """Sorted, non-overlapping spans; an overlap takes the union and the most specific kind."""
    ordered = sorted((h for h in hits if h.end > h.start), key=lambda h: (h.start, -h.end))
    merged: list[Hit] = []
    for hit in ordered:
        if merged and hit.start < merged[-1].end:
            last = merged[-1]
            kind = last.kind
            if SPECIFICITY.get(hit.kind, 0) > SPECIFICITY.get(kind, 0):
                kind = hit.kind
            merged[-1] = Hit(last.start, max(last.end, hit.end), kind)
        else:
            merged.append(hit)
    return merged


_NAME_KINDS = frozenset({"person", NAME_GUESS})
# what may stand between two parts of one name: spaces, quotes around a nickname, a dot
_NAME_GAP = frozenset(" \u00a0\"“”«»'’.-")


def join_names(hits: list[Hit], text: str) -> list[Hit]:
    """Merged spans, with a person's parts joined across spaces or quotes: 'Theodore "Ted"
    Brennan', "G a r y   P a r k e r" are one name, so a suggestion replaces it whole; a
    name followed by a firm's name is one person ("Jean Boulanger"), two firms' names one
    space apart one firm ("Jaguar Land Rover")."""
    joined: list[Hit] = []
    for hit in hits:
        if joined:
            last = joined[-1]
            gap = text[last.end : hit.start]
            if (
                last.kind in _NAME_KINDS
                and hit.kind in _NAME_KINDS
                and 0 < len(gap) <= 4
                and all(c in _NAME_GAP for c in gap)
                and gap.strip(" \u00a0") != "."
            ):
                joined[-1] = Hit(
                    last.start, hit.end, "person" if "person" in (last.kind, hit.kind) else NAME_GUESS
                )
                continue
            if last.kind in _NAME_KINDS and hit.kind == "organization" and gap in (" ", "\u00a0"):
                # "Jean Boulanger": a first name, then a surname that is also a firm's name
                joined[-1] = Hit(last.start, hit.end, "person")
                continue
            if last.kind == hit.kind == "organization" and gap == " ":
                # "Jaguar Land Rover": a firm's name whose parts two rules found apart
                joined[-1] = Hit(last.start, hit.end, "organization")
                continue
        joined.append(hit)
    return joined


_ADDRESS_GAP = frozenset(" \u00a0,")


def join_addresses(hits: list[Hit], text: str) -> list[Hit]:
    """Merged spans, with two parts of one address that only a space or a comma separate
    joined ("Block 07 Lot 65 Castro Village" and "Phase 5, Peridot Drive, …"), so a suggestion
    replaces the address whole instead of leaving "[adresse] [adresse]"."""
    joined: list[Hit] = []
    for hit in hits:
        if joined and joined[-1].kind == "address" and hit.kind == "address":
            gap = text[joined[-1].end : hit.start]
            if 0 < len(gap) <= 2 and all(c in _ADDRESS_GAP for c in gap):
                joined[-1] = Hit(joined[-1].start, hit.end, "address")
                continue
        joined.append(hit)
    return joined


def public_kind(kind: str) -> tuple[str, bool]:
    """The kind a finding reports, and whether it is certain (never kept on the writer's word)."""
    if kind == CLIENT:
        return "organization", True
    return kind, kind in CERTAIN_KINDS


def settle(hits: list[Hit]) -> list[Hit]:
    """Give internal guesses a public kind once merging is done."""
    return [Hit(h.start, h.end, "person") if h.kind == NAME_GUESS else h for h in hits]
