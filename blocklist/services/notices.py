"""Art. 14 notices (SECURITY P12): a person whose email is listed is told so, by email, within a month
(Art. 14(3)(a)).

A moderator's decision queues one notice per listed email (the notice holds the entry's id, never the
address). Every process sends what is due through the operator's SMTP server (BLOCKLIST_SMTP_URL),
claiming each notice first so that two processes never send the same one; a failed send is tried
again later, backing off. Without an SMTP server notices wait, and the admins' dashboard says so:
the service does not quietly skip the duty to inform.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from pymongo.errors import PyMongoError

from blocklist.clock import Clock
from blocklist.services.audit import AuditLog
from blocklist.settings import Settings, smtp_options
from blocklist.storage.notices import NoticeStore

log = logging.getLogger(__name__)

SEND_EVERY_SECONDS = 60
BATCH = 20
# a notice claimed by a process that then died is sent again after this long
CLAIM_LAPSES_AFTER = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=12)

_CATEGORY_NAMES = {"fake_booking": "bookings made with no intention to attend",
                   "no_show": "not attending booked appointments",
                   "late_cancellation": "cancelling appointments at the last minute",
                   "abusive": "abusive behaviour towards staff"}


class NoticeService:
    def __init__(self, store: NoticeStore, audit: AuditLog, settings: Settings, clock: Clock) -> None:
        self.store = store
        self.audit = audit
        self.clock = clock
        self.settings = settings
        self._smtp = smtp_options(settings.smtp_url) if settings.smtp_url else None

    @property
    def can_send(self) -> bool:
        return self._smtp is not None

    async def enqueue(self, entries: list[dict[str, Any]]) -> None:
        """Queue a notice for every listed email among a decision's new entries (safe to run twice)."""
        now = self.clock()
        await self.store.insert_many([{
            "_id": "ntc_" + entry["_id"].removeprefix("ent_"), "entry_id": entry["_id"], "case_id": entry["case_id"],
            "status": "queued", "created_at": now, "attempts": 0, "next_attempt_at": now,
            # kept as long as the listing could last, for showing that the person was told
            "expires_at": (entry.get("expires_at") or now) + timedelta(days=31),
        } for entry in entries if entry["kind"] == "email"])

    async def send_due(self) -> int:
        """Send the notices that are due; returns how many went."""
        if self._smtp is None:
            return 0
        import aiosmtplib
        now = self.clock()
        sent = 0
        for due in await self.store.due(now, now - CLAIM_LAPSES_AFTER, BATCH):
            notice = await self.store.claim(due, now)
            if notice is None:
                continue  # another process took it
            entry, siblings, categories = await self.store.subject_of(notice)
            if entry is None:  # erased meanwhile: nobody left to tell, nothing left to say
                await self.store.delete(notice["_id"])
                continue
            message = self.render(entry, siblings, categories)
            try:
                await aiosmtplib.send(message, timeout=30, **self._smtp)  # type: ignore[arg-type]
            except (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError) as exc:
                backoff = min(MAX_BACKOFF, timedelta(minutes=5) * 2 ** notice["attempts"])
                await self.store.failed(notice, now + backoff, type(exc).__name__)
                log.warning("an Art. 14 notice could not be sent (%s); trying again later", type(exc).__name__,
                            extra={"notice_id": notice["_id"]})
                continue
            await self.store.sent(notice, self.clock())
            await self.audit.append("system", "notice.sent", notice["entry_id"], {"notice_id": notice["_id"]})
            sent += 1
        return sent

    def render(self, entry: dict[str, Any], siblings: list[dict[str, Any]], categories: list[str]) -> EmailMessage:
        """The notice: controller and purpose, the data and where it came from, how long it is kept, the
        person's rights and how to contest (Art. 14(1)–(2))."""
        base = (self.settings.public_url or f"http://{self.settings.host}:{self.settings.port}").rstrip("/")
        data = ["your email address"] + (["your phone number"] if any(s["kind"] == "phone" for s in siblings) else [])
        if entry.get("names"):
            data.append("the name given when booking")
        reasons = ", ".join(_CATEGORY_NAMES.get(c, c) for c in categories) or "repeated problems with bookings"
        until = entry.get("expires_at")
        message = EmailMessage()
        message["From"] = self.settings.notice_from
        message["To"] = entry["value"]
        message["Subject"] = "You have been listed by the Blocklist service for salon bookings"
        message["Message-ID"] = make_msgid(domain=self.settings.notice_from.rpartition("@")[2] or None)
        message.set_content(f"""\
Hello,

we are writing under Article 14 of the GDPR because we hold data about you that we did not collect
from you.

Who we are and why: {self.settings.controller} runs Blocklist, a service that beauty and hair salons
share to protect themselves from fake bookings and repeated no-shows. We process your data for that
legitimate interest (Art. 6(1)(f) GDPR).

What we hold: {", ".join(data)}, and what salons reported: {reasons}.

Where it came from: salons at which bookings were made under these details reported them. A human
moderator reviewed the reports and listed the details; salons that use the service may ask for a
deposit or confirmation, or decline a booking, when these details are used.

How long: the listing ends on {_day(until)} at the latest, and is then deleted.

Your rights: you may ask for a copy of the data we hold about you, have it corrected or erased, have
its use restricted, and object to it; you may also complain to a data-protection supervisory
authority. To contest the listing (it is restricted at once while we review it) or to use any of these
rights, see {base}/transparency

This message was sent once; replies are not read.
""")
        return message

    async def counts(self) -> dict[str, int]:
        return await self.store.counts()

    async def run(self) -> None:
        while True:
            await asyncio.sleep(SEND_EVERY_SECONDS)
            try:
                await self.send_due()
            except PyMongoError:
                pass  # the database is away: the notices wait for the next round


def _day(value: datetime | None) -> str:
    return value.strftime("%d %B %Y") if value else "the end of its listing period"
