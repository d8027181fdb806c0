"""The salon portal's people and what only the portal keeps: invitations (an admin invites a salon's owner,
an owner invites staff), logins through the same LoginSessions and Credentials as the console, and the
portal's own lookups that may still take a booking outcome.

What a salon user does (report, look up, follow reports, record outcomes, keys and origins) goes through the
same services as the API, as a SalonPrincipal that names the user (see `principal`)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email

from blocklist.clock import Clock
from blocklist.errors import Conflict, Forbidden, InvalidRequest, NotFound
from blocklist.locales import COUNTRY_LANGUAGE, PORTAL
from blocklist.models import (
    ApiKey,
    KeyKind,
    Salon,
    SalonPrincipal,
    SalonRole,
    SalonUser,
)
from blocklist.outbound import Messenger, NotSent
from blocklist.services.accounts import (
    AccountService,
    new_id,
    validate_origin,
    validate_password,
)
from blocklist.services.audit import AuditLog
from blocklist.services.credentials import PASSWORDS, Credentials
from blocklist.services.sessions import LoginSessions
from blocklist.storage.accounts import AccountStore
from blocklist.storage.console import LoginFailureStore, SessionStore
from blocklist.storage.salon_users import EmailTaken, PortalLookupStore, SalonUserStore

INVITE_DAYS = 7
# a portal lookup can take its booking's outcome as long as the lookup log keeps it
PORTAL_LOOKUP_DAYS = 30
MAX_ORIGINS = 20


@dataclass(frozen=True)
class Invitation:
    user: SalonUser
    link: str  # shown once to whoever invited (and mailed when an SMTP server is configured)
    mailed: bool


def _digest(token: str) -> str:
    return hashlib.sha256(b"blocklist invite:" + token.encode("utf-8", "surrogatepass")).hexdigest()


def login_email(raw: str) -> str:
    """A salon user's email as they log in with it: checked, lower-cased."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise InvalidRequest("that is not an email address", [{"field": "email", "problem": "invalid"}]) from None


class SalonDirectory:
    """Salon users by login email and id, for LoginSessions."""

    def __init__(self, store: SalonUserStore) -> None:
        self.store = store

    async def by_login(self, login: str) -> tuple[SalonUser, str | None] | None:
        email = login.strip().lower()[:320]
        return await self.store.by_email(email) if email else None

    async def by_id(self, person_id: str) -> SalonUser | None:
        return await self.store.get(person_id)


class PortalService:
    def __init__(self, users: SalonUserStore, portal_lookups: PortalLookupStore, accounts: AccountService,
                 account_store: AccountStore, sessions: SessionStore, failures: LoginFailureStore, audit: AuditLog,
                 messenger: Messenger, clock: Clock, *, public_base: str, idle_minutes: int,
                 absolute_hours: int) -> None:
        self.users = users
        self.portal_lookups = portal_lookups
        self.accounts = accounts
        self.account_store = account_store
        self.audit = audit
        self.messenger = messenger
        self.clock = clock
        self.public_base = public_base.rstrip("/")
        self.credentials = Credentials(users.credentials, audit, clock, "salon_user")
        self.logins: LoginSessions[SalonUser] = LoginSessions(
            "salon_user", SalonDirectory(users), self.credentials, sessions, failures, audit, clock,
            idle_minutes=idle_minutes, absolute_hours=absolute_hours, audit_event="portal")

    # ------------------------------------------------------------------ people

    async def invite(self, actor: str, salon_id: str, email: str, role: str) -> Invitation:
        """An account for someone at a salon, to be taken up through the link within INVITE_DAYS days
        (they choose their password there). Admins invite owners; owners invite staff and owners."""
        if role not in {r.value for r in SalonRole}:
            raise InvalidRequest("role must be owner or staff", [{"field": "role", "problem": "unknown role"}])
        salon = await self.account_store.get_salon(salon_id)
        if salon is None:
            raise NotFound("no such salon")
        user = SalonUser(id=new_id("usr"), salon_id=salon.id, email=login_email(email), role=SalonRole(role),
                         created_at=self.clock(), invited_by=actor)
        token = secrets.token_urlsafe(32)
        try:
            await self.users.insert(user, _digest(token), self.clock() + timedelta(days=INVITE_DAYS))
        except EmailTaken:
            raise Conflict("someone with this email has a salon portal account already") from None
        await self.audit.append(actor, "salon_user.invited", user.id, {"salon_id": salon.id, "role": role})
        return await self._send_invitation(user, salon, token)

    async def invite_again(self, actor: str, salon_id: str, user_id: str) -> Invitation:
        """A new link for someone who has not taken up their invitation (the earlier link stops working)."""
        user = await self.users.get(user_id)
        salon = await self.account_store.get_salon(salon_id)
        if user is None or salon is None or user.salon_id != salon_id:
            raise NotFound("no such person at this salon")
        token = secrets.token_urlsafe(32)
        if not await self.users.renew_invite(user.id, _digest(token), self.clock() + timedelta(days=INVITE_DAYS)):
            raise Conflict("they have set their password already; they log in with it")
        await self.audit.append(actor, "salon_user.invited_again", user.id)
        return await self._send_invitation(user, salon, token)

    async def _send_invitation(self, user: SalonUser, salon: Salon, token: str) -> Invitation:
        link = f"{self.public_base}/salon/invite/{token}"
        mailed = False
        if self.messenger.can_mail:
            language = COUNTRY_LANGUAGE.get(salon.country, "en")  # the salon's language, as its pages' default
            words = PORTAL[language]
            body = words["invite_mail_body"].format(salon=salon.name, days=INVITE_DAYS, link=link)
            try:
                await self.messenger.send_email(self.messenger.email(
                    user.email, words["invite_mail_subject"].format(salon=salon.name), body, language))
                mailed = True
            except NotSent:
                mailed = False
        return Invitation(user, link, mailed)

    async def invited(self, token: str) -> SalonUser | None:
        """Whom a live invitation link is for (None: unknown, taken up, or expired)."""
        if not token or len(token) > 100:
            return None
        return await self.users.by_invite(_digest(token), self.clock())

    async def accept(self, token: str, password: str) -> SalonUser:
        """Take up an invitation: the password is set and the link is spent."""
        validate_password(password)
        user = await self.users.take_invite(_digest(token[:100]), PASSWORDS.hash(password), self.clock())
        if user is None:
            raise NotFound("this invitation link is not valid any more: ask whoever invited you for a new one")
        await self.audit.append(f"salon_user:{user.id}", "salon_user.joined", user.id)
        return user

    async def people(self, salon_id: str) -> list[SalonUser]:
        return await self.users.of_salon(salon_id)

    async def set_disabled(self, owner: SalonUser, user_id: str, disabled: bool) -> None:
        """An owner stops (or restores) someone's access to their salon; their sessions end at once."""
        self.require_owner(owner)
        user = await self.users.get(user_id)
        if user is None or user.salon_id != owner.salon_id:
            raise NotFound("no such person at this salon")
        if user.id == owner.id:
            raise InvalidRequest("you cannot stop your own access", [{"field": "user_id", "problem": "yourself"}])
        await self.users.credentials.set_disabled(user.id, disabled)
        if disabled:
            await self.logins.end_all(user.id)
        await self.audit.append(f"salon_user:{owner.id}", "salon_user.disabled" if disabled
                                else "salon_user.enabled", user.id)

    async def reset_second_factor(self, actor: str, salon_id: str, user_id: str) -> None:
        """An admin (or the salon's owner) removes a lost phone's second factor; they set up a new one."""
        user = await self.users.get(user_id)
        if user is None or user.salon_id != salon_id:
            raise NotFound("no such person at this salon")
        await self.credentials.reset_mfa(actor, user.id)
        await self.logins.end_all(user.id)

    @staticmethod
    def require_owner(user: SalonUser) -> None:
        if not user.is_owner:
            raise Forbidden("only the salon's owners can do this")

    async def salon_of(self, user: SalonUser) -> Salon:
        salon = await self.account_store.get_salon(user.salon_id)
        if salon is None:
            raise NotFound("the salon of this account is gone")
        return salon

    async def principal(self, user: SalonUser) -> SalonPrincipal:
        """The user acting for their salon, as a secret key would (reasons included), counted on their own for
        rate limits and lookup scans, and named in the audit."""
        return SalonPrincipal(salon=await self.salon_of(user), key_prefix=f"portal:{user.id}",
                              key_kind=KeyKind.SECRET, via_user=user.id)

    async def set_language(self, user: SalonUser, language: str) -> None:
        await self.users.set_language(user.id, language)

    async def reports_seen(self, user: SalonUser) -> None:
        """The user looked at their salon's reports now: what changes after this is new at the next visit."""
        await self.users.set_reports_seen(user.id, self.clock())

    # ------------------------------------------------------------------ the salon's integration

    async def set_origins(self, owner: SalonUser, lines: list[str]) -> Salon:
        """The booking pages' origins that may use the salon's publishable keys."""
        self.require_owner(owner)
        origins = sorted({validate_origin(line) for line in lines if line.strip()})
        if len(origins) > MAX_ORIGINS:
            raise InvalidRequest(f"at most {MAX_ORIGINS} origins", [{"field": "origins", "problem": "too many"}])
        salon = await self.accounts.set_origins(owner.salon_id, origins, f"salon_user:{owner.id}")
        return salon

    async def keys(self, salon_id: str) -> list[ApiKey]:
        """The salon's keys (revoked ones too), newest first."""
        return await self.account_store.list_keys(salon_id)

    # ------------------------------------------------------------------ lookups made in the portal

    async def remember_lookup(self, user: SalonUser, answer: dict[str, Any], label: str) -> None:
        """A lookup that matched something, so the salon can say later whether the customer came."""
        if answer["verdict"] == "allow" and not answer.get("reasons"):
            return  # not kept by the lookup log either: nothing an outcome could attach to
        now = self.clock()
        await self.portal_lookups.insert({"_id": answer["lookup_id"], "salon_id": user.salon_id, "user_id": user.id,
                                          "at": now, "verdict": answer["verdict"], "label": label[:200],
                                          "expires_at": now + timedelta(days=PORTAL_LOOKUP_DAYS)})

    async def recent_lookups(self, salon_id: str, limit: int = 20) -> list[dict[str, Any]]:
        return await self.portal_lookups.recent(salon_id, limit)

    async def outcome_recorded(self, salon_id: str, lookup_id: str, outcome: str) -> None:
        await self.portal_lookups.set_outcome(lookup_id, salon_id, outcome)


def is_new(changed_at: datetime | None, seen_at: datetime | None) -> bool:
    """Whether something changed after the user's last look."""
    return changed_at is not None and (seen_at is None or changed_at > seen_at)
