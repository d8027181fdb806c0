"""Shared identifiers: an email or phone that salons report with many clearly different names (a salon's
own reception number, a family's address) says little about any one of those people."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from blocklist.matching.index import unpack_name
from blocklist.matching.names import NameKeys
from blocklist.matching.score import name_similarity
from blocklist.matching.thresholds import THRESHOLDS


def distinct_people(names: list[NameKeys]) -> int:
    """How many clearly different people these names are (each joins the first group it is alike to)."""
    groups: list[NameKeys] = []
    for name in names:
        if not any(name_similarity(name, first).score >= THRESHOLDS.same_name for first in groups):
            groups.append(name)
    return len(groups)


def shared_identifiers(sightings: Mapping[Hashable, list[tuple[str, str | None]]]) -> dict[Hashable, int]:
    """Of identifiers each seen as (salon id, packed name) pairs, those that are shared, with how many
    clearly different people they were reported with."""
    shared = {}
    for identifier, seen in sightings.items():
        if len({salon for salon, _ in seen}) < THRESHOLDS.shared_identifier_salons:
            continue
        packed = sorted({name for _, name in seen if name})
        if len(packed) < THRESHOLDS.shared_identifier_names:
            continue
        people = distinct_people([unpack_name(name) for name in packed])
        if people >= THRESHOLDS.shared_identifier_names:
            shared[identifier] = people
    return shared
