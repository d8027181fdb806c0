"""Passwords, second factors (TOTP, RFC 6238) and recovery codes of the people who log in to pages, over a
storage.accounts.PeopleStore: the console's moderators now, the salon portal's staff next. One piece of code
for both, so both are exactly as strong."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from blocklist.clock import Clock
from blocklist.services.audit import AuditLog
from blocklist.storage.accounts import PeopleStore

PASSWORDS = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
MAX_PASSWORD_LENGTH = 256
TOTP_STEP_SECONDS = 30
RECOVERY_CODES = 10
_RECOVERY_CODE_RE = re.compile(r"^[0-9a-f]{6}[- ]?[0-9a-f]{6}$")


class Credentials:
    def __init__(self, people: PeopleStore, audit: AuditLog, clock: Clock, kind: str) -> None:
        self.people = people
        self.audit = audit
        self.clock = clock
        self.kind = kind  # names the audit's records: "moderator.mfa_enabled", …

    async def check_password(self, person_id: str, stored: str | None, password: str) -> bool:
        """Whether `password` is the person's; as slow for an unknown person (`stored` None) as for a wrong
        password. A hash made with weaker parameters is upgraded on the way."""
        if stored is None or len(password) > MAX_PASSWORD_LENGTH:
            PASSWORDS.hash(password[:MAX_PASSWORD_LENGTH])
            return False
        try:
            PASSWORDS.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
        if PASSWORDS.check_needs_rehash(stored):
            await self.people.set_password_hash(person_id, PASSWORDS.hash(password))
        return True

    async def begin_mfa(self, person_id: str) -> None:
        """A new TOTP secret for the person's authenticator app (see pending_mfa_secret). It is not in
        force until a code from it is confirmed (confirm_mfa): a mistyped setup locks nobody out."""
        await self.people.set_totp_pending(person_id, pyotp.random_base32(), self.clock())

    async def pending_mfa_secret(self, person_id: str) -> str | None:
        """The secret being set up (begin_mfa) and not confirmed yet, if any."""
        pending = (await self.people.totp(person_id))["totp_pending"]
        return pending["secret"] if pending else None

    async def confirm_mfa(self, person_id: str, actor: str, code: str) -> list[str] | None:
        """Put the pending secret in force when `code` comes from it; returns the person's recovery codes
        (shown once), None when the code did not match."""
        pending = (await self.people.totp(person_id))["totp_pending"]
        step = _totp_step(pending["secret"], code, self.clock()) if pending else None
        if step is None:
            return None
        await self.people.enable_totp(person_id, pending["secret"], step)
        await self.audit.append(actor, f"{self.kind}.mfa_enabled", person_id)
        return await self.new_recovery_codes(person_id, actor)

    async def new_recovery_codes(self, person_id: str, actor: str) -> list[str]:
        """Ten one-time codes for logging in without the authenticator app; earlier ones stop working."""
        codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]  # 48 bits each
        await self.people.set_recovery_codes(person_id, [_recovery_digest(c) for c in codes])
        await self.audit.append(actor, f"{self.kind}.recovery_codes_issued", person_id)
        return codes

    async def recovery_codes_left(self, person_id: str) -> int:
        return await self.people.recovery_codes_left(person_id)

    async def check_second_factor(self, person_id: str, code: str) -> bool:
        """Whether `code` is the person's current TOTP code, not used before (each code works once), or one
        of their recovery codes (spent by using it)."""
        if _RECOVERY_CODE_RE.match(code.strip().lower()):
            if not await self.people.use_recovery_code(person_id, _recovery_digest(code)):
                return False
            await self.audit.append(f"{self.kind}:{person_id}", f"{self.kind}.recovery_code_used", person_id)
            return True
        totp = (await self.people.totp(person_id))["totp"]
        step = _totp_step(totp["secret"], code, self.clock()) if totp else None
        return step is not None and await self.people.use_totp_step(person_id, step)

    async def reset_mfa(self, actor: str, person_id: str) -> bool:
        """Remove the person's second factor (a lost phone); False when there is no such person."""
        if not await self.people.clear_totp(person_id):
            return False
        await self.audit.append(actor, f"{self.kind}.mfa_reset", person_id)
        return True


def _recovery_digest(code: str) -> str:
    # 48 random bits, tried only through the login's rate limits: a plain hash is enough
    normalised = code.strip().lower().replace("-", "").replace(" ", "")
    return hashlib.sha256(b"blocklist recovery code:" + normalised.encode()).hexdigest()


def _totp_step(secret: str, code: str, now: datetime) -> int | None:
    """The 30-second time step whose code `code` is — this one or a neighbour, for clocks a little
    apart — or None."""
    code = code.replace(" ", "").strip()
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // TOTP_STEP_SECONDS
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.at(step * TOTP_STEP_SECONDS), code):
            return step
    return None
