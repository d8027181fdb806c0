"""Requests that leave the service: email through the operator's SMTP server (BLOCKLIST_SMTP_URL), text
messages through an HTTP SMS gateway (BLOCKLIST_SMS_URL), and requests to addresses users typed (a
salon's booking page to check; webhooks), guarded against server-side request forgery (fetch_public).

The gateway gets `POST <BLOCKLIST_SMS_URL>` with `{"to": "+48601234567", "text": "…"}` as JSON (and
`Authorization: Bearer <BLOCKLIST_SMS_TOKEN>` when one is set); any 2xx means it took the message. Most
gateways (or a ten-line adapter in front of one) speak that.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

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


# ---------------------------------------------------------------- requests to addresses users typed

# what a page check or a webhook may read of an answer, and how long it may take
MAX_BODY_BYTES = 512 * 1024
FETCH_TIMEOUT_SECONDS = 10.0


class Refused(Exception):
    """An address the service will not send a request to, or a request that did not get an answer;
    the text says why in words a salon owner can act on."""


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    content_type: str
    location: str | None  # where a redirect pointed (never followed)
    body: bytes
    truncated: bool  # the answer was longer than the limit


def vetted_addresses(host: str, infos: list[tuple]) -> list[str]:
    """The addresses `host` resolved to, if every one of them is on the public internet; Refused when
    any is loopback, private, link-local, shared, multicast or reserved (an IPv4 address written as
    IPv6 is judged as the IPv4 address it is)."""
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        judged = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped else address
        if not judged.is_global or judged.is_multicast:
            raise Refused(f"{host} is not on the public internet ({judged}): requests to loopback, private, "
                          "link-local or reserved addresses are not sent")
        addresses.append(str(address))
    if not addresses:
        raise Refused(f"{host} does not resolve to any address")
    return addresses


class _PinnedResolver(AbstractResolver):
    """Answers the one host with the addresses already vetted: no second lookup can be steered elsewhere
    (DNS rebinding)."""

    def __init__(self, host: str, infos: list[tuple]) -> None:
        self.host = host
        self.infos = infos

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[ResolveResult]:
        if host != self.host:
            raise OSError(f"unexpected host {host}")
        return [ResolveResult(hostname=host, host=info[4][0], port=port, family=info[0], proto=0,
                              flags=socket.AI_NUMERICHOST) for info in self.infos]

    async def close(self) -> None:
        return None


async def resolve_public(url: str, *, allow_private: bool = False) -> tuple[str, list[tuple]]:
    """The host of an address a user typed and what it resolves to, when a request may go there (see
    fetch_public); Refused, saying why, when not. Registering a webhook asks this before storing it."""
    parts = urlsplit(url)
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise Refused("the address must start with https://")
    if not parts.hostname or parts.username or parts.password:
        raise Refused("the address must name a host, without a user name or password in it")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused("the address has a port that is not a number") from None
    host = parts.hostname
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Refused(f"{host} does not resolve (check the spelling)") from None
    if not allow_private:
        vetted_addresses(host, infos)
    return host, infos


async def fetch_public(url: str, *, allow_private: bool = False, max_bytes: int = MAX_BODY_BYTES,
                       timeout: float = FETCH_TIMEOUT_SECONDS, method: str = "GET", body: bytes | None = None,
                       headers: dict[str, str] | None = None) -> Fetched:
    """One request to an address a user typed (a booking page to check, a webhook): https only, to public
    addresses only (checked after resolving, and the connection pinned to what was checked), no
    redirects followed, at most `max_bytes` of answer and `timeout` seconds. `allow_private` (development
    and tests: BLOCKLIST_WEBHOOK_ALLOW_PRIVATE) lets plain http and private addresses through."""
    host, infos = await resolve_public(url, allow_private=allow_private)
    connector = aiohttp.TCPConnector(resolver=_PinnedResolver(host, infos), use_dns_cache=False, force_close=True)
    try:
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout)) as session:
            async with session.request(method, url, data=body, allow_redirects=False, headers={
                    "User-Agent": "Blocklist (+https://github.com/blocklist)", **(headers or {})}) as response:
                chunks, size = [], 0
                async for chunk in response.content.iter_chunked(64 * 1024):
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > max_bytes:
                        break
                data = b"".join(chunks)
                return Fetched(url=url, status=response.status, content_type=response.content_type,
                               location=response.headers.get("Location"), body=data[:max_bytes],
                               truncated=size > max_bytes)
    except asyncio.TimeoutError:
        raise Refused(f"{host} did not answer within {timeout:g} seconds") from None
    except aiohttp.ClientError as exc:
        raise Refused(f"{host} could not be reached ({type(exc).__name__})") from None
