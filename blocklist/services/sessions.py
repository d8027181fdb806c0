"""Logging in to pages: passwords with a second factor, back-off on failures, server-side sessions with idle
and absolute timeouts. One piece of code for every kind of person who logs in (the console's moderators,
the salon portal's staff), so both are exactly as strong."""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, Protocol, TypeVar

from blocklist.clock import Clock
from blocklist.errors import RateLimited, Unauthorized
from blocklist.services.audit import AuditLog
from blocklist.services.credentials import Credentials
from blocklist.storage.console import LoginFailureStore, SessionStore

# failed logins are counted in windows of this length; past the limits, logins wait for the next one
FAILURE_WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_USERNAME = 10
MAX_FAILURES_PER_ADDRESS = 50
# a session's last-seen time is written at most this often (not on every page)
TOUCH_EVERY_SECONDS = 30


class Person(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def disabled(self) -> bool: ...

    @property
    def mfa(self) -> bool: ...


P = TypeVar("P", bound=Person)


class Directory(Protocol[P]):
    """Where the people of one kind are found: by what they type to log in, and by id."""

    async def by_login(self, login: str) -> tuple[P, str | None] | None:
        """The person and their password hash."""

    async def by_id(self, person_id: str) -> P | None: ...


@dataclass(frozen=True)
class LoginSession(Generic[P]):
    person: P
    csrf_token: str
    token_digest: str


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class LoginSessions(Generic[P]):
    def __init__(self, kind: str, directory: Directory[P], credentials: Credentials, sessions: SessionStore,
                 failures: LoginFailureStore, audit: AuditLog, clock: Clock, *, idle_minutes: int,
                 absolute_hours: int, audit_event: str) -> None:
        self.kind = kind  # "moderator", "salon_user": names the session's person field and the audit's actor
        self.directory = directory
        self.credentials = credentials
        self.sessions = sessions
        self.failures = failures
        self.audit = audit
        self.clock = clock
        self.idle = timedelta(minutes=idle_minutes)
        self.absolute = timedelta(hours=absolute_hours)
        self.audit_event = audit_event  # "console", "portal": console.login, portal.logout, …

    async def login(self, login: str, password: str, address: str, code: str = "") -> tuple[str, LoginSession[P]]:
        """A new session token for the right password (and, for a person with a second factor, the right
        code); one generic refusal otherwise.

        Failures back off per (login, address) and per address, so whoever guesses is slowed down where
        they guess from. A login guessed at from many addresses is not locked (that would let anyone lock
        anyone out): it then takes the password and the second factor together, so a person with a second
        factor always gets in from an address that did not do the guessing."""
        now = self.clock()
        window = int(now.timestamp() // FAILURE_WINDOW_SECONDS)
        retry = math.ceil((window + 1) * FAILURE_WINDOW_SECONDS - now.timestamp())
        user = login.strip().lower()[:100]
        user_subject, address_subject = f"{self.kind}:{user}", "ip:" + address[:64]
        pair_subject = f"pair:{self.kind}:{user}|{address[:64]}"
        if (await self.failures.count(pair_subject, window) >= MAX_FAILURES_PER_USERNAME
                or await self.failures.count(address_subject, window) >= MAX_FAILURES_PER_ADDRESS):
            raise RateLimited("too many failed logins; wait a few minutes and try again", retry)
        under_attack = await self.failures.count(user_subject, window) >= MAX_FAILURES_PER_USERNAME
        found = await self.directory.by_login(login)
        person = found[0] if found else None
        if not await self.credentials.check_password(person.id if person else "", found[1] if found else None,
                                                     password) or (person is not None and person.disabled):
            person = None
        if person is not None and (person.mfa or under_attack) and not (
                person.mfa and await self.credentials.check_second_factor(person.id, code)):
            person = None
        if person is None:
            expires = datetime.fromtimestamp((window + 1) * FAILURE_WINDOW_SECONDS, now.tzinfo) + timedelta(minutes=1)
            for subject in (user_subject, pair_subject, address_subject):
                await self.failures.add(subject, window, expires)
            raise Unauthorized("wrong username or password")
        token = secrets.token_urlsafe(32)  # 256 bits; only its digest is stored
        csrf_token = secrets.token_urlsafe(32)
        digest = token_digest(token)
        await self.sessions.insert(digest, self.kind, person.id, csrf_token, now, now + self.absolute,
                                   now.timestamp())
        await self.audit.append(f"{self.kind}:{person.id}", f"{self.audit_event}.login", person.id)
        return token, LoginSession(person, csrf_token, digest)

    async def session(self, token: str) -> LoginSession[P] | None:
        """The live session for a cookie's token: None when unknown, of another kind of person, idle too
        long, past its absolute lifetime, or when the person was disabled."""
        if not token or len(token) > 100:
            return None
        digest = token_digest(token)
        doc = await self.sessions.get(digest)
        person_id = doc.get(f"{self.kind}_id") if doc else None
        if doc is None or not isinstance(person_id, str):
            return None
        now = self.clock()
        if now >= doc["expires_at"] or now.timestamp() - float(doc["last_seen"]) > self.idle.total_seconds():
            await self.sessions.delete(digest)
            return None
        person = await self.directory.by_id(person_id)
        if person is None or person.disabled:
            await self.sessions.delete(digest)
            return None
        if now.timestamp() - float(doc["last_seen"]) > TOUCH_EVERY_SECONDS:
            await self.sessions.touch(digest, now.timestamp())
        return LoginSession(person, doc["csrf"], digest)

    async def logout(self, session: LoginSession[P]) -> None:
        await self.sessions.delete(session.token_digest)
        await self.audit.append(f"{self.kind}:{session.person.id}", f"{self.audit_event}.logout", session.person.id)

    async def end_all(self, person_id: str) -> None:
        """Every session of the person ends (disabled, or their password changed)."""
        await self.sessions.delete_for_person(self.kind, person_id)
