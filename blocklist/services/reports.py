"""Salon reports: intake (validated, canonicalised, idempotent), listing, reading, withdrawal."""

from __future__ import annotations

import base64
import binascii
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Awaitable, Callable, TypeVar

import orjson

from blocklist.clock import Clock, as_utc, isoformat
from blocklist.credentials import Pseudonymiser
from blocklist.errors import Conflict, DatabaseUnavailable, InvalidRequest, NotFound, Unavailable
from blocklist.matching.subject import PreparedSubject, prepare_subject
from blocklist.models import Case, Page, Report, ReportOutcome, SalonPrincipal, SalonReport
from blocklist.services.accounts import new_id
from blocklist.services.audit import AuditLog
from blocklist.services.cases import CaseService
from blocklist.services.changes import Changes
from blocklist.services.idempotency import Idempotency
from blocklist.services.linking import CaseLinker, DuplicateOf, Unstorable
from blocklist.storage.reports import ReportStore

log = logging.getLogger(__name__)

Item = TypeVar("Item")

# how far a salon's clock may be ahead of ours
CLOCK_SKEW = timedelta(minutes=10)
# a fake booking holds a slot that has not come yet; a year is as far as salons take bookings
FAKE_BOOKING_AHEAD = timedelta(days=365)


@dataclass(frozen=True)
class NewReport:
    """A validated report as the API hands it over."""

    category: str
    name: str | None
    email: str | None
    phone: str | None
    booking: dict[str, Any] | None
    evidence: dict[str, Any] | None
    # canonical JSON of the request, for Idempotency-Key comparisons (never stored as it is)
    canonical_body: bytes
    phone_country: str | None = None  # the customer's country, when the salon knows it (the phone is read there)


def encode_cursor(*parts: Any) -> str:
    raw = orjson.dumps([isoformat(p) if isinstance(p, datetime) else p for p in parts])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, types: tuple[type, ...]) -> tuple[Any, ...]:
    """Parts of a cursor made by encode_cursor; a 400 for anything we did not make."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        parts = orjson.loads(raw)
        if not isinstance(parts, list) or len(parts) != len(types):
            raise ValueError
        out = []
        for part, kind in zip(parts, types):
            if kind is datetime:
                out.append(as_utc(datetime.fromisoformat(part.replace("Z", "+00:00"))))
            elif kind is float:
                if not isinstance(part, (int, float)) or isinstance(part, bool):
                    raise ValueError
                out.append(float(part))
            elif not isinstance(part, kind):
                raise ValueError
            else:
                out.append(part)
        return tuple(out)
    except (ValueError, TypeError, OverflowError, binascii.Error, orjson.JSONDecodeError, AttributeError):
        # (OverflowError: a date that exists only in its own time zone, like 9999-12-31T23:59:59-14:00)
        raise InvalidRequest("the cursor is not one this service issued",
                             [{"field": "cursor", "problem": "invalid"}]) from None


def next_page(items: list[Item], limit: int, position: Callable[[Item], tuple[Any, ...]]) -> tuple[list[Item], str | None]:
    """Items fetched with limit + 1: the page, and a cursor at the last item's `position` when there is more."""
    if len(items) <= limit:
        return items, None
    items = items[:limit]
    return items, encode_cursor(*position(items[-1]))


def canonical_body(payload: dict[str, Any]) -> bytes:
    """The request as one byte string whatever its key order and spacing (the same request, the same bytes)."""
    return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)


def _with_zone(booking: dict[str, Any] | None) -> dict[str, Any] | None:
    """The booking with the UTC offset its time was given in (MongoDB keeps instants in UTC only), so a
    moderator reads 15:00 for a 15:00 appointment in Warsaw."""
    starts_at = (booking or {}).get("starts_at")
    if not isinstance(starts_at, datetime) or starts_at.utcoffset() is None:
        return booking
    return {**booking, "starts_at_offset_minutes": int(starts_at.utcoffset().total_seconds() // 60)}


@dataclass(frozen=True)
class Submitted:
    """What became of a submitted report: `receipt` is the report's id, status and time of receipt;
    `created` is False when this salon had reported the same incident already (the receipt is that
    earlier report's, and nothing new was stored); `replayed` when a retry with the same Idempotency-Key
    got the first request's outcome again."""

    receipt: dict[str, Any]
    created: bool
    replayed: bool = False


_DECISIONS = {"block": "blocked", "challenge": "challenged", "warn": "warned", "dismiss": "dismissed"}


def outcome_of(report: Report, case: Case | None) -> ReportOutcome | None:
    """What the moderator's decision on the report's case means for its salon; None until one is made."""
    decision = case.decision if case is not None else None
    if report.status not in ("confirmed", "dismissed") or not decision or decision.get("at") is None:
        return None
    action = decision.get("action") if report.status == "confirmed" else "dismiss"
    listed: tuple[str, ...] = ()
    if action != "dismiss":
        chosen = {(i.get("kind"), i.get("value")) for i in decision.get("identifiers") or ()}
        listed = tuple(kind for kind in ("email", "phone") if (kind, report.canonical.get(kind)) in chosen)
    scope = decision.get("scope") or "global"
    scope = "global" if scope == "global" else "salon" if scope == f"salon:{report.salon_id}" else "another_salon"
    return ReportOutcome(
        decision=_DECISIONS.get(action or "", "dismissed"), listed=listed, scope=scope,
        until=_instant(decision.get("expires_at")) if action != "dismiss" else None,
        reason=decision.get("reason") if action == "dismiss" else None, decided_at=_instant(decision["at"]),
        lifted_at=_instant(decision.get("lifted_at")) if action != "dismiss" else None)


def _instant(value: Any) -> Any:
    return as_utc(datetime.fromisoformat(value) if isinstance(value, str) else value) if value is not None else None


class ReportService:
    """What a salon can do with its reports."""

    def __init__(self, store: ReportStore, linker: CaseLinker, cases: CaseService, idempotency: Idempotency,
                 audit: AuditLog, changes: Changes, pseudonymiser: Pseudonymiser, clock: Clock,
                 incident_max_age_days: int = 60) -> None:
        self.store = store
        self.incident_max_age_days = incident_max_age_days
        self.linker = linker
        self.cases = cases
        self.idempotency = idempotency
        self.audit = audit
        self.changes = changes
        self.pseudonymiser = pseudonymiser
        self.clock = clock
        # told the ids of reports whose status changed (webhooks; set by the runtime)
        self.reports_changed: Callable[[list[str]], Awaitable[None]] | None = None

    async def submit(self, principal: SalonPrincipal, report: NewReport, idempotency_key: str | None) -> Submitted:
        """Store a report and link it into a case (the first outcome again for a known Idempotency-Key)."""
        scope = principal.salon.id
        if idempotency_key is not None:
            replay = await self.idempotency.claim(scope, idempotency_key, report.canonical_body)
            if replay is not None:
                return Submitted(replay.receipt, replay.created, replayed=True)
        try:
            submitted = await self._create(principal, report)
        except BaseException:
            if idempotency_key is not None:
                try:
                    await self.idempotency.release(scope, idempotency_key)
                except DatabaseUnavailable:
                    pass  # the claim goes stale after a minute and a retry takes it over
            raise
        if idempotency_key is not None:
            await self.idempotency.complete(scope, idempotency_key, submitted.created, submitted.receipt)
        return submitted

    async def _create(self, principal: SalonPrincipal, report: NewReport) -> Submitted:
        salon = principal.salon
        now = self.clock()
        self._check_booking_times(report.category, report.booking or {}, now)
        region = report.phone_country or salon.country
        prepared = prepare_subject(report.name, report.email, report.phone, region, self.pseudonymiser)
        _check_usable(report, prepared)
        stored = Report(
            id=new_id("rpt"), salon_id=salon.id, category=report.category, status="pending", received_at=now,
            updated_at=now, subject={"name": report.name, "email": report.email, "phone": report.phone},
            canonical=prepared.canonical_document(), keys=prepared.exact_keys, match_keys=prepared.match_keys,
            booking=_with_zone(report.booking), evidence=report.evidence, region=region,
            pepper_version=self.pseudonymiser.version, quarantined=salon.quarantined,
            incident_keys=tuple(self.incident_keys(salon.id, report.booking, prepared.exact_keys)),
            via_platform=principal.via_platform)
        try:
            linked = await self.linker.submit(stored)
            if isinstance(linked, DuplicateOf):
                return Submitted(await self._already_reported(salon.id, linked.report_id), created=False)
        except Unstorable:
            raise InvalidRequest("the report holds a value that cannot be stored", []) from None
        except DatabaseUnavailable as exc:
            log.warning("report not stored: %s", exc.cause)
            raise Unavailable("the report could not be stored right now; retry with the same Idempotency-Key") from None
        # no case id: it would tell the salon which identifiers other salons reported together
        return Submitted({"id": stored.id, "status": "pending", "received_at": isoformat(now)}, created=True)

    def _check_booking_times(self, category: str, booking: dict[str, Any], now: datetime) -> None:
        """A no-show happened, so it is not in the future; a fake booking may be reported before its slot,
        up to a year ahead; an old grievance is no evidence of a current risk (SECURITY P4: AbuseIPDB's
        60-day rule)."""
        problems = []
        starts_at, booked_at = booking.get("starts_at"), booking.get("booked_at")
        if isinstance(starts_at, datetime):
            latest = now + (FAKE_BOOKING_AHEAD if category == "fake_booking" else CLOCK_SKEW)
            if starts_at < now - timedelta(days=self.incident_max_age_days):
                problems.append({"field": "booking.starts_at",
                                 "problem": f"more than {self.incident_max_age_days} days ago: reports are for "
                                            "recent incidents"})
            elif starts_at > latest:
                problems.append({"field": "booking.starts_at", "problem": (
                    "more than a year ahead" if category == "fake_booking"
                    else f"in the future: a {category.replace('_', ' ')} is reported after it happened")})
        if isinstance(booked_at, datetime) and booked_at > now + CLOCK_SKEW:
            problems.append({"field": "booking.booked_at", "problem": "in the future"})
        if problems:
            raise InvalidRequest("the booking's times are outside what a report may say", problems)

    def incident_keys(self, salon_id: str, booking: dict[str, Any] | None, exact_keys: tuple[str, ...]) -> list[str]:
        """One key per identifier for this salon's booking day of the customer (SECURITY F4: a salon
        reports an incident once). Without a booking time there is no telling incidents apart."""
        starts_at = (booking or {}).get("starts_at")
        if not isinstance(starts_at, datetime) or not exact_keys:
            return []
        day = starts_at.date().isoformat()  # the salon's own calendar day, in the zone the booking gives
        return [self.pseudonymiser.key("incident", f"{salon_id}|{day}|{key}") for key in exact_keys]

    async def _already_reported(self, salon_id: str, report_id: str) -> dict[str, Any]:
        existing = await self.store.get_for_salon(salon_id, report_id)
        if existing is None:  # being stored by another process right now
            raise Conflict("this salon is reporting the same incident in another request right now; "
                           "retry in a minute to get that report")
        return {"id": existing.id, "status": existing.status, "received_at": isoformat(existing.received_at)}

    async def page(self, salon_id: str, limit: int, cursor: str | None, status: str | None = None) -> Page:
        """The salon's own reports (models.SalonReport, with what became of each), newest first."""
        after = decode_cursor(cursor, (datetime, str)) if cursor else None
        reports, next_cursor = next_page(await self.store.page_for_salon(salon_id, limit + 1, after, status),  # type: ignore[arg-type]
                                         limit, lambda r: (r.received_at, r.id))
        return Page(await self.with_outcomes(reports), next_cursor)

    async def get(self, salon_id: str, report_id: str) -> SalonReport:
        report = await self.store.get_for_salon(salon_id, report_id)
        if report is None:
            raise NotFound("no such report")
        return (await self.with_outcomes([report]))[0]

    async def by_ids(self, report_ids: list[str]) -> list[SalonReport]:
        """Reports of any salon, with their outcomes (for telling their salons what changed)."""
        return await self.with_outcomes(await self.store.get_many(sorted(set(report_ids))))

    async def with_outcomes(self, reports: list[Report]) -> list[SalonReport]:
        decided = [r for r in reports if r.status in ("confirmed", "dismissed") and r.case_id]
        cases = await self.cases.current([r.case_id for r in decided if r.case_id])
        return [SalonReport(r, outcome_of(r, cases.get(r.case_id or ""))) for r in reports]

    async def withdraw(self, principal: SalonPrincipal, report_id: str) -> Report:
        """The reporting salon takes a pending report back."""
        salon_id = principal.salon.id
        now = self.clock()
        withdrawn = await self.store.set_status(report_id, salon_id, ["pending"], "withdrawn", now)
        if withdrawn is None:
            current = await self.store.get_for_salon(salon_id, report_id)
            if current is None:
                raise NotFound("no such report")
            if current.status == "withdrawn":
                return current
            raise Conflict(f"the report is already {current.status} and can no longer be withdrawn")
        # taken back: the salon may report the incident again
        await self.store.release_incidents(report_id)
        if withdrawn.case_id:
            await self.cases.sync_report_status(withdrawn.case_id, withdrawn.id, "withdrawn", principal.actor)
        await self.audit.append(principal.actor, "report.withdrawn", report_id, {"case_id": withdrawn.case_id})
        await self.changes.record([("report", report_id)], now)
        if self.reports_changed is not None:
            await self.reports_changed([report_id])
        return withdrawn


def _check_usable(report: NewReport, prepared: PreparedSubject) -> None:
    """A report must name somebody: a valid email, a phone number that can be read, or a name of at least
    two letters. Anything less links to nobody and only adds noise to a case."""
    email_ok = prepared.email is not None and prepared.email.valid
    phone_ok = prepared.phone is not None and prepared.phone.parsed
    name_ok = report.name is not None and sum(ch.isalpha() for ch in report.name) >= 2
    if email_ok or phone_ok or name_ok:
        return
    problems = []
    if report.email is not None:
        problems.append({"field": "subject.email", "problem": "not a valid email address"})
    if report.phone is not None:
        problems.append({"field": "subject.phone", "problem": "not a phone number that can be read"})
    if report.name is not None:
        problems.append({"field": "subject.name", "problem": "fewer than two letters"})
    raise InvalidRequest("the report names nobody: give a valid email, a readable phone number or a name of at "
                         "least two letters", problems)
