"""Every store of one database, built together (the services' factories take what they need from here)."""

from __future__ import annotations

from dataclasses import dataclass

from blocklist.storage.accounts import AccountStore
from blocklist.storage.audit import AuditStore
from blocklist.storage.cases import CaseStore
from blocklist.storage.changes import ChangeLog
from blocklist.storage.console import LoginFailureStore, NoteStore, SessionStore, StatsStore
from blocklist.storage.database import Collections
from blocklist.storage.entries import AppealStore, EntryStore
from blocklist.storage.idempotency import IdempotencyStore
from blocklist.storage.imports import ImportStore
from blocklist.storage.lookups import AlertStore, LookupLogStore
from blocklist.storage.notices import NoticeStore
from blocklist.storage.outcomes import OutcomeStore
from blocklist.storage.platforms import PlatformStore
from blocklist.storage.ratelimits import RateLimitStore
from blocklist.storage.rekeying import RekeyStore
from blocklist.storage.reports import ReportStore
from blocklist.storage.salon_users import PortalLookupStore, SalonUserStore
from blocklist.storage.snapshots import SnapshotStore
from blocklist.storage.subjects import SubjectStore
from blocklist.storage.webhooks import WebhookStore


@dataclass(frozen=True)
class Stores:
    accounts: AccountStore
    reports: ReportStore
    cases: CaseStore
    entries: EntryStore
    appeals: AppealStore
    notices: NoticeStore
    subjects: SubjectStore
    snapshots: SnapshotStore
    audit: AuditStore
    idempotency: IdempotencyStore
    rate_limits: RateLimitStore
    lookup_log: LookupLogStore
    alerts: AlertStore
    sessions: SessionStore
    login_failures: LoginFailureStore
    notes: NoteStore
    stats: StatsStore
    change_log: ChangeLog
    rekeying: RekeyStore
    outcomes: OutcomeStore
    webhooks: WebhookStore
    platforms: PlatformStore
    salon_users: SalonUserStore
    portal_lookups: PortalLookupStore
    imports: ImportStore

    @classmethod
    def over(cls, collections: Collections) -> Stores:
        return cls(AccountStore(collections), ReportStore(collections), CaseStore(collections),
                   EntryStore(collections), AppealStore(collections), NoticeStore(collections),
                   SubjectStore(collections), SnapshotStore(collections), AuditStore(collections),
                   IdempotencyStore(collections), RateLimitStore(collections), LookupLogStore(collections),
                   AlertStore(collections), SessionStore(collections), LoginFailureStore(collections),
                   NoteStore(collections), StatsStore(collections), ChangeLog(collections), RekeyStore(collections),
                   OutcomeStore(collections), WebhookStore(collections), PlatformStore(collections),
                   SalonUserStore(collections), PortalLookupStore(collections), ImportStore(collections))
