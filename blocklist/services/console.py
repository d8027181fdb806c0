"""What the moderation console needs beyond the moderator API: login sessions with timeouts and
back-off, case claims that lapse, internal notes, and the dashboard's figures."""

from __future__ import annotations

import hashlib
import math
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from blocklist.clock import Clock, isoformat
from blocklist.errors import InvalidRequest, NotFound, RateLimited, Unauthorized
from blocklist.models import ApiKey, Moderator, ModeratorPrincipal, Salon
from blocklist.services.accounts import AccountService, new_id
from blocklist.services.audit import AuditLog
from blocklist.services.moderation import ModerationService
from blocklist.storage.accounts import AccountStore
from blocklist.storage.cases import CaseStore
from blocklist.storage.console import (
    LoginFailureStore,
    NoteStore,
    SessionStore,
    StatsStore,
)

# failed logins are counted in windows of this length; past the limits, logins wait for the next one
FAILURE_WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_USERNAME = 10
MAX_FAILURES_PER_ADDRESS = 50
# a session's last-seen time is written at most this often (not on every page)
TOUCH_EVERY_SECONDS = 30
MAX_NOTE_CHARS = 4000


@dataclass(frozen=True)
class ConsoleSession:
    principal: ModeratorPrincipal
    csrf_token: str
    token_digest: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class ConsoleService:
    def __init__(self, accounts: AccountService, account_store: AccountStore, sessions: SessionStore,
                 failures: LoginFailureStore, notes: NoteStore, stats: StatsStore, cases: CaseStore,
                 moderation: ModerationService, audit: AuditLog, clock: Clock, *, idle_minutes: int,
                 absolute_hours: int, claim_minutes: int) -> None:
        self.accounts = accounts
        self.account_store = account_store
        self.sessions = sessions
        self.failures = failures
        self.notes = notes
        self.stats = stats
        self.cases = cases
        self.moderation = moderation
        self.audit = audit
        self.clock = clock
        self.idle = timedelta(minutes=idle_minutes)
        self.absolute = timedelta(hours=absolute_hours)
        self.claim_for = timedelta(minutes=claim_minutes)

    # ------------------------------------------------------------------ login and sessions

    async def login(self, username: str, password: str, address: str, code: str = "") -> tuple[str, ConsoleSession]:
        """A new session token for the right password (and, for a moderator with a second factor, the
        right code); one generic refusal otherwise.

        Failures back off per (username, address) and per address, so whoever guesses is slowed down
        where they guess from. A username guessed at from many addresses is not locked (that would let
        anyone lock any moderator out): it then takes the password and the second factor together, so a
        moderator with a second factor always gets in from an address that did not do the guessing."""
        now = self.clock()
        window = int(now.timestamp() // FAILURE_WINDOW_SECONDS)
        retry = math.ceil((window + 1) * FAILURE_WINDOW_SECONDS - now.timestamp())
        user = username.strip().lower()[:40]
        user_subject, address_subject = "user:" + user, "ip:" + address[:64]
        pair_subject = f"pair:{user}|{address[:64]}"
        if (await self.failures.count(pair_subject, window) >= MAX_FAILURES_PER_USERNAME
                or await self.failures.count(address_subject, window) >= MAX_FAILURES_PER_ADDRESS):
            raise RateLimited("too many failed logins; wait a few minutes and try again", retry)
        under_attack = await self.failures.count(user_subject, window) >= MAX_FAILURES_PER_USERNAME
        moderator = await self.accounts.check_password(username, password)
        if moderator is not None and (moderator.mfa or under_attack) and not (
                moderator.mfa and await self.accounts.check_second_factor(moderator, code)):
            moderator = None
        if moderator is None:
            expires = datetime.fromtimestamp((window + 1) * FAILURE_WINDOW_SECONDS, now.tzinfo) + timedelta(minutes=1)
            for subject in (user_subject, pair_subject, address_subject):
                await self.failures.add(subject, window, expires)
            raise Unauthorized("wrong username or password")
        token = secrets.token_urlsafe(32)  # 256 bits; only its digest is stored
        csrf_token = secrets.token_urlsafe(32)
        digest = _digest(token)
        await self.sessions.insert(digest, moderator.id, csrf_token, now, now + self.absolute, now.timestamp())
        principal = ModeratorPrincipal(moderator, via="console")
        await self.audit.append(principal.actor, "console.login", moderator.id)
        return token, ConsoleSession(principal, csrf_token, digest)

    async def session(self, token: str) -> ConsoleSession | None:
        """The live session for a cookie's token: None when unknown, idle too long, past its absolute
        lifetime, or when the moderator was disabled."""
        if not token or len(token) > 100:
            return None
        digest = _digest(token)
        doc = await self.sessions.get(digest)
        if doc is None:
            return None
        now = self.clock()
        if now >= doc["expires_at"] or now.timestamp() - float(doc["last_seen"]) > self.idle.total_seconds():
            await self.sessions.delete(digest)
            return None
        moderator = await self.account_store.get_moderator(doc["moderator_id"])
        if moderator is None or moderator.disabled:
            await self.sessions.delete(digest)
            return None
        if now.timestamp() - float(doc["last_seen"]) > TOUCH_EVERY_SECONDS:
            await self.sessions.touch(digest, now.timestamp())
        return ConsoleSession(ModeratorPrincipal(moderator, via="console"), doc["csrf"], digest)

    async def logout(self, session: ConsoleSession) -> None:
        await self.sessions.delete(session.token_digest)
        await self.audit.append(session.principal.actor, "console.logout", session.principal.moderator.id)

    async def set_moderator_disabled(self, actor: ModeratorPrincipal, moderator_id: str, disabled: bool) -> None:
        """Disable (or re-enable) a moderator; disabling ends their sessions and tokens at once."""
        if moderator_id == actor.moderator.id and disabled:
            raise InvalidRequest("you cannot disable yourself", [{"field": "moderator_id", "problem": "yourself"}])
        if not await self.account_store.moderator_credentials.set_disabled(moderator_id, disabled):
            raise NotFound("no such moderator")
        if disabled:
            await self.sessions.delete_for_moderator(moderator_id)
        await self.accounts.moderator_changed(moderator_id)
        await self.audit.append(actor.actor, "moderator.disabled" if disabled else "moderator.enabled", moderator_id)

    # ------------------------------------------------------------------ claims and notes

    async def claim(self, principal: ModeratorPrincipal, case_id: str, renewal: bool = False) -> bool:
        """Claim an open case (a renewal keeps my claim alive on activity, unaudited); False when
        someone else holds a live claim."""
        now = self.clock()
        claimed = await self.cases.claim(case_id, principal.moderator.id, now.timestamp(),
                                         (now + self.claim_for).timestamp())
        if claimed and not renewal:
            await self.audit.append(principal.actor, "case.claimed", case_id)
        return claimed

    async def release(self, principal: ModeratorPrincipal, case_id: str) -> None:
        await self.cases.release(case_id, principal.moderator.id)
        await self.audit.append(principal.actor, "case.released", case_id)

    async def take_next(self, principal: ModeratorPrincipal) -> str | None:
        """The open case with the highest priority that nobody else is working on, now claimed by me."""
        now = self.clock().timestamp()
        cursor = None
        for _ in range(20):  # at most 20 pages of cases claimed by others
            page = await self.moderation.queue("open", 50, cursor)
            for case in page.items:
                holder, until = case.claimed_by, case.claimed_until or 0.0
                if holder and holder != principal.moderator.id and until > now:
                    continue
                if await self.claim(principal, case.id):
                    return case.id
            if not page.next_cursor:
                return None
            cursor = page.next_cursor
        return None

    async def add_note(self, principal: ModeratorPrincipal, case_id: str, text: str) -> None:
        text = text.strip()
        if not text or len(text) > MAX_NOTE_CHARS:
            raise InvalidRequest(f"a note has 1 to {MAX_NOTE_CHARS} characters",
                                 [{"field": "note", "problem": "empty" if not text else "too long"}])
        if await self.cases.get(case_id) is None:
            raise NotFound("no such case")
        await self.notes.insert({"_id": new_id("note"), "case_id": case_id, "by": principal.moderator.username,
                                 "at": self.clock(), "text": text})
        await self.audit.append(principal.actor, "case.note_added", case_id)

    async def notes_of(self, case_id: str) -> list[dict[str, Any]]:
        return [{"by": n["by"], "at": isoformat(n["at"]), "text": n["text"]} for n in await self.notes.for_case(case_id)]

    # ------------------------------------------------------------------ dashboard

    async def waiting_work(self) -> dict[str, int]:
        """Open cases and unresolved appeals (for /metrics)."""
        return await self.stats.waiting_work()

    async def moderators(self) -> list[Moderator]:
        return await self.account_store.list_moderators()

    async def salons(self, limit: int, skip: int = 0) -> list[Salon]:
        """Salons newest first, a page at a time."""
        return await self.account_store.list_salons(limit, skip)

    async def salons_by_id(self, salon_ids: list[str]) -> dict[str, Salon]:
        return await self.account_store.get_salons(salon_ids)

    async def salon_with_keys(self, salon_id: str) -> tuple[Salon, list[ApiKey]] | None:
        """A salon and every key it was issued (revoked ones too), or None."""
        salon = await self.account_store.get_salon(salon_id)
        if salon is None:
            return None
        return salon, await self.account_store.list_keys(salon.id)

    async def dashboard(self, days: int = 14) -> dict[str, Any]:
        """Reports per day by category, lookups per day by verdict, open cases by age, top salons."""
        now = self.clock()
        first_day = (now - timedelta(days=days - 1)).date()
        day_list = [first_day + timedelta(days=i) for i in range(days)]
        since = datetime.combine(first_day, datetime.min.time(), now.tzinfo)
        month_ago = now - timedelta(days=30)
        reports = await self.stats.reports_since(min(since, month_ago))
        by_day_category: Counter = Counter((r["received_at"].date(), r["category"]) for r in reports
                                           if r["received_at"] >= since)
        lookups: Counter = Counter()
        for bucket in await self.stats.matched_lookup_counts_since(since):
            for verdict, count in bucket.get("verdicts", {}).items():
                lookups[(bucket["at"].date(), verdict)] += count
        for record in await self.stats.clean_lookups_since(since):
            lookups[(record["minute"].date(), "allow")] += int(record.get("allow", 0))
        ages: Counter = Counter()
        for case in await self.stats.open_case_ages():
            age = (now - case["first_report_at"]).total_seconds() / 86400
            ages[next(label for label, limit in AGE_BUCKETS if age < limit)] += 1
        per_salon = Counter(r["salon_id"] for r in reports if r["received_at"] >= month_ago)
        top = per_salon.most_common(10)
        salons = await self.account_store.get_salons([salon_id for salon_id, _ in top])
        alerts = await self.stats.alerts_since(now - timedelta(days=7))
        alert_salons = await self.account_store.get_salons(sorted({a["salon_id"] for a in alerts if a.get("salon_id")}))
        return {
            "alerts": [{"at": isoformat(a["at"]), "kind": a["kind"], "key_prefix": a.get("key_prefix"),
                        "key_kind": a.get("key_kind"), "distinct": a.get("distinct"), "detail": a.get("detail"),
                        "salon": alert_salons[a["salon_id"]].name if a.get("salon_id") in alert_salons
                        else a.get("salon_id"), "salon_id": a.get("salon_id")} for a in alerts],
            "days": [d.isoformat() for d in day_list],
            "reports": {category: [by_day_category[(d, category)] for d in day_list] for category in CATEGORIES},
            "lookups": {verdict: [lookups[(d, verdict)] for d in day_list] for verdict in VERDICTS},
            "open_case_ages": [(label, ages[label]) for label, _ in AGE_BUCKETS],
            "top_salons": [{"id": salon_id, "name": salons[salon_id].name if salon_id in salons else salon_id,
                            "reports": count, "trust": round(salons[salon_id].trust, 2) if salon_id in salons else None}
                           for salon_id, count in top],
        }


CATEGORIES = ("fake_booking", "no_show", "late_cancellation", "abusive")
VERDICTS = ("allow", "challenge", "block")
AGE_BUCKETS = (("< 1 day", 1), ("1–3 days", 3), ("3–7 days", 7), ("1–4 weeks", 28), ("older", math.inf))
