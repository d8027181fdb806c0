"""Messages to people outside the service: email through the operator's SMTP server (BLOCKLIST_SMTP_URL)
and text messages through an HTTP SMS gateway (BLOCKLIST_SMS_URL).

The gateway gets `POST <BLOCKLIST_SMS_URL>` with `{"to": "+48601234567", "text": "…"}` as JSON (and
`Authorization: Bearer <BLOCKLIST_SMS_TOKEN>` when one is set); any 2xx means it took the message. Most
gateways (or a ten-line adapter in front of one) speak that.
"""

from __future__ import annotations

import asyncio
import logging
from email.message import EmailMessage
from email.utils import make_msgid

import aiohttp

from blocklist.settings import Settings, smtp_options

log = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 15


class NotSent(Exception):
    """A message did not go; the text says why (never the message itself)."""


class Messenger:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp = smtp_options(settings.smtp_url) if settings.smtp_url else None

    @property
    def can_mail(self) -> bool:
        return self._smtp is not None

    @property
    def can_text(self) -> bool:
        return bool(self.settings.sms_url)

    def email(self, to: str, subject: str, body: str, language: str) -> EmailMessage:
        """A plain-text message from the notices' sender address."""
        message = EmailMessage()
        message["From"] = self.settings.notice_from
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain=self.settings.notice_from.rpartition("@")[2] or None)
        message.set_content(body)
        message["Content-Language"] = language  # (set_content clears Content-*)
        return message

    async def send_email(self, message: EmailMessage) -> None:
        if self._smtp is None:
            raise NotSent("no SMTP server is configured (BLOCKLIST_SMTP_URL)")
        import aiosmtplib
        try:
            await aiosmtplib.send(message, timeout=SEND_TIMEOUT_SECONDS, **self._smtp)  # type: ignore[arg-type]
        except (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError) as exc:
            raise NotSent(type(exc).__name__) from None

    async def send_text(self, to_e164: str, text: str) -> None:
        if not self.settings.sms_url:
            raise NotSent("no SMS gateway is configured (BLOCKLIST_SMS_URL)")
        headers = {"Authorization": f"Bearer {self.settings.sms_token}"} if self.settings.sms_token else {}
        timeout = aiohttp.ClientTimeout(total=SEND_TIMEOUT_SECONDS)
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.post(self.settings.sms_url, json={"to": to_e164, "text": text}, headers=headers,
                                        allow_redirects=False) as response:
                    if not 200 <= response.status < 300:
                        raise NotSent(f"the SMS gateway answered {response.status}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise NotSent(type(exc).__name__) from None
