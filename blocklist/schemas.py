"""Request and response models: strict (a string field refuses objects), closed (unknown fields refused).

The same models validate requests and produce /openapi.json.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Annotated, Any, Literal

import orjson
import phonenumbers
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)


class Strict(BaseModel):
    """Base of request bodies: strict types, unknown fields refused."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Answer(BaseModel):
    """Base of response bodies (documentation only; handlers build plain dicts)."""

    model_config = ConfigDict(extra="forbid")


class Query(BaseModel):
    """Base of query strings: values arrive as text, so lax parsing of numbers; unknown names refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ErrorDetail(Answer):
    field: str
    problem: str


class ErrorInfo(Answer):
    code: str = Field(description="invalid_request, unauthorized, forbidden, not_found, conflict, "
                                  "idempotency_key_reused, payload_too_large, rate_limited, unavailable, internal")
    message: str
    details: list[ErrorDetail] = []


class ErrorBody(Answer):
    """The body of every 4xx and 5xx answer."""

    error: ErrorInfo


class Health(Answer):
    status: str


class Readiness(Answer):
    status: str = Field(description="ready, or starting / degraded with the reason in `checks`")
    checks: dict[str, str]


class Me(Answer):
    kind: str = Field(description="salon_key, platform_key or moderator")
    platform_id: str | None = None
    platform_name: str | None = None
    salon_id: str | None = None
    salon_name: str | None = None
    key_kind: str | None = Field(None, description="secret or publishable")
    scopes: list[str] | None = Field(None, description="what this key may do: report:write, report:read, lookup")
    moderator_id: str | None = None
    username: str | None = None
    role: str | None = None


# ----------------------------------------------------------------------------- salon reports

Category = Annotated[Literal["fake_booking", "no_show", "late_cancellation", "abusive"], Field(description=(
    "fake_booking: a booking made with no intention to attend (a slot held, a fake name); no_show: the "
    "customer did not come and did not cancel; late_cancellation: cancelled too late to fill the slot; "
    "abusive: abusive behaviour towards staff"))]
ReportStatusName = Literal["pending", "confirmed", "dismissed", "withdrawn"]


# the Unicode "Cc" category: C0 controls, DEL and C1 controls
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _no_controls(value: str | None) -> str | None:
    """Refuse control characters (newlines, NUL, escape sequences) in single-line fields."""
    if value is not None and _CONTROLS.search(value):
        raise ValueError("must not contain control characters")
    return value


def _not_blank(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise ValueError("must not be blank")
    return value


# the schema says what the validators check (one line, something besides spaces), so generated
# clients and fuzzers agree with the service; the validators give the clearer messages
SINGLE_LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
SingleLine = Annotated[str, AfterValidator(_no_controls), AfterValidator(_not_blank),
                       Field(json_schema_extra={"pattern": SINGLE_LINE_PATTERN})]

# control characters other than line breaks and tabs
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _text_controls(value: str | None) -> str | None:
    """Free text may have lines; it may not carry terminal escapes or NULs to whoever reads it."""
    if value is not None and _TEXT_CONTROLS.search(value):
        raise ValueError("must not contain control characters other than line breaks and tabs")
    return value


TEXT_PATTERN = (r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f]"
                r"[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$")
Text = Annotated[str, AfterValidator(_text_controls), AfterValidator(_not_blank),
                 Field(json_schema_extra={"pattern": TEXT_PATTERN})]


MIN_STORED_YEAR, MAX_STORED_YEAR = 1900, 9000


def _storable(value: datetime) -> datetime:
    """An instant MongoDB and this service can hold: 9999-12-31T23:59:59-14:00 is a valid RFC 3339 time
    that no UTC datetime can represent (it failed every report in a write batch once)."""
    try:
        utc = value.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise ValueError("outside the range of dates this service stores") from None
    if not MIN_STORED_YEAR <= utc.year <= MAX_STORED_YEAR:
        raise ValueError(f"outside the range of dates this service stores ({MIN_STORED_YEAR}–{MAX_STORED_YEAR})")
    return value


# RFC 3339 with a zone, of a year MongoDB and every client clock can hold
Instant = Annotated[AwareDatetime, AfterValidator(_storable)]


SUBJECT_LIMITS = {"name": 200, "email": 320, "phone": 40}  # characters
PHONE_REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)  # the countries whose numbers can be read


def _given(*fields: str):
    """"At least one of these fields" as JSON Schema: one of them present and not null."""
    def extend(schema: dict[str, Any]) -> None:
        schema["anyOf"] = [{"required": [field], "properties": {field: {"type": "string"}}} for field in fields]
    return extend


_one_of_the_fields_given = _given("name", "email", "phone")
_email_or_phone_given = _given("email", "phone")


class Subject(Strict):
    """Who the report is about, as the salon typed it. At least one field is required."""

    model_config = ConfigDict(json_schema_extra=_one_of_the_fields_given)

    name: Annotated[SingleLine, Field(max_length=SUBJECT_LIMITS["name"])] | None = None
    email: Annotated[SingleLine, Field(max_length=SUBJECT_LIMITS["email"])] | None = None
    phone: Annotated[SingleLine, Field(max_length=SUBJECT_LIMITS["phone"])] | None = None
    phone_country: Annotated[str, Field(pattern=r"^[A-Z]{2}$", json_schema_extra={"enum": PHONE_REGIONS}, description=(
        "the customer's country (ISO 3166), when the booking page or the salon knows it: a phone typed "
        "without its country code is read there instead of in the salon's country (06 12345678 with NL)"))] | None = None

    @field_validator("phone_country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        if value is not None and value not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError("not a country whose phone numbers can be read (ISO 3166, upper case: NL, PL, TR)")
        return value

    @model_validator(mode="after")
    def _at_least_one(self) -> "Subject":
        if not (self.name or self.email or self.phone):
            raise ValueError("at least one of name, email or phone is required")
        return self


class Booking(Strict):
    reference: Annotated[SingleLine, Field(max_length=100)] | None = None
    starts_at: Instant | None = Field(None, description="RFC 3339 with a zone. A no-show, a late cancellation or "
                                                        "abuse happened: not in the future; a fake booking may be "
                                                        "reported up to a year ahead of its slot")
    booked_at: Instant | None = Field(None, description="RFC 3339 with a zone; not in the future")
    service: Annotated[SingleLine, Field(max_length=100)] | None = None
    channel: Annotated[SingleLine, Field(max_length=40)] | None = Field(None, description="online, phone, walk-in, …")


class Evidence(Strict):
    contacted: bool | None = None
    reachable: bool | None = None
    first_visit: bool | None = None
    notes: Annotated[str, Field(max_length=4000)] | None = None


class ReportIn(Strict):
    """A salon's report about a customer."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"category": "no_show", "subject": {"name": "Anna Nowak", "email": "anna.nowak@gmail.com",
                                            "phone": "601 234 567"},
         "booking": {"reference": "B-1042", "starts_at": "2026-11-25T15:00:00+01:00", "service": "hair colouring"},
         "evidence": {"contacted": True, "reachable": False}}]})

    category: Category
    subject: Subject
    booking: Booking | None = None
    evidence: Evidence | None = None


class ReportCreated(Answer):
    """No case id: it would tell a salon which identifiers other salons reported together."""

    id: str
    status: ReportStatusName
    received_at: str


class CanonicalForms(Answer):
    email: str | None = None
    email_valid: bool | None = None
    email_problem: str | None = None
    disposable_email: bool | None = None
    phone: str | None = Field(None, description="E.164")
    phone_valid: bool | None = None
    phone_problem: str | None = None
    phone_type: str | None = None
    name: str | None = Field(None, description="transliterated to Latin")


class ReportOutcomeOut(Answer):
    decision: Literal["blocked", "challenged", "warned", "dismissed"]
    listed: list[Literal["email", "phone"]] = Field(description="which of the identifiers this salon typed are "
                                                                "now listed ([] for a dismissal)")
    scope: Literal["global", "salon", "another_salon"] = Field(description="every salon, this salon only, or "
                                                                           "another salon only")
    until: str | None
    reason: Literal["insufficient_evidence", "not_the_same_person", "outside_policy", "duplicate"] | None = Field(
        description="why a moderator dismissed it")
    decided_at: str
    lifted_at: str | None = Field(None, description="the listing ended early (lifted, after an appeal say)")


class ReportOut(Answer):
    id: str
    status: ReportStatusName
    category: Category
    received_at: str
    updated_at: str
    subject: dict[str, str | None]
    canonical: CanonicalForms
    booking: dict[str, str | None] | None = None
    evidence: dict[str, bool | str | None] | None = None
    outcome: ReportOutcomeOut | None = Field(None, description="null until a moderator has decided")


class ReportPage(Answer):
    items: list[ReportOut]
    next_cursor: str | None


# a cursor is the next_cursor of the page before, as it was given: base64url, never made up
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"
CURSOR_TEXT = "the next_cursor of the previous page, as it was given (any other value is a 400)"


class PageQuery(Query):
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = Field(None, max_length=200, pattern=CURSOR_PATTERN, description=CURSOR_TEXT)


class ReportQuery(PageQuery):
    status: ReportStatusName | None = None


# ----------------------------------------------------------------------------- moderators

# a note must say something: more than spaces (and what Python counts as spaces, \x1c-\x1f among them)
Note = Annotated[str, Field(min_length=1, max_length=2000, pattern=r"[^\s\u0000-\u001f\u007f-\u009f]")]
ShortId = Annotated[str, Field(min_length=1, max_length=100)]


class IdentifierIn(Strict):
    kind: Literal["email", "phone"]
    value: Annotated[SingleLine, Field(max_length=320)]


class DecisionIn(Strict):
    """A moderator's decision on a case."""

    action: Literal["block", "challenge", "warn", "dismiss"] = Field(description=(
        "block or challenge lists the identifiers; warn lists nothing: the person is told (by email, where one "
        "is among the identifiers) that further reports lead to a deposit or a block, and secret-key lookups "
        "answer allow with the reason warned; dismiss lists nothing"))
    identifiers: list[IdentifierIn] = Field(default_factory=list, max_length=20,
                                            description="which of the case's identifiers to list (not for dismiss)")
    scope: Annotated[str, Field(max_length=100)] = Field("global", description="global, or salon:<salon id>")
    expires_at: Instant | None = Field(None, description="RFC 3339; none: the default listing period "
                                                               "(12 months unless configured); at most 24 months")
    note: Note
    version: int | None = Field(None, ge=0, description="the case version you decided on; 409 if it changed")
    reason: Literal["insufficient_evidence", "not_the_same_person", "outside_policy", "duplicate"] | None = Field(
        None, description="required to dismiss, and only then: what the reporting salons are told")

    @model_validator(mode="after")
    def _reason_for_a_dismissal(self) -> "DecisionIn":
        if self.action == "dismiss" and self.reason is None:
            raise ValueError("a dismissal needs a reason: insufficient_evidence, not_the_same_person, "
                             "outside_policy or duplicate (the reporting salons are told it)")
        if self.action != "dismiss" and self.reason is not None:
            raise ValueError("only a dismissal takes a reason")
        return self


class MergeIn(Strict):
    other_case_id: ShortId


class SplitIn(Strict):
    report_ids: list[ShortId] = Field(min_length=1, max_length=500)


class LiftIn(Strict):
    note: Note


class AppealIn(Strict):
    """A listed person contests an entry. Give the email or phone that was refused."""

    model_config = ConfigDict(json_schema_extra=_email_or_phone_given)

    name: Annotated[SingleLine, Field(max_length=200)]
    email: Annotated[SingleLine, Field(max_length=320)] | None = None
    phone: Annotated[SingleLine, Field(max_length=40)] | None = None
    country: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$", description="ISO 3166 country of a phone typed "
                                  "without its country code (601 234 567 with PL)")] | None = None
    reference: Annotated[str, Field(pattern=r"^lkp_[0-9a-f]{1,64}$", description="the lookup_id of a stopped "
                                    "booking, if the person has one")] | None = None
    message: Annotated[Text, Field(min_length=1, max_length=4000)]
    never_booked: bool = Field(False, description="the person never made the booking: someone else used their "
                                                  "email or phone (counts once they have proved it is theirs)")
    language: Literal["en", "pl", "nl", "de", "tr", "ru", "he"] = Field(
        "en", description="the language the code, the status and the answer are sent in")

    @model_validator(mode="after")
    def _identifier(self) -> "AppealIn":
        if not (self.email or self.phone):
            raise ValueError("give the email address or phone number that was refused; a name alone identifies nobody")
        return self


class AppealReceived(Answer):
    id: str
    status: Literal["awaiting_verification"]
    verify_by: Literal["email", "phone", "none"] = Field(
        description="where the one-time code went (none: no code could be sent; the appeal reaches moderators "
                    "unverified and restricts nothing)")
    status_token: str = Field(description="shown once: GET /v1/appeals/{id} with Authorization: Bearer <token>")


class AppealCodeIn(Strict):
    code: Annotated[str, Field(pattern=r"^\s*[0-9]{6}\s*$", description="the six digits sent to the email or phone")]


class AppealVerified(Answer):
    status: Literal["received"]


class AppealCodeSent(Answer):
    sent: bool = Field(description="false when the email or text message could not be sent (try again later)")


class AppealStatus(Answer):
    id: str
    status: Literal["awaiting_verification", "received", "lifted", "upheld"]
    verify_by: Literal["email", "phone", "none"]
    verified: bool
    locked: bool = Field(description="too many wrong codes: every later code is refused")
    received_at: str
    resolved_at: str | None
    note: str | None = Field(description="the moderator's answer to the person, once resolved")


class MisuseIn(Strict):
    misused: bool = Field(True, description="true: someone else used the identifier (lookups ask for a "
                                            "confirmation instead of blocking); false: it blocks again")
    note: Note


class LinkEntriesIn(Strict):
    entry_ids: list[ShortId] = Field(min_length=1, max_length=50)


class ResolveIn(Strict):
    outcome: Literal["lifted", "upheld"]
    note: Note


class CaseQuery(Query):
    status: Literal["open", "resolved"] = "open"
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = Field(None, max_length=300, pattern=CURSOR_PATTERN, description=CURSOR_TEXT)


class EntryQuery(Query):
    q: str | None = Field(None, max_length=200, description="an email or phone (any spelling), or a name (fuzzy)")
    kind: Literal["email", "phone"] | None = None
    active: bool | None = None
    scope: str | None = Field(None, max_length=100)
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = Field(None, max_length=300, pattern=CURSOR_PATTERN, description=CURSOR_TEXT)


class AppealQuery(Query):
    status: Literal["open", "awaiting_verification", "received", "lifted", "upheld"] | None = Field(
        None, description="open: awaiting_verification or received (unverified appeals restrict nothing)")
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = Field(None, max_length=300, pattern=CURSOR_PATTERN, description=CURSOR_TEXT)


class AuditQuery(Query):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = Field(None, pattern=r"^[0-9]{1,18}$", description="the next_cursor of the previous page "
                                                                               "(a sequence number to continue below)")
    actor: str | None = Field(None, max_length=120)
    target: str | None = Field(None, max_length=120)


class CaseSummary(Answer):
    model_config = ConfigDict(extra="allow")
    id: str
    status: str
    version: int
    priority: float
    salon_count: int
    report_count: int
    worst_category: str | None


class CasePage(Answer):
    items: list[CaseSummary]
    next_cursor: str | None


class FieldWhy(Answer):
    field: Literal["email", "phone", "name"]
    how: Literal["exact", "canonical", "typo", "other_provider", "foreign_national", "same_last_digits",
                 "similar_name", "different_name", "only_here"] = Field(description=(
        "how the field matches the closest other report of the case: typed the same (exact), the same mailbox "
        "or number written another way (canonical), a mailbox one letter away at the same provider (typo), "
        "the same mailbox name at another provider (other_provider), a number typed the way another country "
        "types it (foreign_national), the same last digits only (same_last_digits), a similar or a different "
        "name (with its score), or nothing like it in the case (only_here)"))
    other: str | None = Field(None, description="the report it matches best")
    score: float | None = Field(None, description="names: how alike, 0..1 (alike from 0.85)")


class CaseIdentifier(Answer):
    kind: Literal["email", "phone"]
    value: str | None
    shared_names: int | None = Field(None, description=(
        "present when salons reported this identifier with this many clearly different names (a salon's "
        "reception number, a family's address): weak evidence about any one of them, and lookups count its "
        "reports for little"))


class CaseReport(Answer):
    model_config = ConfigDict(extra="allow")
    id: str
    why: list[FieldWhy] = Field(description="why the report is in this case, field by field")


class CaseDetail(CaseSummary):
    identifiers: list[CaseIdentifier]
    reports: list[CaseReport]
    salons: list[dict]
    similar: list[dict]
    history: list[dict]
    entries: list[dict]
    decision: dict | None


class ModeratorReport(Answer):
    model_config = ConfigDict(extra="allow")
    id: str
    status: ReportStatusName
    category: Category
    salon_id: str
    case_id: str | None = Field(description="the case the report is in (none while it is being linked)")
    received_at: str


class SplitResult(Answer):
    case: CaseDetail
    new_case: CaseDetail


class Entry(Answer):
    model_config = ConfigDict(extra="allow")
    id: str
    kind: str
    value: str
    action: str
    scope: str
    status: str
    active: bool
    expires_at: str | None


class EntryPage(Answer):
    items: list[Entry]
    next_cursor: str | None


class Appeal(Answer):
    model_config = ConfigDict(extra="allow")
    id: str
    status: str
    entry_ids: list[str]


class AppealPage(Answer):
    items: list[Appeal]
    next_cursor: str | None


class AuditRecord(Answer):
    model_config = ConfigDict(extra="allow")
    seq: int
    at: str
    actor: str
    action: str
    target: str
    hash: str


class AuditPage(Answer):
    items: list[AuditRecord]
    next_cursor: str | None


# ----------------------------------------------------------------------------- admins

class SalonIn(Strict):
    name: Annotated[SingleLine, Field(max_length=200)]
    country: Annotated[str, Field(min_length=2, max_length=2)]
    origins: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list, max_length=20)


class SalonCreated(Answer):
    salon_id: str
    secret_key: str
    publishable_key: str


class KeyIn(Strict):
    kind: Literal["secret", "publishable"]
    # some of the kind's scopes (all of them when left out): a secret key may report and read reports,
    # a publishable one only looks up
    scopes: Annotated[list[Literal["report:write", "report:read", "lookup"]], Field(min_length=1, max_length=3)] | None = None


class KeyCreated(Answer):
    key: str
    scopes: list[str]


class ModeratorIn(Strict):
    username: Annotated[str, Field(min_length=3, max_length=40)]
    role: Literal["moderator", "admin"] = "moderator"
    password: Annotated[str, Field(min_length=12, max_length=256)] | None = None


class ModeratorCreated(Answer):
    moderator_id: str
    token: str


class Done(Answer):
    done: bool = True


# ----------------------------------------------------------------------------- lookup

class LookupBooking(Strict):
    # nothing of a lookup's booking is stored, so any RFC 3339 time is taken: a page whose date picker
    # sent year 85 must not turn a check into a refusal (the widget would then let the booking through)
    starts_at: AwareDatetime | None = None
    service: Annotated[SingleLine, Field(max_length=100)] | None = None
    channel: Annotated[SingleLine, Field(max_length=40)] | None = None


class PlatformSalonIn(Strict):
    name: Annotated[SingleLine, Field(min_length=1, max_length=200)]
    country: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$", description="ISO 3166 alpha-2: where a phone typed "
                                  "without its country code is read")]
    origins: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list, max_length=20,
                                                                 description="the booking pages' origins")


class PlatformSalonCreated(Answer):
    salon_id: str
    publishable_key: str = Field(description="for the salon's booking pages (the platform's key does the rest)")


class PlatformSalon(Answer):
    salon_id: str
    name: str
    country: str
    origins: list[str]
    created_at: str


class PlatformSalonPage(Answer):
    items: list[PlatformSalon]
    next_cursor: str | None


class WebhookIn(Strict):
    url: Annotated[SingleLine, Field(max_length=2000, pattern=r"^https?://[^/?#\s]+",
                                     description="https://… on the public internet (plain http and private "
                                                 "addresses only where BLOCKLIST_WEBHOOK_ALLOW_PRIVATE is set)")]
    events: list[Literal["report.updated"]] = Field(min_length=1, max_length=5)


class WebhookOut(Answer):
    id: str
    url: str
    salon_id: str | None = Field(description="the salon whose events it gets; null: every salon of the platform")
    events: list[str]
    created_at: str
    disabled: bool
    disabled_at: str | None
    disabled_reason: str | None


class WebhookCreated(WebhookOut):
    secret: str = Field(description="whsec_…: verifies Blocklist-Signature; shown here only")


class WebhookPage(Answer):
    items: list[WebhookOut]
    next_cursor: str | None


class WebhookTestSent(Answer):
    event_id: str


class DeliveryOut(Answer):
    id: str
    event_id: str
    type: str
    status: Literal["pending", "sending", "delivered", "failed", "cancelled"]
    attempts: int
    last_status: int | None
    last_error: str | None
    created_at: str
    next_attempt_at: str | None
    delivered_at: str | None


class DeliveryPage(Answer):
    items: list[DeliveryOut]
    next_cursor: str | None


class PageCheckIn(Strict):
    url: Annotated[SingleLine, Field(max_length=2000, description="the booking page's address (https://…)")]


class PageFinding(Answer):
    check: Literal["reachable", "origin", "script", "key", "no_secret_key"]
    ok: bool
    text: str


class PageCheck(Answer):
    url: str
    ok: bool = Field(description="every check passed")
    findings: list[PageFinding]


class OutcomeIn(Strict):
    outcome: Literal["attended", "no_show", "late_cancellation", "cancelled_in_time"] = Field(
        description="no_show and late_cancellation count like an unreviewed report from this salon; attended earns "
                    "the person's standing back; cancelled_in_time counts for nothing")


class OutcomeRecorded(Answer):
    lookup_id: str
    outcome: str


class LookupIn(Strict):
    """Who is booking; the answer never reveals who reported or what is listed."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"subject": {"name": "Anna Nowak", "email": "annanowak@googlemail.com", "phone": "601234567"},
         "booking": {"starts_at": "2026-11-25T15:00:00+01:00", "service": "hair colouring", "channel": "online"}}]})

    subject: Subject
    booking: LookupBooking | None = None


def everyday_subject(raw: bytes) -> tuple[str | None, str | None, str | None] | None:
    """(name, email, phone) of a lookup body in its everyday shape — a subject of strings and nothing
    else — or None for anything else, which LookupIn then reads (and explains what is wrong).

    The same answer as LookupIn for a fifth of its cost on the lookup path; a property test holds
    the two together.
    """
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if type(body) is not dict or len(body) != 1 or type(subject := body.get("subject")) is not dict:
        return None
    values = []
    for name, limit in SUBJECT_LIMITS.items():
        value = subject.get(name)
        if value is not None and (type(value) is not str or len(value) > limit or not value.strip()
                                  or _CONTROLS.search(value)):
            return None
        values.append(value)
    if subject.keys() - SUBJECT_LIMITS.keys() or not any(values):
        return None
    return values[0], values[1], values[2]


class Reason(Answer):
    code: str = Field(description="email_blocked, phone_blocked, email_challenged, phone_challenged, "
                                  "listing_disputed, email_similar_to_blocked, phone_similar_to_blocked, "
                                  "name_similar_to_blocked, reported_by_multiple_salons, repeated_no_shows, "
                                  "disposable_email, invalid_phone, blocked_by_this_salon, warned, identity_misuse_reported, "
                                  "shared_identifier")
    match: str = Field(description="exact; similar (the same mailbox name at another provider); typo (a mailbox "
                                   "one letter from a listed one at the same provider); typo_name_differs (the "
                                   "same, with another person's name: changes no verdict); foreign_national (the "
                                   "number, read as typed in another country, is listed); "
                                   "similar_with_partial_identifier; name_only")


class LookupAnswer(Answer):
    verdict: Literal["allow", "challenge", "block"]
    risk: int = Field(ge=0, le=100, description="0 for a publishable key")
    action: Literal["none", "require_confirmation", "require_deposit"]
    reasons: list[Reason] = Field(description="empty for a publishable key (a browser): only secret keys get reasons")
    lookup_id: str
    help_url: str | None = Field(None, description="with every challenge and block: the page where the customer "
                                                   "learns why the booking was stopped and how to contest it")
    degraded: bool | None = Field(None, description="present (true) when the database is out of reach and the "
                                                    "answer comes from this server's last known state")


class SubjectIn(Strict):
    """The person a data-subject request is about: their email and/or phone (a name alone is refused)."""

    model_config = ConfigDict(json_schema_extra=_email_or_phone_given)

    email: Annotated[SingleLine, Field(max_length=320)] | None = None
    phone: Annotated[SingleLine, Field(max_length=40, description="international form (+48…)")] | None = None


class SubjectActionIn(SubjectIn):
    note: Note


class SubjectExport(Answer):
    model_config = ConfigDict(extra="allow")
    generated_at: str
    listings: list[dict]
    reports: list[dict]
    lookups_that_matched: list[dict]
    appeals: list[dict]


class SubjectErased(Answer):
    tombstone_id: str
    erased: dict[str, int]


class ImportIn(Strict):
    """An existing blocklist to bring in (up to the request size limit; a larger file goes through
    `blocklist admin import FILE`, which streams it)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"format": "csv", "dry_run": True, "source": "salon network list, 2026",
         "content": "email,phone,name,country,expiry\nanna.nowak@gmail.com,601 234 567,Anna Nowak,PL,2027-06-30\n"}]})

    format: Literal["csv", "jsonl"] = Field(description="CSV with a header line (email, phone, name, country, scope, "
                                                       "expiry, note), or JSON Lines with the same fields")
    content: Annotated[str, Field(min_length=1)]
    source: Annotated[SingleLine, Field(max_length=200)] = "an upload through the admin API"
    dry_run: bool = Field(False, description="say what would be added, listed already or refused, and change nothing")


class ImportRefusal(Answer):
    line: int
    field: str
    reason: str


class ImportDone(Answer):
    import_id: str = Field(description="the content's SHA-256: the same content again adds nothing")
    dry_run: bool
    lines: int
    identities: int
    added: int = Field(description="identifiers listed (a dry run: that would be)")
    merged: int = Field(description="identifiers listed already, left as they are")
    refused: int
    resumed_from_line: int
    already_imported: bool
    seconds: float
    identities_per_second: float | None
    refusals: list[ImportRefusal] = Field(description="the first 1,000 refusals, each with its line and reason")


class SubjectRestricted(Answer):
    restricted: int


_ReportText = Annotated[str, Field(max_length=2000)]


def _whole_number(value: Any) -> Any:
    """JSON Schema's integer: 12 and 12.0 are one; "12", true and 12.5 are not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class CspViolation(BaseModel):
    """What a browser says it refused under a Content-Security-Policy (report-uri's format)."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)  # browsers add fields over time

    document_uri: _ReportText | None = Field(None, alias="document-uri")
    violated_directive: _ReportText | None = Field(None, alias="violated-directive")
    effective_directive: _ReportText | None = Field(None, alias="effective-directive")
    blocked_uri: _ReportText | None = Field(None, alias="blocked-uri")
    source_file: _ReportText | None = Field(None, alias="source-file")
    disposition: _ReportText | None = None
    line_number: Annotated[int, Field(ge=0, le=10**9, strict=True), BeforeValidator(_whole_number)] | None = Field(
        None, alias="line-number")


class CspReportIn(BaseModel):
    """A browser's CSP violation report (`Content-Type: application/csp-report`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    csp_report: CspViolation = Field(alias="csp-report")
