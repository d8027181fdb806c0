"""The shape of a case document and the arithmetic on it: joining reports, merging, priority.

Pure functions over case dicts (what storage reads and writes) and report records; no I/O here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blocklist.models import CATEGORY_SEVERITY, Category, Report

# reports that still speak about the person (withdrawn and dismissed ones no longer do)
ACTIVE_REPORT_STATUSES = ("pending", "confirmed")
HISTORY_LIMIT = 200
# report summaries one salon contributes to a case; its further reports of the person are stored and
# counted (case["folded"]) but not summarised, so a case stays well under MongoDB's 16 MB document
# limit however often a salon reports one person. Signals count distinct salons, so nothing is lost
# to a lookup: this salon is already counted for the identifiers its summaries name.
SUMMARIES_PER_SALON = 20
TYPED_NAMES_LIMIT = 20  # spellings of the name kept for display


def new_case(case_id: str, now: datetime) -> dict[str, Any]:
    return {
        "_id": case_id, "status": "open", "version": 0, "created_at": now, "updated_at": now,
        "reports": [], "report_count": 0, "salon_ids": [], "salon_count": 0, "keys": [], "match_keys": [],
        "identifiers": [],
        "names": [], "name_packed": [], "typed_names": [], "categories": {}, "worst_category": None, "severity": 0,
        "first_report_at": now, "last_report_at": now, "priority": 0.0, "similar": [], "history": [],
        "claimed_by": None, "claimed_at": None, "merged_into": None, "decision": None, "folded": {},
    }


def report_summary(report: Report) -> dict[str, Any]:
    """What a case keeps about each of its reports. Its exact keys say which identifiers this report
    speaks about: a case joins reports through one shared identifier, and a signal about a salon's
    report must not spread to identifiers that salon never reported."""
    return {"id": report.id, "salon_id": report.salon_id, "category": report.category,
            "received_at": report.received_at, "status": report.status,
            "quarantined": report.quarantined, "keys": list(report.keys)}


def _summaries_of(case: dict[str, Any], salon_id: str) -> int:
    return sum(1 for r in case["reports"] if r["salon_id"] == salon_id)


def _fold(case: dict[str, Any], salon_id: str) -> None:
    folded = case.setdefault("folded", {})
    folded[salon_id] = folded.get(salon_id, 0) + 1


def add_report(case: dict[str, Any], report: Report) -> bool:
    """Join a report's identifiers and facts into the case (no aggregates; call refresh()). False when
    the report was only counted: its salon already has SUMMARIES_PER_SALON summaries in the case."""
    if any(r["id"] == report.id for r in case["reports"]):
        return True
    if _summaries_of(case, report.salon_id) >= SUMMARIES_PER_SALON:
        _fold(case, report.salon_id)
        return False
    case["reports"].append(report_summary(report))
    canonical = report.canonical
    for field, keys in (("keys", report.keys), ("match_keys", report.match_keys)):
        for key in keys:
            if key not in case[field]:
                case[field].append(key)
    for kind in ("email", "phone"):
        value = canonical.get(kind)
        if value and not any(i["kind"] == kind and i["value"] == value for i in case["identifiers"]):
            case["identifiers"].append({"kind": kind, "value": value})
    name = canonical.get("name")
    if name and name not in case["names"]:
        case["names"].append(name)
        case["name_packed"].append(canonical.get("name_packed"))
    _add_typed_name(case, report.subject.get("name"))
    return True


def _add_typed_name(case: dict[str, Any], typed: str | None) -> None:
    """A name as a salon typed it (יוסי כהן, not its matching form "yvsy khhn"): what moderators read."""
    typed = (typed or "").strip()
    names = case.setdefault("typed_names", [])
    if typed and typed not in names and len(names) < TYPED_NAMES_LIMIT:
        names.append(typed)


def merge_into(target: dict[str, Any], other: dict[str, Any]) -> list[str]:
    """Move everything `other` knows into `target`; returns the ids of `other`'s reports that were only
    counted (their salon had its share of summaries in `target` already)."""
    known = {r["id"] for r in target["reports"]}
    folded_ids = []
    for summary in other["reports"]:
        if summary["id"] in known:
            continue
        if _summaries_of(target, summary["salon_id"]) >= SUMMARIES_PER_SALON:
            _fold(target, summary["salon_id"])
            folded_ids.append(summary["id"])
        else:
            target["reports"].append(summary)
    for salon_id, count in other.get("folded", {}).items():
        target.setdefault("folded", {})[salon_id] = target.get("folded", {}).get(salon_id, 0) + count
    for field in ("keys", "match_keys"):
        for key in other[field]:
            if key not in target[field]:
                target[field].append(key)
    for identifier in other["identifiers"]:
        if identifier not in target["identifiers"]:
            target["identifiers"].append(identifier)
    for name, packed in zip(other["names"], other["name_packed"]):
        if name not in target["names"]:
            target["names"].append(name)
            target["name_packed"].append(packed)
    for typed in other.get("typed_names", []):
        _add_typed_name(target, typed)
    target["similar"] = [s for s in target["similar"] if s["case_id"] != other["_id"]]
    return folded_ids


def display_names(record: dict[str, Any]) -> list[str]:
    """A case's or entry's names for people to read: as typed, or (records from before) the matching form."""
    return list(record.get("typed_names") or record.get("names") or [])


def refresh(case: dict[str, Any], trust: dict[str, float], now: datetime) -> None:
    """Recompute the aggregates from the report summaries: salons, categories, times, priority."""
    active = [r for r in case["reports"] if r["status"] in ACTIVE_REPORT_STATUSES]
    salons = sorted({r["salon_id"] for r in active})
    categories: dict[str, int] = {}
    for r in active:
        categories[r["category"]] = categories.get(r["category"], 0) + 1
    worst = max(categories, key=lambda c: CATEGORY_SEVERITY[Category(c)], default=None)
    case["report_count"] = len(case["reports"]) + sum(case.get("folded", {}).values())
    case["salon_ids"] = salons
    case["salon_count"] = len(salons)
    case["categories"] = categories
    case["worst_category"] = worst
    case["severity"] = CATEGORY_SEVERITY[Category(worst)] if worst else 0
    times = [r["received_at"] for r in case["reports"]]
    if times:
        case["first_report_at"] = min(times)
        case["last_report_at"] = max(times)
    case["priority"] = priority(salons, case["severity"], trust)
    case["updated_at"] = now


def priority(salon_ids: list[str], severity: int, trust: dict[str, float]) -> float:
    """Queue order: distinct salons (weighted by how often their reports were right), then severity.

    A salon with no history counts 1.0; one whose reports keep being dismissed counts less, so
    a single unreliable salon cannot push a case to the top. Ties go to the oldest case (the
    queue sorts by first report time after this).
    """
    weighted_salons = sum(2 * trust.get(s, 0.5) for s in salon_ids)
    return round(100 * weighted_salons + 10 * severity, 3)


def add_history(case: dict[str, Any], at: datetime, actor: str, action: str, **details: Any) -> None:
    case["history"].append({"at": at, "actor": actor, "action": action, **details})
    del case["history"][:-HISTORY_LIMIT]
