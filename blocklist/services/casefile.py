"""The arithmetic of a case: joining reports, merging, aggregates and priority, history.

Pure functions over frozen records: each returns the case as it is after the change; no I/O here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from blocklist.matching.shared import shared_identifiers
from blocklist.models import CATEGORY_SEVERITY, Case, Category, Identifier, Report, ReportSummary

# reports that still speak about the person (withdrawn and dismissed ones no longer do)
ACTIVE_REPORT_STATUSES = ("pending", "confirmed")
HISTORY_LIMIT = 200
# report summaries one salon contributes to a case; its further reports of the person are stored and
# counted (case.folded) but not summarised, so a case stays well under MongoDB's 16 MB document
# limit however often a salon reports one person. Signals count distinct salons, so nothing is lost
# to a lookup: this salon is already counted for the identifiers its summaries name.
SUMMARIES_PER_SALON = 20
TYPED_NAMES_LIMIT = 20  # spellings of the name kept for display


def new_case(case_id: str, now: datetime) -> Case:
    return Case(id=case_id, status="open", version=0, created_at=now, updated_at=now, first_report_at=now,
                last_report_at=now)


def report_summary(report: Report) -> ReportSummary:
    """What a case keeps about each of its reports. Its exact keys say which identifiers this report
    speaks about: a case joins reports through one shared identifier, and a signal about a salon's
    report must not spread to identifiers that salon never reported."""
    return ReportSummary(report.id, report.salon_id, report.category, report.received_at, report.status,
                         report.quarantined, tuple(report.keys), report.canonical.get("name_packed"))


def _summaries_of(case: Case, salon_id: str) -> int:
    return sum(1 for r in case.reports if r.salon_id == salon_id)


def _folded(case: Case, salon_id: str, count: int = 1) -> dict[str, int]:
    return {**case.folded, salon_id: case.folded.get(salon_id, 0) + count}


def _union(existing: tuple[Any, ...], more: Any) -> tuple[Any, ...]:
    """`existing` and the items of `more` it does not have yet, in order."""
    added = [item for item in dict.fromkeys(more) if item not in existing]
    return existing + tuple(added) if added else existing


def add_report(case: Case, report: Report) -> tuple[Case, bool]:
    """The case with a report's identifiers and facts joined in (no aggregates: call refresh()), and False
    when the report was only counted: its salon already has SUMMARIES_PER_SALON summaries in the case."""
    if any(r.id == report.id for r in case.reports):
        return case, True
    if _summaries_of(case, report.salon_id) >= SUMMARIES_PER_SALON:
        return replace(case, folded=_folded(case, report.salon_id)), False
    canonical = report.canonical
    identifiers = [Identifier(kind, canonical[kind]) for kind in ("email", "phone") if canonical.get(kind)]
    names, packed = case.names, case.name_packed
    name = canonical.get("name")
    if name and name not in names:
        names, packed = names + (name,), packed + (canonical.get("name_packed"),)
    joined = replace(case, reports=case.reports + (report_summary(report),), keys=_union(case.keys, report.keys),
                     match_keys=_union(case.match_keys, report.match_keys),
                     identifiers=_union(case.identifiers, identifiers), names=names, name_packed=packed)
    return _with_typed_name(joined, report.subject.get("name")), True


def _with_typed_name(case: Case, typed: str | None) -> Case:
    """A name as a salon typed it (יוסי כהן, not its matching form "yvsy khhn"): what moderators read."""
    typed = (typed or "").strip()
    if typed and typed not in case.typed_names and len(case.typed_names) < TYPED_NAMES_LIMIT:
        return replace(case, typed_names=case.typed_names + (typed,))
    return case


def merge_into(target: Case, other: Case) -> tuple[Case, list[str]]:
    """`target` with everything `other` knows, and the ids of `other`'s reports that were only counted
    (their salon had its share of summaries in `target` already)."""
    known = {r.id for r in target.reports}
    reports = list(target.reports)
    folded = dict(target.folded)
    folded_ids = []
    for summary in other.reports:
        if summary.id in known:
            continue
        if sum(1 for r in reports if r.salon_id == summary.salon_id) >= SUMMARIES_PER_SALON:
            folded[summary.salon_id] = folded.get(summary.salon_id, 0) + 1
            folded_ids.append(summary.id)
        else:
            reports.append(summary)
    for salon_id, count in other.folded.items():
        folded[salon_id] = folded.get(salon_id, 0) + count
    names, packed = target.names, target.name_packed
    for name, name_packed in zip(other.names, other.name_packed):
        if name not in names:
            names, packed = names + (name,), packed + (name_packed,)
    merged = replace(target, reports=tuple(reports), folded=folded, keys=_union(target.keys, other.keys),
                     match_keys=_union(target.match_keys, other.match_keys),
                     identifiers=_union(target.identifiers, other.identifiers), names=names, name_packed=packed,
                     similar=tuple(s for s in target.similar if s["case_id"] != other.id))
    for typed in other.typed_names:
        merged = _with_typed_name(merged, typed)
    return merged, folded_ids


def refresh(case: Case, trust: dict[str, float], now: datetime) -> Case:
    """The case with its aggregates recomputed from the report summaries: salons, categories, times, priority."""
    active = [r for r in case.reports if r.status in ACTIVE_REPORT_STATUSES]
    salons = sorted({r.salon_id for r in active})
    categories: dict[str, int] = {}
    for r in active:
        categories[r.category] = categories.get(r.category, 0) + 1
    worst = max(categories, key=lambda c: CATEGORY_SEVERITY[Category(c)], default=None)
    severity = CATEGORY_SEVERITY[Category(worst)] if worst else 0
    times = [r.received_at for r in case.reports]
    return replace(case, report_count=len(case.reports) + sum(case.folded.values()), salon_ids=tuple(salons),
                   salon_count=len(salons), categories=categories, worst_category=worst, severity=severity,
                   first_report_at=min(times) if times else case.first_report_at,
                   last_report_at=max(times) if times else case.last_report_at,
                   priority=priority(salons, severity, trust), updated_at=now, shared_keys=shared_keys(case))


def shared_keys(case: Case) -> tuple[str, ...]:
    """The case's keys its reports give with many clearly different names (matching/shared.py)."""
    sightings: dict[str, list[tuple[str, str | None]]] = {}
    for report in case.reports:
        for key in report.keys or ():
            sightings.setdefault(key, []).append((report.salon_id, report.name_packed))
    return tuple(sorted(shared_identifiers(sightings)))


def priority(salon_ids: list[str], severity: int, trust: dict[str, float]) -> float:
    """Queue order: distinct salons (weighted by how often their reports were right), then severity.

    A salon with no history counts 1.0; one whose reports keep being dismissed counts less, so
    a single unreliable salon cannot push a case to the top. Ties go to the oldest case (the
    queue sorts by first report time after this).
    """
    weighted_salons = sum(2 * trust.get(s, 0.5) for s in salon_ids)
    return round(100 * weighted_salons + 10 * severity, 3)


def add_history(case: Case, at: datetime, actor: str, action: str, **details: Any) -> Case:
    """The case with one more line of history (the newest HISTORY_LIMIT are kept)."""
    return replace(case, history=(case.history + ({"at": at, "actor": actor, "action": action, **details},))[
        -HISTORY_LIMIT:])


def with_report_status(case: Case, report_id: str, status: str) -> Case:
    """The case with one report summary's status changed."""
    return replace(case, reports=tuple(replace(r, status=status) if r.id == report_id else r for r in case.reports))
