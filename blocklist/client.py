"""A Python client for salon backends: report, withdraw, list reports, look up.

    async with BlocklistClient("https://blocklist.example", "bl_sk_...") as blocklist:
        answer = await blocklist.lookup(name="Anna Nowak", phone="601 234 567")
        if answer.verdict == "block": ...
        created = await blocklist.report("no_show", name="Anna Nowak", phone="601 234 567")

    with SyncBlocklistClient("https://blocklist.example", "bl_sk_...") as blocklist:
        blocklist.lookup(email="anna@example.com")

A webhook receiver checks each delivery before trusting it:

    event = json.loads(body) if verify_signature(secret, request.headers["Blocklist-Signature"], body) else None

Failures raise `ApiError` subclasses that carry the service's error shape (code, message, details).
Temporary failures (connection refused or reset, 409 in flight, 429, 502–504) are retried with
backoff; a report is retried with the same Idempotency-Key, so a retry never creates a second one.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import random
import socket
import time
import uuid
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal

import aiohttp

Category = Literal["fake_booking", "no_show", "late_cancellation", "abusive"]
_RETRY_STATUSES = {409, 429, 502, 503, 504}


# ---------------------------------------------------------------- webhooks

def verify_signature(secret: str, header: str, body: bytes, tolerance: int = 300, now: float | None = None) -> bool:
    """Whether a webhook delivery is genuine: `header` is its Blocklist-Signature (`t=<unix seconds>,v1=<hex>`),
    `body` its raw bytes as received, `secret` the whsec_… given when the webhook was registered. A signature
    older (or newer) than `tolerance` seconds is refused, so a captured delivery cannot be replayed later."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    given = [value for key, value in (item.split("=", 1) for item in header.split(",") if "=" in item) if key == "v1"]
    return any(hmac.compare_digest(expected, candidate) for candidate in given)


# ---------------------------------------------------------------- results

@dataclass(frozen=True)
class Reason:
    code: str
    match: str


@dataclass(frozen=True)
class LookupResult:
    verdict: Literal["allow", "challenge", "block"]
    risk: int
    action: Literal["none", "require_confirmation", "require_deposit"]
    reasons: tuple[Reason, ...]
    lookup_id: str
    degraded: bool = False

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> LookupResult:
        return cls(verdict=body["verdict"], risk=body["risk"], action=body["action"],
                   reasons=tuple(Reason(r["code"], r["match"]) for r in body.get("reasons", [])),
                   lookup_id=body["lookup_id"], degraded=bool(body.get("degraded", False)))


@dataclass(frozen=True)
class ReportCreated:
    id: str
    status: str
    received_at: str


@dataclass(frozen=True)
class Report:
    id: str
    status: Literal["pending", "confirmed", "dismissed", "withdrawn"]
    category: str
    received_at: str
    updated_at: str
    subject: dict[str, str | None]
    canonical: dict[str, Any] = field(default_factory=dict)
    booking: dict[str, Any] | None = None
    evidence: dict[str, Any] | None = None

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Report:
        return cls(**{name: body.get(name) for name in cls.__dataclass_fields__ if name in body})


@dataclass(frozen=True)
class ReportPage:
    items: tuple[Report, ...]
    next_cursor: str | None


# ---------------------------------------------------------------- errors

class ApiError(Exception):
    """The service answered with an error; `code`, `message` and `details` are its error shape."""

    def __init__(self, status: int, code: str, message: str, details: list[dict[str, str]] | None = None,
                 request_id: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []
        self.request_id = request_id
        self.retry_after = retry_after


class InvalidRequest(ApiError):
    """400 / 422: the request was refused as it is; `details` names each field."""


class Unauthorized(ApiError):
    """401: missing, unknown or revoked key."""


class Forbidden(ApiError):
    """403: this key may not do that (e.g. a publishable key reporting)."""


class NotFound(ApiError):
    """404: no such report for this salon."""


class Conflict(ApiError):
    """409: the state changed (e.g. the report was already decided) or a retry is still in flight."""


class IdempotencyKeyReused(ApiError):
    """422: the Idempotency-Key was used before with another body."""


class PayloadTooLarge(ApiError):
    """413."""


class RateLimited(ApiError):
    """429: slow down; `retry_after` seconds."""


class Unavailable(ApiError):
    """503 (or 502/504): the service is temporarily unable to answer."""


class ServerError(ApiError):
    """500: a bug on the service's side, logged there under `request_id`."""


class ConnectionFailed(ApiError):
    """The service could not be reached (status 0)."""


_ERRORS_BY_CODE: dict[str, type[ApiError]] = {
    "invalid_request": InvalidRequest, "unauthorized": Unauthorized, "forbidden": Forbidden,
    "not_found": NotFound, "conflict": Conflict, "idempotency_key_reused": IdempotencyKeyReused,
    "payload_too_large": PayloadTooLarge, "rate_limited": RateLimited, "unavailable": Unavailable,
    "internal": ServerError,
}
_ERRORS_BY_STATUS: dict[int, type[ApiError]] = {
    400: InvalidRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound, 409: Conflict, 413: PayloadTooLarge,
    422: InvalidRequest, 429: RateLimited, 502: Unavailable, 503: Unavailable, 504: Unavailable,
}


def _error_from(status: int, body: Any, request_id: str | None, retry_after: float | None) -> ApiError:
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):  # not our error shape (a proxy's page, say)
        error = {"code": "internal" if status >= 500 else "invalid_request", "message": f"HTTP {status}"}
    code = str(error.get("code", ""))
    kind = _ERRORS_BY_CODE.get(code) or _ERRORS_BY_STATUS.get(status) or (ServerError if status >= 500 else ApiError)
    if status in (502, 504):
        kind = Unavailable
    return kind(status, code, str(error.get("message", "")), list(error.get("details") or []), request_id,
                retry_after)


def _subject(name: str | None, email: str | None, phone: str | None, *, identifier_needed: bool = False
             ) -> dict[str, str]:
    """The subject as the API takes it; refused before sending (as the service would) when it names nobody."""
    subject = {k: v for k, v in (("name", name), ("email", email), ("phone", phone)) if v}
    if identifier_needed and not (email or phone):
        raise InvalidRequest(400, "invalid_request", "a report needs the customer's email or phone (a name alone "
                             "identifies nobody); nothing was sent",
                             [{"field": "subject", "problem": "no email or phone"}])
    if not subject:
        raise InvalidRequest(400, "invalid_request", "give at least one of name, email, phone; nothing was sent",
                             [{"field": "subject", "problem": "empty"}])
    return subject


def _unreachable(base_url: str, exc: BaseException, timeout: float | None) -> ConnectionFailed:
    """Why the service could not be reached, in words (not the library's internals)."""
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError)):
        reason = f"no answer within {timeout:g} s" if timeout else "no answer in time"
    elif isinstance(exc, aiohttp.ClientConnectorError):
        cause = exc.os_error
        if isinstance(cause, ConnectionRefusedError):
            reason = "connection refused (is the service running at that address and port?)"
        elif isinstance(cause, socket.gaierror):
            reason = f"the host name {exc.host} could not be resolved"
        else:
            reason = f"could not connect ({cause.strerror or type(cause).__name__})"
    elif isinstance(exc, aiohttp.ServerDisconnectedError):
        reason = "the server closed the connection before answering"
    else:
        reason = f"the connection failed ({type(exc).__name__})"
    return ConnectionFailed(0, "connection_failed", f"could not reach {base_url}: {reason}")


# ---------------------------------------------------------------- the client

class BlocklistClient:
    """Async client; one per application (it keeps a connection pool). Use `async with` or close()."""

    def __init__(self, base_url: str, key: str, *, timeout: float = 10.0, retries: int = 3,
                 backoff: float = 0.25, session: aiohttp.ClientSession | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._key = key
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self.retries = retries
        self.backoff = backoff
        self._session = session
        self._own_session = session is None
        self._salon_id: str | None = None  # a booking platform's key acting for this salon
        self._root = self  # whose connections it uses (for_salon's clients use the platform client's)

    def for_salon(self, salon_id: str) -> BlocklistClient:
        """The same client (a platform key's), acting for one of the platform's salons: every call carries
        `Blocklist-Salon`. It shares this client's connections; close this one, not it."""
        acting = BlocklistClient.__new__(BlocklistClient)
        acting.__dict__.update(self.__dict__)
        acting._salon_id = salon_id
        acting._own_session = False
        acting._root = self._root
        return acting

    async def __aenter__(self) -> BlocklistClient:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        await self.close()

    async def close(self) -> None:
        if self._own_session and self._session is not None:
            await self._session.close()
        self._session = None

    # -- salon endpoints

    async def lookup(self, name: str | None = None, email: str | None = None, phone: str | None = None, *,
                     booking: dict[str, Any] | None = None, phone_country: str | None = None) -> LookupResult:
        """allow / challenge / block for a customer about to book (secret or publishable key). `phone_country`
        (ISO 3166: "NL") is the customer's country when you know it: a phone typed without its country
        code is read there rather than in the salon's."""
        body: dict[str, Any] = {"subject": _subject(name, email, phone)}
        if phone_country:
            body["subject"]["phone_country"] = phone_country
        if booking:
            body["booking"] = booking
        return LookupResult.from_json(await self._call("POST", "/v1/lookup", body))

    async def report(self, category: Category, name: str | None = None, email: str | None = None,
                     phone: str | None = None, *, booking: dict[str, Any] | None = None,
                     evidence: dict[str, Any] | None = None, idempotency_key: str | None = None,
                     phone_country: str | None = None) -> ReportCreated:
        """Report a customer. Retries reuse one Idempotency-Key (yours, or a fresh one), so at most one
        report is created however often the network fails. `phone_country` as for lookup."""
        body: dict[str, Any] = {"category": category, "subject": _subject(name, email, phone, identifier_needed=True)}
        if phone_country:
            body["subject"]["phone_country"] = phone_country
        if booking:
            body["booking"] = booking
        if evidence:
            body["evidence"] = evidence
        answer = await self._call("POST", "/v1/reports", body,
                                  idempotency_key=idempotency_key or f"client-{uuid.uuid4()}")
        return ReportCreated(answer["id"], answer["status"], answer["received_at"])

    async def get_report(self, report_id: str) -> Report:
        return Report.from_json(await self._call("GET", f"/v1/reports/{_path_part(report_id)}"))

    async def list_reports(self, limit: int = 50, cursor: str | None = None) -> ReportPage:
        """One page of the salon's reports, newest first."""
        params = {"limit": str(limit)}
        if cursor:
            params["cursor"] = cursor
        answer = await self._call("GET", "/v1/reports", params=params)
        return ReportPage(tuple(Report.from_json(item) for item in answer["items"]), answer.get("next_cursor"))

    async def iter_reports(self, page_size: int = 100):
        """Every report of the salon, newest first, page by page."""
        cursor = None
        while True:
            page = await self.list_reports(page_size, cursor)
            for item in page.items:
                yield item
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    async def withdraw(self, report_id: str) -> Report:
        """Take a pending report back (withdrawing twice is fine)."""
        return Report.from_json(await self._call("POST", f"/v1/reports/{_path_part(report_id)}/withdraw"))

    async def record_outcome(self, lookup_id: str, outcome: Literal["attended", "no_show", "late_cancellation",
                                                                    "cancelled_in_time"]) -> None:
        """Say what happened to a looked-up booking (within 30 days of the lookup; a second call replaces
        the first, so retrying is safe)."""
        await self._call("POST", f"/v1/lookups/{_path_part(lookup_id)}/outcome", {"outcome": outcome})

    async def create_salon(self, name: str, country: str, origins: list[str] | None = None) -> dict[str, str]:
        """A booking platform registers one of its salons: {"salon_id", "publishable_key"}."""
        return await self._call("POST", "/v1/platform/salons", {"name": name, "country": country,
                                                                "origins": origins or []})

    # -- transport

    async def _call(self, method: str, path: str, body: dict[str, Any] | None = None, *,
                    params: dict[str, str] | None = None, idempotency_key: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self._key}", "Accept": "application/json"}
        if self._salon_id is not None:
            headers["Blocklist-Salon"] = self._salon_id
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        data = json.dumps(body).encode() if body is not None else None
        if data is not None:
            headers["Content-Type"] = "application/json"
        # only what is safe to repeat is retried: reads, lookups, withdrawals, and reports under a key
        repeatable = (method == "GET" or path == "/v1/lookup" or path.endswith(("/withdraw", "/outcome"))
                      or bool(idempotency_key))
        attempt = 0
        while True:
            try:
                return await self._once(method, path, data, params, headers)
            except ApiError as error:
                retry = repeatable and attempt < self.retries and (
                    isinstance(error, ConnectionFailed) or error.status in _RETRY_STATUSES)
                if error.status == 409 and not idempotency_key:
                    retry = False  # a real conflict, not a retry still in flight
                if not retry:
                    raise
                delay = error.retry_after if error.retry_after is not None else \
                    self.backoff * 2 ** attempt * (0.5 + random.random())
                await asyncio.sleep(min(delay, 30.0))
                attempt += 1

    async def _once(self, method: str, path: str, data: bytes | None, params: dict[str, str] | None,
                    headers: dict[str, str]) -> Any:
        root = self._root
        if root._session is None:
            root._session = aiohttp.ClientSession(timeout=self._timeout)
        try:
            async with root._session.request(method, self.base_url + path, data=data, params=params,
                                             headers=headers) as response:
                text = await response.text()
                request_id = response.headers.get("X-Request-Id")
                try:
                    payload = json.loads(text) if text else None
                except ValueError:
                    payload = None
                if response.status >= 400:
                    raise _error_from(response.status, payload, request_id, _retry_after(response))
                if not isinstance(payload, dict):
                    raise ServerError(response.status, "internal", "the answer was not JSON", request_id=request_id)
                return payload
        except (aiohttp.ClientConnectionError, TimeoutError) as exc:
            raise _unreachable(self.base_url, exc, self._timeout.total) from exc


def _retry_after(response: aiohttp.ClientResponse) -> float | None:
    try:
        return float(response.headers["Retry-After"])
    except (KeyError, ValueError):
        return None


def _path_part(value: str) -> str:
    from urllib.parse import quote
    return quote(value, safe="")


class SyncBlocklistClient:
    """The same calls, blocking: for backends that are not async. Not for use inside a running loop."""

    def __init__(self, base_url: str, key: str, **options: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._client = BlocklistClient(base_url, key, **options)

    def __enter__(self) -> SyncBlocklistClient:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._loop.is_closed():
            return
        if self._client._session is not None:  # (none when every call was refused inside a running loop)
            self._loop.run_until_complete(self._client.close())
        self._loop.close()

    def _run(self, call):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return self._loop.run_until_complete(call)
        call.close()  # never awaited: no "coroutine was never awaited" warning on top
        raise RuntimeError("SyncBlocklistClient blocks, so it cannot run inside an event loop (this code runs in "
                           "one: aiohttp, FastAPI, Jupyter…); use `async with BlocklistClient(url, key) as client: "
                           "await client.lookup(...)` there instead")

    def lookup(self, name: str | None = None, email: str | None = None, phone: str | None = None, *,
               booking: dict[str, Any] | None = None, phone_country: str | None = None) -> LookupResult:
        return self._run(self._client.lookup(name, email, phone, booking=booking, phone_country=phone_country))

    def report(self, category: Category, name: str | None = None, email: str | None = None,
               phone: str | None = None, **options: Any) -> ReportCreated:
        return self._run(self._client.report(category, name, email, phone, **options))

    def get_report(self, report_id: str) -> Report:
        return self._run(self._client.get_report(report_id))

    def list_reports(self, limit: int = 50, cursor: str | None = None) -> ReportPage:
        return self._run(self._client.list_reports(limit, cursor))

    def withdraw(self, report_id: str) -> Report:
        return self._run(self._client.withdraw(report_id))
