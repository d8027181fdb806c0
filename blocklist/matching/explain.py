"""Why a report sits with the others in its case, field by field, in words a moderator can check: the same
text, another spelling of the same mailbox or number, a mailbox one typo away, the same mailbox name at
another provider, a number typed the way another country types it, and how alike the names are."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from blocklist.matching.email import CanonicalEmail, canonical_email, one_typo, typo_neighbourhood, typo_probes
from blocklist.matching.index import unpack_name
from blocklist.matching.names import name_keys
from blocklist.matching.phone import canonical_phone, foreign_readings
from blocklist.matching.score import name_similarity
from blocklist.matching.thresholds import THRESHOLDS

# how a field of one report matches the same field of another, strongest first
HOWS = ("exact", "canonical", "typo", "other_provider", "foreign_national", "same_last_digits", "similar_name",
        "different_name", "only_here")


@dataclass(frozen=True)
class FieldMatch:
    field: str  # email | phone | name
    how: str  # one of HOWS
    other: str | None = None  # the report it matches best
    score: float | None = None  # for names: their similarity (0..1)


@dataclass(frozen=True)
class Typed:
    """What a report says, as typed and in its canonical forms (models.Report.subject and .canonical)."""

    id: str
    subject: Mapping[str, Any]
    canonical: Mapping[str, Any]
    region: str | None = None


def why_each(reports: list[Typed]) -> dict[str, list[FieldMatch]]:
    """Why each of a case's reports is in it (in the case's order, so that of two equally good matches the
    earlier report is named), by report id."""
    return {report.id: why_together(report, reports) for report in reports}


def why_together(report: Typed, others: list[Typed]) -> list[FieldMatch]:
    """For each field the report has, how it matches the closest other report of its case."""
    found = []
    for field, compare in (("email", _email), ("phone", _phone), ("name", _name)):
        if not report.subject.get(field):
            continue
        best: FieldMatch | None = None
        for other in others:
            if other.id == report.id or not other.subject.get(field):
                continue
            match = compare(report, other)
            if match is not None and (best is None or _rank(match) < _rank(best)):
                best = match
                if _rank(best) <= _BEST_POSSIBLE[field]:
                    break  # (a case of hundreds of reports: nothing later can match better)
        found.append(best or FieldMatch(field, "only_here"))
    return found


_BEST_POSSIBLE = {"email": (0, 0.0), "phone": (0, 0.0), "name": (HOWS.index("similar_name"), -1.0)}


def _rank(match: FieldMatch) -> tuple[int, float]:
    return HOWS.index(match.how), -(match.score or 0.0)


def _email(report: Typed, other: Typed) -> FieldMatch | None:
    typed, theirs = report.subject["email"], other.subject["email"]
    if typed.strip().lower() == theirs.strip().lower():
        return FieldMatch("email", "exact", other.id)
    mine, their = report.canonical.get("email"), other.canonical.get("email")
    if not mine or not their:
        return None
    if mine == their:
        return FieldMatch("email", "canonical", other.id)
    a, b = canonical_email(mine), canonical_email(their)
    if a.domain == b.domain and _one_typo_apart(a, b):
        return FieldMatch("email", "typo", other.id)
    if _bare(a.local) == _bare(b.local) and a.domain != b.domain:
        return FieldMatch("email", "other_provider", other.id)
    return None


def _one_typo_apart(a: CanonicalEmail, b: CanonicalEmail) -> bool:
    """What the lookup calls one typo (matching/email.py), asked of two mailboxes at hand."""
    neighbourhood: dict[str, set[str]] = {}
    for deleted, text in typo_neighbourhood(b):
        neighbourhood.setdefault(text, set()).add(deleted)
    return any(one_typo(deleted, listed) for deleted, text in typo_probes(a) for listed in neighbourhood.get(text, ()))


def _bare(local: str | None) -> str:
    return (local or "").replace(".", "").replace("-", "").replace("_", "")


def _phone(report: Typed, other: Typed) -> FieldMatch | None:
    typed, theirs = report.subject["phone"], other.subject["phone"]
    digits = "".join(ch for ch in typed if ch.isdigit())
    if digits and digits == "".join(ch for ch in theirs if ch.isdigit()):
        return FieldMatch("phone", "exact", other.id)
    mine, their = report.canonical.get("phone"), other.canonical.get("phone")
    if mine and mine == their:
        return FieldMatch("phone", "canonical", other.id)
    for this, that in ((report, their), (other, mine)):
        if that and not this.canonical.get("phone") and that in foreign_readings(this.subject["phone"]):
            return FieldMatch("phone", "foreign_national", other.id)
    tail = canonical_phone(typed, report.region).tail
    if tail and tail == canonical_phone(theirs, other.region).tail:
        return FieldMatch("phone", "same_last_digits", other.id)
    return None


def _name(report: Typed, other: Typed) -> FieldMatch | None:
    score = _name_score(*_name_form(report), *_name_form(other))
    if score is None:
        return None
    how = "similar_name" if score >= THRESHOLDS.same_name else "different_name"
    return FieldMatch("name", how, other.id, score)


def _name_form(report: Typed) -> tuple[str, bool]:
    """The name's matching form (packed), or as typed when a report has none."""
    packed = report.canonical.get("name_packed")
    return (packed, True) if packed else (report.subject["name"], False)


@functools.lru_cache(maxsize=4096)
def _name_score(mine: str, mine_packed: bool, theirs: str, theirs_packed: bool) -> float | None:
    """How alike two names are, to two places. Cached: a case's reports repeat a few spellings, and each report
    is compared with every other (a case page of 21 reports spent two thirds of its time here)."""
    a, b = _name_keys(mine, mine_packed), _name_keys(theirs, theirs_packed)
    if a is None or b is None:
        return None
    return round(name_similarity(a, b).score, 2)


def _name_keys(text: str, packed: bool):
    return unpack_name(text) if packed else name_keys(text)
