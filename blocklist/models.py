"""Plain values that services return and take; no I/O, no HTTP, no MongoDB."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping

from blocklist.clock import as_utc


class Role(str, enum.Enum):
    MODERATOR = "moderator"
    ADMIN = "admin"


class KeyKind(str, enum.Enum):
    SECRET = "secret"
    PUBLISHABLE = "publishable"


# what a salon key may do; a key carries some of them (SECURITY A1: least privilege, e.g. a booking
# server's key that can look up but never report)
SCOPES = ("report:write", "report:read", "lookup")
DEFAULT_SCOPES = {KeyKind.SECRET: frozenset(SCOPES), KeyKind.PUBLISHABLE: frozenset({"lookup"})}


class Category(str, enum.Enum):
    FAKE_BOOKING = "fake_booking"
    NO_SHOW = "no_show"
    LATE_CANCELLATION = "late_cancellation"
    ABUSIVE = "abusive"


CATEGORY_NAMES = tuple(category.value for category in Category)

# how bad a category is, for a case's "worst category" and the queue's priority
CATEGORY_SEVERITY = {
    Category.FAKE_BOOKING: 4,
    Category.ABUSIVE: 3,
    Category.NO_SHOW: 2,
    Category.LATE_CANCELLATION: 1,
}


class ReportStatus(str, enum.Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    WITHDRAWN = "withdrawn"


class CaseStatus(str, enum.Enum):
    OPEN = "open"
    RESOLVED = "resolved"
    MERGED = "merged"


@dataclass(frozen=True)
class SalonPolicy:
    """Per-salon overrides of the lookup decision; None means the service default."""

    challenge_as_block: bool = False
    multi_salon_threshold: int | None = None
    no_show_window_days: int | None = None


@dataclass(frozen=True)
class Salon:
    id: str
    name: str
    country: str
    origins: tuple[str, ...]
    created_at: datetime
    policy: SalonPolicy = field(default_factory=SalonPolicy)
    confirmed_reports: int = 0
    dismissed_reports: int = 0
    platform_id: str | None = None  # the booking platform that created it and acts for it

    @property
    def trust(self) -> float:
        """0..1, from confirmed vs dismissed history; a new salon starts at 0.5 (neutral)."""
        return (self.confirmed_reports + 1) / (self.confirmed_reports + self.dismissed_reports + 2)

    @property
    def quarantined(self) -> bool:
        """Reports keep being dismissed: new ones wait for a moderator before they count anywhere."""
        return self.dismissed_reports >= 3 and self.trust < 0.3


@dataclass(frozen=True)
class ApiKey:
    prefix: str
    salon_id: str
    kind: KeyKind
    created_at: datetime
    revoked_at: datetime | None = None
    scopes: frozenset[str] = frozenset(SCOPES)


@dataclass(frozen=True)
class Moderator:
    id: str
    username: str
    role: Role
    created_at: datetime
    disabled: bool = False
    mfa: bool = False  # a second factor (TOTP) is set up: the console asks for its code at every login


class SalonRole(str, enum.Enum):
    OWNER = "owner"  # everything staff do, and the salon's keys, origins, webhooks and people
    STAFF = "staff"  # reports, lookups and booking outcomes


@dataclass(frozen=True)
class SalonUser:
    """Someone who works at a salon and logs in to the salon portal (/salon/)."""

    id: str
    salon_id: str
    email: str  # what they log in with
    role: SalonRole
    created_at: datetime
    invited_by: str
    disabled: bool = False
    mfa: bool = False
    active: bool = False  # the invitation was taken up: a password is set
    reports_seen_at: datetime | None = None  # their last visit to their reports ("what changed since")
    language: str | None = None

    @property
    def is_owner(self) -> bool:
        return self.role is SalonRole.OWNER


@dataclass(frozen=True)
class SalonPrincipal:
    """A request authenticated with a salon's API key."""

    salon: Salon
    key_prefix: str
    key_kind: KeyKind
    scopes: frozenset[str] = frozenset(SCOPES)
    via_platform: str | None = None  # a booking platform's key acting for the salon (Blocklist-Salon)
    via_user: str | None = None  # a salon user in the salon portal (no key: key_prefix names the user)

    @property
    def actor(self) -> str:
        # the salon acts; the audit also names the platform or the portal's user that acted for it
        return (f"salon:{self.salon.id}" + (f" via platform:{self.via_platform}" if self.via_platform else "")
                + (f" by salon_user:{self.via_user}" if self.via_user else ""))

    @property
    def limit_subject(self) -> str:
        """Whose rate limits a request counts against: the key's, or one salon's share of a platform key."""
        return self.key_prefix if self.via_platform is None else f"{self.key_prefix}:{self.salon.id}"


@dataclass(frozen=True)
class Platform:
    """A booking platform: software many salons book through, integrated once for all of them."""

    id: str
    name: str
    created_at: datetime


@dataclass(frozen=True)
class PlatformPrincipal:
    """A request authenticated with a platform's key (bl_pf_…), not yet acting for one of its salons."""

    platform: Platform
    key_prefix: str

    @property
    def actor(self) -> str:
        return f"platform:{self.platform.id}"


@dataclass(frozen=True)
class ModeratorPrincipal:
    """A request authenticated as a moderator (token or console session)."""

    moderator: Moderator
    via: str = "token"

    @property
    def actor(self) -> str:
        return f"moderator:{self.moderator.id}"

    @property
    def is_admin(self) -> bool:
        return self.moderator.role is Role.ADMIN


Principal = SalonPrincipal | ModeratorPrincipal | PlatformPrincipal


@dataclass(frozen=True)
class Page:
    """One page of a cursor-paginated list."""

    items: list[Any]
    next_cursor: str | None


@dataclass(frozen=True, kw_only=True)
class Report:
    """A report as a salon sent it, with the canonical forms and keyed hashes that matching works on."""

    id: str
    salon_id: str
    category: str  # fake_booking | no_show | late_cancellation | abusive
    status: str  # pending | confirmed | dismissed | withdrawn
    received_at: datetime
    updated_at: datetime
    subject: Mapping[str, str | None]  # name, email and phone as typed (None once the personal data is removed)
    canonical: Mapping[str, Any] = field(default_factory=dict)  # canonical forms and what was wrong with them
    case_id: str | None = None
    keys: tuple[str, ...] = ()  # keyed hashes of the canonical email and phone
    match_keys: tuple[str, ...] = ()  # keyed hashes of the match index's keys
    incident_keys: tuple[str, ...] = ()  # one per identifier for this salon's booking day (see reports.py)
    booking: Mapping[str, Any] | None = None
    evidence: Mapping[str, Any] | None = None
    region: str | None = None  # the salon's country: where a phone typed without its country code was read
    quarantined: bool = False  # from a salon whose reports keep being dismissed: counts once confirmed
    folded: bool = False  # counted by its case without a summary (see casefile.SUMMARIES_PER_SALON)
    pepper_version: str | None = None
    personal_data_removed_at: datetime | None = None
    unreadable_fields: tuple[str, ...] = ()
    via_platform: str | None = None  # sent by a booking platform acting for the salon

    @property
    def submitted_by(self) -> str:
        """The audit's actor for the report's submission: the salon, and the platform that acted for it."""
        return f"salon:{self.salon_id}" + (f" via platform:{self.via_platform}" if self.via_platform else "")


@dataclass(frozen=True)
class Webhook:
    """An address that is told about a salon's events (services/webhooks.py)."""

    id: str
    salon_id: str | None  # one salon's events; None: every salon of `platform_id`
    url: str
    events: tuple[str, ...]
    secret: str  # whsec_…: signs every delivery (sealed at rest; shown once)
    created_at: datetime
    disabled_at: datetime | None = None  # it kept failing: nothing is sent until it is registered again
    disabled_reason: str | None = None
    platform_id: str | None = None


@dataclass(frozen=True)
class BookingOutcome:
    """What a salon says happened to a booking it looked up: recorded against the lookup's keyed
    identifiers (no raw identifier is needed or kept)."""

    lookup_id: str
    salon_id: str
    keys: tuple[str, ...]
    outcome: str  # attended | no_show | late_cancellation | cancelled_in_time
    booked_at: datetime  # when the lookup was made: the booking's time as far as the service knows
    recorded_at: datetime
    verdict: str  # what the lookup answered


# why a moderator dismissed a case: what the reporting salons are told (API.md, report outcome)
DISMISSAL_REASONS = ("insufficient_evidence", "not_the_same_person", "outside_policy", "duplicate")


@dataclass(frozen=True)
class ReportOutcome:
    """What became of a report once a moderator decided its case, as its salon may know it: never what
    other salons reported, nor identifiers this salon did not type."""

    decision: str  # blocked | challenged | warned | dismissed
    listed: tuple[str, ...]  # which of the identifiers this salon typed are now listed (email, phone)
    scope: str  # global | salon (this salon only) | another_salon
    until: datetime | None
    reason: str | None  # a dismissal's reason (DISMISSAL_REASONS)
    decided_at: datetime
    lifted_at: datetime | None = None  # the listing ended early (lifted after an appeal)


@dataclass(frozen=True)
class SalonReport:
    report: Report
    outcome: ReportOutcome | None


@dataclass(frozen=True)
class ReportSummary:
    """What a case keeps about each of its reports."""

    id: str
    salon_id: str
    category: str
    received_at: datetime
    status: str
    quarantined: bool = False
    # the identifiers this report speaks about (None: a summary written before summaries carried them, or
    # one whose personal data is gone; the case's keys speak for it then)
    keys: tuple[str, ...] | None = None
    name_packed: str | None = None  # the name it gives, in matching form (sealed): which keys are shared


@dataclass(frozen=True)
class Identifier:
    kind: str  # email | phone
    value: str | None  # canonical (None once the personal data is gone, or when it does not open)


@dataclass(frozen=True, kw_only=True)
class IndexedCase:
    """What the in-memory indexes need of a case (the similar-case index, the lookup index's signals)."""

    id: str
    status: str  # open | resolved | merged
    keys: tuple[str, ...] = ()  # keyed hashes of every exact identifier its reports named
    match_keys: tuple[str, ...] = ()
    name_packed: tuple[str | None, ...] = ()  # each name's matching form, packed (matching/index.pack_name)
    reports: tuple[ReportSummary, ...] = ()
    # keys reported with many clearly different names (matching/shared.py): weak evidence in lookups
    shared_keys: tuple[str, ...] = ()
    # when the listing its decision made ends (its expiry, or when the last of its entries was lifted): from
    # then on the no-shows the decision was made on no longer count (a person earns their standing back)
    listing_ends: datetime | None = None
    first_report_at: datetime | None = None  # (the console's open cases by age)


@dataclass(frozen=True, kw_only=True)
class Case(IndexedCase):
    """The reports about one person, from every salon, with what moderators need to decide."""

    version: int  # every write checks and bumps it (optimistic concurrency)
    created_at: datetime
    updated_at: datetime
    first_report_at: datetime
    last_report_at: datetime
    report_count: int = 0  # summaries and the reports counted without one (folded)
    salon_ids: tuple[str, ...] = ()  # salons with reports still in force
    salon_count: int = 0
    identifiers: tuple[Identifier, ...] = ()
    names: tuple[str, ...] = ()  # as matched (Latin); typed_names as the salons typed them
    typed_names: tuple[str, ...] = ()
    categories: Mapping[str, int] = field(default_factory=dict)
    worst_category: str | None = None
    severity: int = 0
    priority: float = 0.0
    similar: tuple[Mapping[str, Any], ...] = ()  # resembling open cases: case_id, score, strength, reasons
    history: tuple[Mapping[str, Any], ...] = ()  # at, actor, action and the action's details
    claimed_by: str | None = None
    claimed_at: Any = None
    claimed_until: float | None = None
    merged_into: str | None = None
    decision: Mapping[str, Any] | None = None
    folded: Mapping[str, int] = field(default_factory=dict)  # per salon: reports counted without a summary
    pepper_version: str | None = None
    unreadable_fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # follows the decision, however the case was made (read, or changed in memory)
        object.__setattr__(self, "listing_ends", listing_ends(self.decision))

    @property
    def similar_count(self) -> int:
        return len(self.similar)


@dataclass(frozen=True, kw_only=True)
class QueuedCase:
    """A case as the queue lists it: what a row of the queue shows, and what take next needs to skip a case
    another moderator holds. Open cases are read from the queue's own small documents (storage/cases.py)."""

    id: str
    status: str
    version: int
    priority: float
    first_report_at: datetime
    last_report_at: datetime
    salon_count: int = 0
    report_count: int = 0
    worst_category: str | None = None
    categories: Mapping[str, int] = field(default_factory=dict)
    identifiers: tuple[Identifier, ...] = ()
    names: tuple[str, ...] = ()
    typed_names: tuple[str, ...] = ()
    similar_count: int = 0
    claimed_by: str | None = None
    claimed_until: float | None = None
    merged_into: str | None = None


def listing_ends(decision: Mapping[str, Any] | None) -> datetime | None:
    """When the listing a decision made stops being in force: its expiry, or when it was lifted."""
    if not decision or decision.get("action") == "dismiss":
        return None
    ends = [as_utc(datetime.fromisoformat(at) if isinstance(at, str) else at)
            for at in (decision.get("expires_at"), decision.get("lifted_at")) if at is not None]
    return min(ends) if ends else None


@dataclass(frozen=True)
class IndexedEntry:
    """What the lookup index needs of a listing (read for every listing when an index is built)."""

    id: str
    key: str  # the listed identifier's keyed hash
    action: str  # block | challenge | warn
    status: str  # active | disputed | lifted
    case_id: str
    salon_id: str | None = None  # None: listed for every salon
    expires_at: datetime | None = None  # None: until lifted
    name_packed: tuple[str, ...] = ()
    match_keys: tuple[str, ...] = ()
    # a moderator found that someone else used this identifier (the owner appealed): lookups ask for a
    # confirmation instead of blocking, until a moderator decides otherwise
    misused: bool = False


@dataclass(frozen=True, kw_only=True)
class Entry(IndexedEntry):
    """One listed identifier (an email or a phone), from a moderator's decision."""

    kind: str  # email | phone
    value: str | None  # the canonical identifier (None when it does not open: see unreadable_fields)
    scope: str  # global | salon:<salon id>
    created_at: datetime
    created_by: str
    note: str | None = None
    names: tuple[str, ...] = ()  # the listed person's names as matched, and as the salons typed them
    typed_names: tuple[str, ...] = ()
    lifted_at: datetime | None = None
    lifted_by: str | None = None
    lift_note: str | None = None
    appeal_upheld_at: datetime | None = None  # a new appeal restricts nothing for a while after this
    misuse_note: str | None = None  # why the moderator marked (or cleared) the identifier as misused
    pepper_version: str | None = None
    keys_version: int = 2  # which version computed match_keys (storage/entries.KEYS_VERSION)
    unreadable_fields: tuple[str, ...] = ()  # personal-data fields that did not open


@dataclass(frozen=True)
class Erased:
    """A record that no longer exists (erased, or deleted at the end of its period)."""

    id: str
    status: str = "erased"


# wrong codes an appeal takes before it is locked
MAX_WRONG_CODES = 5


@dataclass(frozen=True)
class Appeal:
    """A listed person's appeal."""

    id: str
    status: str  # awaiting_verification | received | lifted | upheld
    name: str | None
    message: str | None
    received_at: datetime
    email: str | None = None
    phone: str | None = None
    country: str | None = None  # the region a phone typed without its country code is read in
    reference: str | None = None  # the lookup id of the stopped booking, when the person had one
    keys: tuple[str, ...] = ()  # the person's keyed hashes: a data-subject request finds the appeal by them
    entry_ids: tuple[str, ...] = ()  # the listings it contests
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    note: str | None = None
    pepper_version: str | None = None
    unreadable_fields: tuple[str, ...] = ()
    language: str = "en"  # what the person reads: the code, the status page and the outcome are in it
    never_booked: bool = False  # the person says someone else used their identifier
    # proof of ownership (services/appeals.py): of which identifier, and when
    verify_by: str = "none"  # email | phone | none (nothing could be sent)
    verified_at: datetime | None = None
    phone_e164: str | None = None  # the phone as read, where a code goes by text message
    code_hash: str | None = None  # keyed hash of the one code in force; None once used
    code_expires_at: datetime | None = None
    code_sent_at: datetime | None = None
    codes_sent: int = 0
    wrong_codes: int = 0
    status_token_hash: str | None = None
    revision: int = 0  # counts every write (storage.entries.AppealStore.replace_if)

    @property
    def locked(self) -> bool:
        """Too many wrong codes: every later code is refused (the person files a new appeal)."""
        return self.verified_at is None and self.wrong_codes >= MAX_WRONG_CODES

    @property
    def proved_key(self) -> str | None:
        """The key of the identifier the person proves: `keys` holds the email's first, the phone's last
        (and pepper rotation keeps that order)."""
        if self.verify_by == "none" or not self.keys:
            return None
        return self.keys[0] if self.verify_by == "email" else self.keys[-1]


@dataclass(frozen=True)
class CaseFile:
    """A case with everything a moderator reads beside it."""

    case: Case
    reports: list[Report]  # its summarised reports, in the case's order (any still stored)
    salons: dict[str, Salon]  # the reporting salons, by id
    similar: dict[str, QueuedCase]  # the resembling cases it names, by id (as the queue lists them)
    entries: list[Entry]  # the listings its decisions made
    # (kind, value) of its identifiers that a moderator found misused on any listing: new reports about
    # them may be someone else's doing
    misused: frozenset[tuple[str, str]] = frozenset()
    # why each report is in the case, field by field (matching/explain.py: FieldMatch), by report id
    why: Mapping[str, list[Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportFile:
    """One report, any salon's, with its salon (for moderators)."""

    report: Report
    salon: Salon | None


@dataclass(frozen=True)
class FoundEntry:
    """A listing found by a search: how it matched (exact | near | name, or None for no query), and why it
    is offered (appeal candidates)."""

    entry: Entry
    match: str | None = None
    why: str | None = None


@dataclass(frozen=True)
class AppealFile:
    """An appeal with the listings it covers and the ones that may be the appellant's too."""

    appeal: Appeal
    entries: list[Entry]
    candidates: list[FoundEntry]


def entry_is_active(entry: IndexedEntry, now: datetime) -> bool:
    """In force now: not lifted, and not past its expiry (to the second)."""
    if entry.status not in ("active", "disputed"):
        return False
    return entry.expires_at is None or entry.expires_at > now
