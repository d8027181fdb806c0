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
from collections import Counter
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from blocklist.clock import Clock
from blocklist.locales import COUNTRY_LANGUAGE, NOTICE
from blocklist.models import Entry, entry_is_active
from blocklist.services.audit import AuditLog
from blocklist.settings import Settings, smtp_options
from blocklist.storage.notices import NoticeStore

log = logging.getLogger(__name__)

SEND_EVERY_SECONDS = 60
BATCH = 20
# a notice claimed by a process that then died is sent again after this long
CLAIM_LAPSES_AFTER = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=12)


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

    async def enqueue(self, entries: list[Entry]) -> None:
        """Queue a notice for every listed email among a decision's new entries (safe to run twice)."""
        now = self.clock()
        await self.store.insert_many([{
            "_id": "ntc_" + entry.id.removeprefix("ent_"), "entry_id": entry.id, "case_id": entry.case_id,
            "status": "queued", "created_at": now, "attempts": 0, "next_attempt_at": now,
            # kept as long as the listing could last, for showing that the person was told
            "expires_at": (entry.expires_at or now) + timedelta(days=31),
        } for entry in entries if entry.kind == "email"])

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
            entry, kinds, categories, countries = await self.store.subject_of(notice)
            if entry is None:  # erased meanwhile: nobody left to tell, nothing left to say
                await self.store.delete(notice["_id"])
                continue
            if not entry_is_active(entry, now):
                # lifted (after an appeal, say) or over before the notice could go: telling the person now
                # that they are listed would be untrue
                await self.store.delete(notice["_id"])
                await self.audit.append("system", "notice.cancelled", notice["entry_id"],
                                        {"notice_id": notice["_id"], "entry_status": entry.status})
                continue
            message = self.render(entry, kinds, categories, countries)
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

    def render(self, entry: Entry, kinds: list[str], categories: list[str],
               countries: list[str] | None = None) -> EmailMessage:
        """The notice: controller and purpose, the data and where it came from, how long it is kept, the
        person's rights and how to contest (Art. 14(1)–(2)) — in the language of the salons that
        reported the person, with the English text below it when that is another language."""
        lang = notice_language(countries or [])
        message = EmailMessage()
        message["From"] = self.settings.notice_from
        message["To"] = entry.value
        warned = entry.action == "warn"
        message["Subject"] = NOTICE[lang]["warning_subject" if warned else "subject"]
        message["Message-ID"] = make_msgid(domain=self.settings.notice_from.rpartition("@")[2] or None)
        body = self._text(lang, entry, kinds, categories)
        if lang != "en":
            body += "\n\n----\n" + NOTICE[lang]["other_language"] + "\n\n" + self._text("en", entry, kinds, categories)
        message.set_content(body)
        message["Content-Language"] = lang if lang == "en" else f"{lang}, en"  # (set_content clears Content-*)
        return message

    def _text(self, lang: str, entry: Entry, kinds: list[str], categories: list[str]) -> str:
        words = NOTICE[lang]
        base = self.settings.public_base
        data = [words["email"]] + ([words["phone"]] if "phone" in kinds else [])
        if entry.names:
            data.append(words["name"])
        until = entry.expires_at
        fields = {"controller": self.settings.controller, "data": ", ".join(data),
                  "reasons": ", ".join(words.get(c, c) for c in categories) or words["unspecified"],
                  "until": until.strftime(words["date"]) if until else words["end_of_period"],
                  "url": f"{base}/transparency?lang={lang}"}
        paragraphs = list(words["paragraphs"])
        if entry.action == "warn":
            # a warning lists nothing: where the data came from and how long it is kept say so, and the
            # warning itself comes right after the reason for writing
            paragraphs[4], paragraphs[5] = words["warning_source"], words["warning_how_long"]
            paragraphs.insert(2, words["warning"])
        paragraphs = [paragraph.format(**fields) for paragraph in paragraphs]
        # one line per paragraph: mail programs wrap to the reader's screen
        return "\n\n".join(paragraphs) + "\n"

    async def counts(self) -> dict[str, int]:
        return await self.store.counts()


def notice_language(countries: list[str]) -> str:
    """The language most of the reporting salons' countries speak (English when none is known)."""
    spoken = Counter(COUNTRY_LANGUAGE[c] for c in countries if c in COUNTRY_LANGUAGE)
    return spoken.most_common(1)[0][0] if spoken else "en"
