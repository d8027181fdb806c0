"""A listed person's appeal, from the form to the answer, and the moderators' side of it.

Nothing changes for an appeal until the person proves the identifier is theirs: a one-time code goes
to the email they gave (or by text message to the phone, where an SMS gateway is configured), and
only once they type it back are the listings of *that* identifier restricted (`challenge` at most
until a moderator resolves it). Anyone could otherwise lower anyone's block by typing their address.
An unverified appeal still reaches the moderators, marked as such, and restricts nothing.

Codes are six digits, live CODE_LIFETIME, are single-use, and are stored only as keyed hashes; after
MAX_WRONG_CODES wrong ones the appeal is locked. The person follows the appeal with a status token
(shown once, stored as a hash) and is told the outcome by email or text message.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from blocklist.clock import Clock
from blocklist.credentials import Pseudonymiser
from blocklist.errors import Conflict, InvalidRequest, NotFound, RateLimited, Unauthorized
from blocklist.locales import APPEAL_MESSAGES
from blocklist.matching import canonical_email, canonical_phone
from blocklist.outbound import Messenger, NotSent
from blocklist.models import MAX_WRONG_CODES, Appeal, AppealFile, FoundEntry, ModeratorPrincipal, Page
from blocklist.services.accounts import new_id, validate_country
from blocklist.services.audit import AuditLog
from blocklist.services.moderation import ModerationService
from blocklist.services.notices import NoticeService
from blocklist.services.ratelimit import Limit, RateLimiter
from blocklist.services.reports import decode_cursor, next_page
from blocklist.settings import Settings
from blocklist.storage.entries import AppealStore, EntryStore

log = logging.getLogger(__name__)

CODE_LIFETIME = timedelta(minutes=15)
# codes one appeal may be sent (the first and two more), at least RESEND_AFTER apart
MAX_CODES = 3
RESEND_AFTER = timedelta(seconds=60)
OPEN = ("awaiting_verification", "received")
# codes one email or phone may be sent in a day, across every appeal and address
CODES_PER_IDENTIFIER = Limit("appeal_codes_per_identifier", 5, 86400, shared=True)


@dataclass(frozen=True)
class Filed:
    """What the person is told when their appeal is in: the token is shown here once, never again."""

    appeal: Appeal
    status_token: str
    code_sent: bool


def _token_hash(token: str) -> str:
    # the token is 192 random bits: a plain hash is enough to make a stolen database useless for it
    return hashlib.sha256(token.encode()).hexdigest()


class AppealService:
    def __init__(self, moderation: ModerationService, appeals: AppealStore, entries: EntryStore, audit: AuditLog,
                 messenger: Messenger, notices: NoticeService, pseudonymiser: Pseudonymiser, settings: Settings,
                 clock: Clock, codes_limiter: RateLimiter | None = None) -> None:
        # codes sent to one email or phone, whoever asks: appeals from many addresses must not flood a mailbox
        self.codes_limiter = codes_limiter
        self.moderation = moderation
        self.appeals = appeals
        self.entries = entries
        self.audit = audit
        self.messenger = messenger
        self.notices = notices
        self.pseudonymiser = pseudonymiser
        self.settings = settings
        self.clock = clock

    # ------------------------------------------------------------------ the person's side

    async def submit(self, name: str, email: str | None, phone: str | None, message: str,
                     country: str | None = None, reference: str | None = None, language: str = "en",
                     never_booked: bool = False) -> Filed:
        """Take an appeal in (awaiting verification) and send the code to the identifier it will prove.

        An identifier that cannot be read is refused (a 400 saying how to write it) rather than kept: an
        appeal that matches nothing restricts nothing, and the person would never know why."""
        now = self.clock()
        region = validate_country(country) if country else None
        email_key = phone_key = phone_e164 = None
        if email:
            canonical = canonical_email(email)
            if not canonical.canonical:
                raise InvalidRequest("this email address cannot be read; check it and send it again",
                                     [{"field": "email", "problem": canonical.problem or "not an email address"}])
            email_key = self.pseudonymiser.key("email", canonical.canonical)
        if phone:
            read = canonical_phone(phone, region)
            if not read.e164:
                raise InvalidRequest(
                    "this phone number cannot be read: write it with its country code (+48 601 234 567) or say "
                    "which country it is from", [{"field": "phone", "problem": "unreadable without its country code"
                                                  if region is None else f"not a valid number in {region}"}])
            phone_e164 = read.e164
            phone_key = self.pseudonymiser.key("phone", phone_e164)
        listed = {key: [e.id for e in await self.entries.by_key(key) if e.status != "lifted"]
                  for key in (email_key, phone_key) if key}
        verify_by = self._verify_by(email_key, phone_key, listed)
        self._count_code(email_key if verify_by == "email" else phone_key if verify_by == "phone" else None)
        token = secrets.token_urlsafe(24)
        appeal = Appeal(id=new_id("apl"), status="awaiting_verification", name=name, email=email, phone=phone,
                        message=message, keys=tuple(listed), pepper_version=self.pseudonymiser.version,
                        entry_ids=tuple(sorted({e for ids in listed.values() for e in ids})), received_at=now,
                        country=region, reference=reference, language=language, never_booked=never_booked,
                        verify_by=verify_by, status_token_hash=_token_hash(token), phone_e164=phone_e164)
        appeal, code = self._with_new_code(appeal, now)
        await self.appeals.insert(appeal)
        await self.audit.append("public", "appeal.received", appeal.id,
                                {"entries": list(appeal.entry_ids), "verify_by": verify_by})
        sent = await self._send_code(appeal, code, token) if code else False
        return Filed(appeal, token, sent)

    def _verify_by(self, email_key: str | None, phone_key: str | None, listed: dict[str, list[str]]) -> str:
        """The identifier the person proves: the email, by mail; the phone, by text message, where a gateway
        is configured and the phone is what is listed (proving an unlisted email would restrict nothing)."""
        by_text = phone_key is not None and self.messenger.can_text
        if by_text and (email_key is None or (listed.get(phone_key) and not listed.get(email_key))):  # type: ignore[arg-type]
            return "phone"
        if email_key is not None and self.messenger.can_mail:
            return "email"
        return "none"

    def _count_code(self, key: str | None) -> None:
        if key is not None and self.codes_limiter is not None:
            try:
                self.codes_limiter.hit(CODES_PER_IDENTIFIER, key)
            except RateLimited as exc:
                raise RateLimited("too many codes were sent to this email or phone today; try again tomorrow",
                                  exc.retry_after) from None

    def _code_hash(self, appeal_id: str, code: str) -> str:
        return self.pseudonymiser.key("appeal_code", f"{appeal_id}:{code}")

    def _with_new_code(self, appeal: Appeal, now: datetime) -> tuple[Appeal, str | None]:
        if appeal.verify_by == "none":
            return appeal, None
        code = f"{secrets.randbelow(1_000_000):06d}"
        return replace(appeal, code_hash=self._code_hash(appeal.id, code), code_expires_at=now + CODE_LIFETIME,
                       codes_sent=appeal.codes_sent + 1, code_sent_at=now), code

    async def _send_code(self, appeal: Appeal, code: str, token: str) -> bool:
        words = APPEAL_MESSAGES[appeal.language]
        minutes = int(CODE_LIFETIME.total_seconds() // 60)
        link = f"{self.settings.public_base}/transparency/appeals/{appeal.id}?lang={appeal.language}&token={token}"
        try:
            if appeal.verify_by == "phone":
                await self.messenger.send_text(appeal.phone_e164 or "", words["code_text"].format(code=code,
                                                                                                  minutes=minutes))
            else:
                body = "\n\n".join(p.format(code=code, minutes=minutes, url=link, controller=self.settings.controller)
                                   for p in words["code_mail"]) + "\n"
                await self.messenger.send_email(self.messenger.email(appeal.email or "", words["code_subject"], body,
                                                                     appeal.language))
        except NotSent as exc:
            # the appeal is kept: the person asks for the code again from its page
            log.warning("an appeal's code could not be sent (%s)", exc, extra={"appeal_id": appeal.id})
            await self.audit.append("system", "appeal.code_not_sent", appeal.id, {"by": appeal.verify_by})
            return False
        return True

    async def followed(self, appeal_id: str, token: str) -> Appeal:
        """The appeal whose status token this is; anything else (no such appeal, another token) is a 401,
        so the answer says nothing about which appeals exist."""
        appeal = await self.appeals.get(appeal_id) if appeal_id.startswith("apl_") and len(appeal_id) <= 80 else None
        if appeal is None or not appeal.status_token_hash or not token or not hmac.compare_digest(
                appeal.status_token_hash, _token_hash(token)):
            raise Unauthorized("give the status token you got with the appeal (Authorization: Bearer <token>)")
        return appeal

    async def verify(self, appeal_id: str, code: str) -> Appeal:
        """The person types the code back: the appeal is received, and the listings of the identifier
        they proved are restricted while it is open."""
        # each lost race is another request's counted code: after MAX_WRONG_CODES of them the appeal is
        # locked, so this many tries always reach an answer
        for _ in range(MAX_WRONG_CODES + 2):
            appeal = await self.appeals.get(appeal_id)
            if appeal is None:
                raise NotFound("no such appeal")
            now = self.clock()
            if appeal.verified_at is not None:
                raise Conflict("this appeal is verified already")
            if appeal.status != "awaiting_verification" or appeal.code_hash is None:
                raise Conflict("this appeal has no code to verify (it was resolved, or no code could be sent)")
            if appeal.locked:
                raise InvalidRequest("this appeal is locked after too many wrong codes; file a new appeal",
                                     [{"field": "code", "problem": "locked"}])
            if appeal.code_expires_at is None or appeal.code_expires_at <= now:
                raise InvalidRequest("this code has expired; ask for a new one",
                                     [{"field": "code", "problem": "expired"}])
            if not hmac.compare_digest(appeal.code_hash, self._code_hash(appeal.id, code.strip())):
                wrong = replace(appeal, wrong_codes=appeal.wrong_codes + 1)
                if not await self.appeals.replace_if(wrong, appeal):
                    continue  # another attempt counted meanwhile: count this one on top of it
                await self.audit.append("public", "appeal.wrong_code", appeal.id, {"wrong_codes": wrong.wrong_codes})
                left = MAX_WRONG_CODES - wrong.wrong_codes
                raise InvalidRequest("that code is not right" + (f"; {left} tries left" if left else
                                                                 "; the appeal is now locked"),
                                     [{"field": "code", "problem": "wrong" if left else "locked"}])
            entry_ids = [e.id for e in await self.entries.by_key(appeal.proved_key or "") if e.status != "lifted"]
            verified = replace(appeal, status="received", verified_at=now, code_hash=None,
                               entry_ids=tuple(sorted(set(appeal.entry_ids) | set(entry_ids))))
            if not await self.appeals.replace_if(verified, appeal):
                continue
            await self.audit.append("public", "appeal.verified", appeal.id,
                                    {"by": appeal.verify_by, "entries": entry_ids, "never_booked": appeal.never_booked})
            # only what the person proved is theirs is restricted: never more than a challenge, until resolved
            await self.moderation.set_disputed("public", entry_ids, True, f"appeal {appeal.id}")
            return verified
        raise Conflict("the appeal kept changing; try again")

    async def send_new_code(self, appeal_id: str, token: str) -> bool:
        """Another code, for a person whose code expired or never came (MAX_CODES in all, RESEND_AFTER apart);
        wrong tries are not forgiven by it."""
        appeal = await self.followed(appeal_id, token)
        now = self.clock()
        if appeal.status != "awaiting_verification" or appeal.verify_by == "none":
            raise Conflict("this appeal needs no code")
        if appeal.locked:
            raise InvalidRequest("this appeal is locked after too many wrong codes; file a new appeal",
                                 [{"field": "code", "problem": "locked"}])
        if appeal.codes_sent >= MAX_CODES:
            raise InvalidRequest(f"{MAX_CODES} codes were sent already; file a new appeal",
                                 [{"field": "code", "problem": "too many codes"}])
        if appeal.code_sent_at is not None and now - appeal.code_sent_at < RESEND_AFTER:
            raise InvalidRequest("a code was sent less than a minute ago; wait for it",
                                 [{"field": "code", "problem": "too soon"}])
        self._count_code(appeal.proved_key)
        renewed, code = self._with_new_code(appeal, now)
        if code is None or not await self.appeals.replace_if(renewed, appeal):
            raise Conflict("the appeal changed meanwhile; try again")
        return await self._send_code(renewed, code, token)

    # ------------------------------------------------------------------ the moderators' side

    async def exists(self, appeal_id: str) -> bool:
        return await self.appeals.get(appeal_id) is not None

    async def page(self, status: str | None, limit: int, cursor: str | None) -> Page:
        after = decode_cursor(cursor, (datetime, str)) if cursor else None
        appeals, next_cursor = next_page(await self.appeals.page(status, limit + 1, after),  # type: ignore[arg-type]
                                         limit, lambda a: (a.received_at, a.id))
        return Page(appeals, next_cursor)

    async def file(self, appeal_id: str) -> AppealFile:
        appeal = await self.appeals.get(appeal_id)
        if appeal is None:
            raise NotFound("no such appeal")
        entries = await self.entries.get_many(list(appeal.entry_ids))
        return AppealFile(appeal, entries, await self._candidates(appeal, set(appeal.entry_ids)))

    async def _candidates(self, appeal: Appeal, linked: set[str]) -> list[FoundEntry]:
        """Listings that may be the appellant's though the appeal does not name them exactly: their phone
        read as typed in each salon country (older appeals were read without one), and similar names.
        Each says why it is a candidate; the moderator decides."""
        candidates: dict[str, FoundEntry] = {}
        if appeal.phone:
            for entry, e164 in await self.moderation.entries_of_phone(appeal.phone, appeal.country):
                if entry.id not in linked:
                    candidates.setdefault(entry.id, FoundEntry(entry, why=f"phone read as {e164}"))
        if appeal.name:
            similar = await self.moderation.search_entries(appeal.name, None, True, None, 5, None)
            for found in similar.items:
                if found.entry.id not in linked:
                    candidates.setdefault(found.entry.id, replace(found, why="similar name"))
        return list(candidates.values())[:10]

    async def link(self, moderator: ModeratorPrincipal, appeal_id: str, entry_ids: list[str]) -> AppealFile:
        """A moderator recognises listings as the appellant's: the appeal covers them from now on (lifted
        with it; restricted while it is open, once the person has proved who they are)."""
        appeal = await self.appeals.get(appeal_id)
        if appeal is None:
            raise NotFound("no such appeal")
        if appeal.status not in OPEN:
            raise Conflict(f"the appeal is already {appeal.status}")
        found = {e.id for e in await self.entries.get_many(entry_ids)}
        unknown = [e for e in entry_ids if e not in found]
        if unknown or not entry_ids:
            raise InvalidRequest("entry_ids must be listings", [{"field": "entry_ids", "problem": f"no such entry: "
                                                                 f"{', '.join(unknown[:5])}" if unknown else "empty"}])
        new = sorted(found - set(appeal.entry_ids))
        if not await self.appeals.replace_if(replace(appeal, entry_ids=tuple(sorted(set(appeal.entry_ids) | found))),
                                             appeal):
            raise Conflict("the appeal changed meanwhile; try again")
        await self.audit.append(moderator.actor, "appeal.linked", appeal_id, {"entries": new})
        if appeal.verified_at is not None:
            await self.moderation.set_disputed(moderator.actor, new, True, f"appeal {appeal_id}")
        return await self.file(appeal_id)

    async def resolve(self, moderator: ModeratorPrincipal, appeal_id: str, outcome: str, note: str) -> AppealFile:
        """`lifted` lifts every linked entry; `upheld` keeps them. Either way with a note, which is the
        moderator's answer to the person: they are told it by email (or text message)."""
        if not note.strip():
            raise InvalidRequest("a note is required", [{"field": "note", "problem": "empty"}])
        now = self.clock()
        appeal = await self.appeals.get(appeal_id)
        if appeal is None:
            raise NotFound("no such appeal")
        if appeal.status not in OPEN:
            raise Conflict(f"the appeal is already {appeal.status}")
        resolved = replace(appeal, status=outcome, resolved_at=now, resolved_by=moderator.moderator.id, note=note,
                           code_hash=None)
        if not await self.appeals.replace_if(resolved, appeal):
            raise Conflict("the appeal changed meanwhile; try again")
        entry_ids = list(resolved.entry_ids)
        if outcome == "lifted":
            for entry_id in entry_ids:
                await self.moderation.lift(moderator.actor, entry_id, f"appeal {appeal_id}: {note}")
        else:
            await self.moderation.set_disputed(moderator.actor, entry_ids, False, f"appeal {appeal_id} upheld",
                                               upheld=True)
        await self.audit.append(moderator.actor, f"appeal.{outcome}", appeal_id, {"entries": entry_ids})
        await self.notices.enqueue_appeal_outcome(resolved)
        return await self.file(appeal_id)
