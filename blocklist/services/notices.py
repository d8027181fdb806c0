"""Notices to people about what the service holds or decided about them, sent by every process from one
queue: the Art. 14 notice (SECURITY P12: a person whose email is listed is told so within a month,
Art. 14(3)(a)), the warning a moderator sends instead of listing, and an appeal's outcome.

A moderator's decision queues one notice per listed email (the notice holds the entry's id, never the
address); resolving an appeal queues one for its appellant. Every process sends what is due through
the operator's SMTP server (BLOCKLIST_SMTP_URL) or, for an appeal proved by phone, the SMS gateway,
claiming each notice first so that two processes never send the same one; a failed send is tried
again later, backing off. Without an SMTP server notices wait, and the admins' dashboard says so:
the service does not quietly skip the duty to inform.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta
from email.message import EmailMessage

from blocklist.clock import Clock
from blocklist.locales import APPEAL_MESSAGES, COUNTRY_LANGUAGE, NOTICE
from blocklist.models import Appeal, Entry, entry_is_active
from blocklist.outbound import Messenger, NotSent
from blocklist.services.audit import AuditLog
from blocklist.settings import Settings
from blocklist.storage.notices import NoticeStore

log = logging.getLogger(__name__)

SEND_EVERY_SECONDS = 60
BATCH = 20
# a notice claimed by a process that then died is sent again after this long
CLAIM_LAPSES_AFTER = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=12)


class NoticeService:
    def __init__(self, store: NoticeStore, audit: AuditLog, messenger: Messenger, settings: Settings,
                 clock: Clock) -> None:
        self.store = store
        self.audit = audit
        self.messenger = messenger
        self.clock = clock
        self.settings = settings

    @property
    def can_send(self) -> bool:
        return self.messenger.can_mail

    async def enqueue(self, entries: list[Entry]) -> None:
        """Queue a notice for every listed email among a decision's new entries (safe to run twice)."""
        now = self.clock()
        await self.store.insert_many([{
            "_id": "ntc_" + entry.id.removeprefix("ent_"), "entry_id": entry.id, "case_id": entry.case_id,
            "status": "queued", "created_at": now, "attempts": 0, "next_attempt_at": now,
            # kept as long as the listing could last, for showing that the person was told
            "expires_at": (entry.expires_at or now) + timedelta(days=31),
        } for entry in entries if entry.kind == "email"])

    async def enqueue_appeal_outcome(self, appeal: Appeal) -> None:
        """Queue the answer to a resolved appeal, for an appellant who can be reached (safe to run twice)."""
        if not (appeal.email or (appeal.verify_by == "phone" and appeal.phone_e164)):
            return  # a phone nobody could send a code to: the status page is where they read it
        now = self.clock()
        await self.store.insert_many([{
            "_id": "ntc_" + appeal.id, "appeal_id": appeal.id, "status": "queued", "created_at": now, "attempts": 0,
            "next_attempt_at": now, "expires_at": now + timedelta(days=31)}])

    async def send_due(self) -> int:
        """Send the notices that are due; returns how many went."""
        now = self.clock()
        sent = 0
        for due in await self.store.due(now, now - CLAIM_LAPSES_AFTER, BATCH):
            if "appeal_id" not in due and not self.messenger.can_mail:
                continue  # Art. 14 notices wait for an SMTP server (the dashboard says so)
            notice = await self.store.claim(due, now)
            if notice is None:
                continue  # another process took it
            try:
                went = await (self._send_appeal_outcome(notice) if "appeal_id" in notice else self._send_notice(notice))
            except NotSent as exc:
                backoff = min(MAX_BACKOFF, timedelta(minutes=5) * 2 ** notice["attempts"])
                await self.store.failed(notice, now + backoff, str(exc))
                log.warning("a notice could not be sent (%s); trying again later", exc,
                            extra={"notice_id": notice["_id"]})
                continue
            if went:
                await self.store.sent(notice, self.clock())
                await self.audit.append("system", "notice.sent", notice.get("entry_id") or notice["appeal_id"],
                                        {"notice_id": notice["_id"]})
                sent += 1
        return sent

    async def _send_notice(self, notice: dict) -> bool:
        """The Art. 14 notice or warning of one listed email; False when it is no longer due."""
        entry, kinds, categories, countries = await self.store.subject_of(notice)
        if entry is None:  # erased meanwhile: nobody left to tell, nothing left to say
            await self.store.delete(notice["_id"])
            return False
        if not entry_is_active(entry, self.clock()):
            # lifted (after an appeal, say) or over before the notice could go: telling the person now
            # that they are listed would be untrue
            await self.store.delete(notice["_id"])
            await self.audit.append("system", "notice.cancelled", notice["entry_id"],
                                    {"notice_id": notice["_id"], "entry_status": entry.status})
            return False
        await self.messenger.send_email(self.render(entry, kinds, categories, countries))
        return True

    async def _send_appeal_outcome(self, notice: dict) -> bool:
        appeal = await self.store.appeal_of(notice)
        if appeal is None or appeal.status not in ("lifted", "upheld"):  # erased meanwhile
            await self.store.delete(notice["_id"])
            return False
        words = APPEAL_MESSAGES[appeal.language]
        status_url = f"{self.settings.public_base}/transparency/appeals/{appeal.id}?lang={appeal.language}"
        if appeal.email:
            body = "\n\n".join(p.format(note=appeal.note or "", url=status_url, controller=self.settings.controller)
                                for p in words[f"{appeal.status}_mail"]) + "\n"
            await self.messenger.send_email(self.messenger.email(appeal.email, words[f"{appeal.status}_subject"],
                                                                 body, appeal.language))
        else:
            await self.messenger.send_text(appeal.phone_e164 or "", words[f"{appeal.status}_text"].format(
                url=status_url))
        return True

    def render(self, entry: Entry, kinds: list[str], categories: list[str],
               countries: list[str] | None = None) -> EmailMessage:
        """The notice: controller and purpose, the data and where it came from, how long it is kept, the
        person's rights and how to contest (Art. 14(1)–(2)) — in the language of the salons that
        reported the person, with the English text below it when that is another language."""
        lang = notice_language(countries or [])
        warned = entry.action == "warn"
        body = self._text(lang, entry, kinds, categories)
        if lang != "en":
            body += "\n\n----\n" + NOTICE[lang]["other_language"] + "\n\n" + self._text("en", entry, kinds, categories)
        return self.messenger.email(entry.value or "", NOTICE[lang]["warning_subject" if warned else "subject"], body,
                                    lang if lang == "en" else f"{lang}, en")

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
