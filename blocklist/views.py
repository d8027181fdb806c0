"""How records read on the wire and on pages: the JSON the API answers and the console's templates render.

Services return records and domain results (models.py); the API and the console turn them into these
views, so what the service decides and how it is shown change independently.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Mapping

from blocklist.clock import as_utc, isoformat
from blocklist.matching.shared import shared_identifiers
from blocklist.models import (
    Appeal,
    AppealFile,
    Case,
    CaseFile,
    Entry,
    FoundEntry,
    QueuedCase,
    Report,
    ReportFile,
    ReportOutcome,
    SalonReport,
    Webhook,
    entry_is_active,
)
from blocklist.schemas import ReportIn
from blocklist.services.reports import NewReport, canonical_body


def display_names(record: Case | QueuedCase | Entry | None) -> list[str]:
    """A case's or entry's names for people to read: as typed, or (records from before) the matching form."""
    if record is None:
        return []
    return list(record.typed_names or record.names)


def _iso(value: Any) -> Any:
    return isoformat(value) if isinstance(value, datetime) else value


def case_summary(case: Case | QueuedCase, now: datetime) -> dict[str, Any]:
    """A case as the queue lists it."""
    return {
        "id": case.id, "status": case.status, "version": case.version, "priority": case.priority,
        "salon_count": case.salon_count, "report_count": case.report_count,
        "worst_category": case.worst_category, "categories": dict(case.categories),
        "identifiers": identifiers_view(case), "names": list(case.names), "display_names": display_names(case),
        "first_report_at": isoformat(case.first_report_at), "last_report_at": isoformat(case.last_report_at),
        "age_days": max(0, (now - case.first_report_at).days),
        "claimed_by": case.claimed_by, "claimed_until": case.claimed_until, "merged_into": case.merged_into,
        "similar_count": case.similar_count,
    }


def identifiers_view(case: Case | QueuedCase) -> list[dict[str, Any]]:
    return [{"kind": i.kind, "value": i.value} for i in case.identifiers]


def report_for_moderator(report: Report, salon: Any) -> dict[str, Any]:
    return {
        "id": report.id, "status": report.status, "category": report.category,
        "salon_id": report.salon_id, "salon_name": salon.name if salon else None,
        "salon_trust": round(salon.trust, 3) if salon else None, "quarantined": report.quarantined,
        "received_at": isoformat(report.received_at), "subject": dict(report.subject),
        "canonical": {k: v for k, v in report.canonical.items() if k != "name_packed"},
        "booking": booking_view(report.booking) or {},
        "evidence": dict(report.evidence or {}),
        "case_id": report.case_id,
        "phone_invalid": bool(report.subject.get("phone")) and report.canonical.get("phone_valid") is False,
        **_unreadable_fields(report.unreadable_fields),
    }


def decision_view(decision: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not decision:
        return None
    return {k: _iso(v) for k, v in decision.items() if k not in ("applied", "version", "by")}


def entry_view(entry: Entry, now: datetime) -> dict[str, Any]:
    return {
        "id": entry.id, "kind": entry.kind, "value": entry.value, "action": entry.action,
        "scope": entry.scope, "case_id": entry.case_id, "status": entry.status,
        "active": entry_is_active(entry, now), "created_at": isoformat(entry.created_at),
        "created_by": entry.created_by, "expires_at": _iso(entry.expires_at), "note": entry.note,
        "lifted_at": _iso(entry.lifted_at), "lift_note": entry.lift_note, "names": list(entry.names),
        "display_names": list(entry.typed_names or entry.names),
        "misused": entry.misused, "misuse_note": entry.misuse_note,
        **_unreadable_fields(entry.unreadable_fields),
    }


def appeal_view(appeal: Appeal) -> dict[str, Any]:
    return {
        "id": appeal.id, "status": appeal.status, "name": appeal.name, "email": appeal.email,
        "phone": appeal.phone, "message": appeal.message, "entry_ids": list(appeal.entry_ids),
        "received_at": isoformat(appeal.received_at), "resolved_at": _iso(appeal.resolved_at),
        "note": appeal.note, "country": appeal.country, "reference": appeal.reference,
        # whether the person proved the identifier is theirs: only then does the appeal restrict anything
        "verify_by": appeal.verify_by, "verified": appeal.verified_at is not None,
        "verified_at": _iso(appeal.verified_at), "locked": appeal.locked,
        "never_booked": appeal.never_booked, "language": appeal.language,
        **_unreadable_fields(appeal.unreadable_fields),
    }


def appeal_status(appeal: Appeal) -> dict[str, Any]:
    """What the person who filed an appeal may read of it (GET /v1/appeals/{id} with its status token)."""
    return {"id": appeal.id, "status": appeal.status, "verify_by": appeal.verify_by,
            "verified": appeal.verified_at is not None, "locked": appeal.locked,
            "received_at": isoformat(appeal.received_at), "resolved_at": _iso(appeal.resolved_at),
            "note": appeal.note if appeal.status in ("lifted", "upheld") else None}


def _unreadable_fields(fields: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """Which of a record's personal-data fields did not open (see Collections.opened), when any did not."""
    return {"unreadable_fields": list(fields)} if fields else {}


def booking_view(booking: Mapping[str, Any] | None, local: bool = True) -> dict[str, Any] | None:
    """A booking's times as text: its start in the zone the salon gave it in (stored as UTC, with the
    offset beside it), or (`local=False`, the salon API's stable form) in UTC."""
    if booking is None:
        return None
    offset = booking.get("starts_at_offset_minutes")
    view = {k: isoformat(v) if isinstance(v, datetime) else v for k, v in booking.items()
            if k != "starts_at_offset_minutes"}
    starts_at = booking.get("starts_at")
    if local and isinstance(starts_at, datetime) and isinstance(offset, int) and -1440 < offset < 1440:
        view["starts_at"] = as_utc(starts_at).astimezone(timezone(timedelta(minutes=offset))).isoformat()
    return view


def new_report(body: ReportIn) -> NewReport:
    """A report as the API's body (or the salon portal's form, read into the same body) gives it."""
    return NewReport(
        category=body.category, name=body.subject.name, email=body.subject.email, phone=body.subject.phone,
        booking=body.booking.model_dump(exclude_none=True) if body.booking else None,
        evidence=body.evidence.model_dump(exclude_none=True) if body.evidence else None,
        canonical_body=canonical_body(body.model_dump(mode="json", exclude_none=True)),
        phone_country=body.subject.phone_country)


def report_view(found: SalonReport | Report) -> dict[str, Any]:
    """A report as its salon sees it, with what became of it (`outcome`, null until a moderator decided)."""
    report = found.report if isinstance(found, SalonReport) else found
    outcome = found.outcome if isinstance(found, SalonReport) else None
    canonical = report.canonical
    return {
        "id": report.id, "status": report.status, "category": report.category,
        "received_at": isoformat(report.received_at), "updated_at": isoformat(report.updated_at),
        "subject": dict(report.subject),
        "canonical": {
            "email": canonical.get("email"), "email_valid": canonical.get("email_valid"),
            "email_problem": canonical.get("email_problem"), "disposable_email": canonical.get("disposable_email"),
            "phone": canonical.get("phone"), "phone_valid": canonical.get("phone_valid"),
            "phone_problem": canonical.get("phone_problem"), "phone_type": canonical.get("phone_type"),
            "name": canonical.get("name"),
        },
        "booking": booking_view(report.booking, local=False),
        "evidence": dict(report.evidence) if report.evidence is not None else None,
        "outcome": outcome_view(outcome),
    }


def outcome_view(outcome: ReportOutcome | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    view = {"decision": outcome.decision, "listed": list(outcome.listed), "scope": outcome.scope,
            "until": _iso(outcome.until), "reason": outcome.reason, "decided_at": isoformat(outcome.decided_at)}
    if outcome.lifted_at is not None:
        view["lifted_at"] = isoformat(outcome.lifted_at)
    return view


def case_file(found: CaseFile, now: datetime) -> dict[str, Any]:
    """Everything about a case: every report from every salon, salons' trust, similar cases, history."""
    case = found.case
    reports = {r.id: r for r in found.reports}
    view = case_summary(case, now)
    # why each report is here, field by field (matching/explain.py): what a moderator checks before deciding
    # (vars: a FieldMatch holds plain values; asdict's recursive copy was 2 % of a 21-report page's time)
    view["reports"] = [{**report_for_moderator(reports[r.id], found.salons.get(r.salon_id)),
                        "why": [vars(match).copy() for match in found.why.get(r.id, ())]}
                       for r in case.reports if r.id in reports]
    # repeats beyond a salon's share of summaries: counted in report_count, not listed
    view["reports_not_listed"] = sum(case.folded.values())
    view["salons"] = [{"id": s.id, "name": s.name, "country": s.country, "trust": round(s.trust, 3),
                       "confirmed_reports": s.confirmed_reports, "dismissed_reports": s.dismissed_reports}
                      for s in found.salons.values()]
    view["similar"] = [{**s, "status": getattr(found.similar.get(s["case_id"]), "status", None),
                        "names": display_names(found.similar.get(s["case_id"])),
                        "identifiers": identifiers_view(found.similar[s["case_id"]])
                        if s["case_id"] in found.similar else []}
                       for s in case.similar]
    view["history"] = [{**h, "at": isoformat(h["at"])} for h in case.history]
    view["decision"] = decision_view(case.decision)
    view["entries"] = [entry_view(e, now) for e in found.entries]
    # an identifier reported with many clearly different names (a reception number) is said to be shared
    sightings: dict[tuple[str, str], list[tuple[str, str | None]]] = {}
    for report in found.reports:
        for kind in ("email", "phone"):
            if report.canonical.get(kind):
                sightings.setdefault((kind, report.canonical[kind]), []).append(
                    (report.salon_id, report.canonical.get("name_packed")))
    shared = shared_identifiers(sightings)
    view["identifiers"] = [{**i, **({"shared_names": shared[(i["kind"], i["value"])]}
                                    if (i["kind"], i["value"]) in shared else {}),
                            # a moderator found that someone else used it: these reports may be theirs
                            **({"misuse_reported": True} if (i["kind"], i["value"]) in found.misused else {})}
                           for i in view["identifiers"]]
    return view


def report_file(found: ReportFile) -> dict[str, Any]:
    return report_for_moderator(found.report, found.salon)


def found_entry(found: FoundEntry, now: datetime) -> dict[str, Any]:
    view = entry_view(found.entry, now)
    if found.match is not None:
        view["match"] = found.match
    if found.why is not None:
        view["why"] = found.why
    return view


def appeal_file(found: AppealFile, now: datetime) -> dict[str, Any]:
    view = appeal_view(found.appeal)
    view["entries"] = [entry_view(e, now) for e in found.entries]
    view["candidates"] = [found_entry(c, now) for c in found.candidates]
    return view


def webhook_view(webhook: Webhook) -> dict[str, Any]:
    """A webhook address as its owner sees it (never its secret)."""
    return {"id": webhook.id, "url": webhook.url, "events": list(webhook.events), "salon_id": webhook.salon_id,
            "created_at": isoformat(webhook.created_at), "disabled": webhook.disabled_at is not None,
            "disabled_at": isoformat(webhook.disabled_at) if webhook.disabled_at else None,
            "disabled_reason": webhook.disabled_reason}


def delivery_view(delivery: dict[str, Any]) -> dict[str, Any]:
    """One delivery of the address's log: what was sent, how it went, what comes next."""
    return {"id": delivery["_id"], "event_id": delivery["event"]["id"], "type": delivery["event"]["type"],
            "status": delivery["status"], "attempts": delivery["attempts"], "last_status": delivery.get("last_status"),
            "last_error": delivery.get("last_error"), "created_at": isoformat(delivery["created_at"]),
            "next_attempt_at": isoformat(delivery["next_attempt_at"]) if delivery["status"] == "pending" else None,
            "delivered_at": isoformat(delivery["delivered_at"]) if delivery.get("delivered_at") else None}
