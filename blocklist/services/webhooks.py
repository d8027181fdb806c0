"""Webhooks: a salon's server is told when one of its reports changes (`report.updated`), instead of
polling for it.

Every delivery is a POST of `{"id": "evt_…", "type", "created_at", "data"}` signed with the endpoint's
secret (`Blocklist-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">`). Deliveries are
queued in the database, with ids made from (endpoint, event): an event queued twice is queued once.
Whichever process claims a due delivery sends it (a conditional write on its status and attempts, so
two processes never send the same attempt); a claim whose process died lapses and the delivery is
sent again, so delivery is at least once and receivers de-duplicate on the event id. A failed attempt
is retried after about 10 s, 1 min, 5 min, 30 min, then hourly; after 24 hours of failures the
delivery fails and the endpoint is disabled, with an audit record and an alert on the admins'
dashboard. Addresses are checked like every address a user types (outbound.fetch_public).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import time
from datetime import datetime, timedelta
from typing import Any, Callable

import orjson

from blocklist.clock import Clock, isoformat
from blocklist.errors import InvalidRequest, NotFound
from blocklist.models import Page, PlatformPrincipal, SalonPrincipal, SalonReport, Webhook
from blocklist.outbound import Refused, fetch_public, resolve_public
from blocklist.services.accounts import new_id
from blocklist.services.audit import AuditLog
from blocklist.services.reports import ReportService, decode_cursor, next_page
from blocklist.storage.accounts import AccountStore
from blocklist.storage.lookups import AlertStore
from blocklist.storage.webhooks import WebhookStore

log = logging.getLogger(__name__)

EVENTS = ("report.updated",)
MAX_ENDPOINTS = 10  # per salon
# retry after these many base periods (10 s by default: 10 s, 1 min, 5 min, 30 min), then hourly
RETRY_STEPS = (1, 6, 30, 180)
HOURLY = 360
GIVE_UP_AFTER = 8640  # base periods: 24 hours by default
CLAIM_LAPSES_AFTER = timedelta(seconds=60)  # far beyond a delivery's 10 s
BATCH = 50
DELIVERY_KEPT = timedelta(days=30)


Owner = SalonPrincipal | PlatformPrincipal  # whose webhooks: a salon's, or a platform's for all its salons


def _owner_ids(owner: Owner) -> tuple[str | None, str | None]:
    """(salon id, platform id) of the webhooks an owner registers: a salon's own, or a platform's for all."""
    return (owner.salon.id, None) if isinstance(owner, SalonPrincipal) else (None, owner.platform.id)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The Blocklist-Signature header for `body` sent at `timestamp`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


class WebhookService:
    def __init__(self, store: WebhookStore, reports: ReportService, accounts: AccountStore, audit: AuditLog,
                 alerts: AlertStore, clock: Clock, render_report: Callable[[SalonReport], dict[str, Any]], *,
                 allow_private: bool = False, retry_base_seconds: float = 10.0) -> None:
        self.store = store
        self.accounts = accounts
        self.reports = reports
        self.audit = audit
        self.alerts = alerts
        self.clock = clock
        self.render_report = render_report  # the report as GET /v1/reports/{id} answers it
        self.allow_private = allow_private
        self.base = timedelta(seconds=retry_base_seconds)

    # ------------------------------------------------------------------ endpoints

    async def register(self, owner: Owner, url: str, events: list[str]) -> Webhook:
        """A new endpoint of a salon, or of a platform for all its salons; its secret is in the answer and
        nowhere else afterwards."""
        await self._check_address(url)
        salon_id, platform_id = _owner_ids(owner)
        if len([w for w in await self.store.of_owner(salon_id, platform_id) if w.disabled_at is None]) >= MAX_ENDPOINTS:
            raise InvalidRequest(f"at most {MAX_ENDPOINTS} webhooks; delete one first",
                                 [{"field": "url", "problem": "too many webhooks"}])
        webhook = Webhook(id=new_id("whk"), salon_id=salon_id, platform_id=platform_id, url=url,
                          events=tuple(sorted(set(events))), secret="whsec_" + secrets.token_urlsafe(32),
                          created_at=self.clock())
        await self.store.insert(webhook)
        await self.audit.append(owner.actor, "webhook.created", webhook.id, {"events": list(webhook.events)})
        return webhook

    async def _check_address(self, url: str) -> None:
        """Refuse at registration what could never be delivered to (the same checks run at every send)."""
        try:
            await resolve_public(url, allow_private=self.allow_private)
        except Refused as exc:
            raise InvalidRequest(f"this address cannot receive webhooks: {exc}",
                                 [{"field": "url", "problem": str(exc)}]) from None

    async def endpoints(self, owner: Owner) -> list[Webhook]:
        return await self.store.of_owner(*_owner_ids(owner))

    async def endpoint(self, owner: Owner, webhook_id: str) -> Webhook:
        webhook = await self.store.get(webhook_id[:80])
        if webhook is None or (webhook.salon_id, webhook.platform_id if webhook.salon_id is None else None) != \
                _owner_ids(owner):
            raise NotFound("no such webhook")  # another salon's (or platform's) is as unknown as none
        return webhook

    async def delete(self, owner: Owner, webhook_id: str) -> None:
        webhook = await self.endpoint(owner, webhook_id)
        await self.store.delete(webhook)
        await self.audit.append(owner.actor, "webhook.deleted", webhook.id)

    async def send_test(self, owner: Owner, webhook_id: str) -> str:
        """Queue a `webhook.test` event for one endpoint; returns the event id."""
        webhook = await self.endpoint(owner, webhook_id)
        now = self.clock()
        event = {"id": new_id("evt"), "type": "webhook.test", "created_at": isoformat(now),
                 "data": {"webhook_id": webhook.id, "salon_id": webhook.salon_id, "platform_id": webhook.platform_id}}
        await self.store.enqueue([self._delivery(webhook, event, now)])
        return event["id"]

    async def deliveries(self, owner: Owner, webhook_id: str, limit: int, cursor: str | None) -> Page:
        """An endpoint's delivery log, newest first."""
        webhook = await self.endpoint(owner, webhook_id)
        before = decode_cursor(cursor, (datetime, str)) if cursor else None
        found, next_cursor = next_page(await self.store.log(webhook.id, limit + 1, before),  # type: ignore[arg-type]
                                       limit, lambda d: (d["created_at"], d["_id"]))
        return Page(found, next_cursor)

    async def of_salon_with_log(self, salon_id: str, platform_id: str | None,
                                last: int = 5) -> list[tuple[Webhook, list[dict[str, Any]]]]:
        """The addresses a salon's events go to (its own and its platform's), each with its latest deliveries
        (the console's salon page)."""
        webhooks = await self.store.of_owner(salon_id, None)
        if platform_id:
            webhooks += await self.store.of_owner(None, platform_id)
        return [(webhook, await self.store.log(webhook.id, last, None)) for webhook in webhooks]

    # ------------------------------------------------------------------ events

    async def reports_changed(self, report_ids: list[str]) -> None:
        """Queue `report.updated` for each report to its salon's endpoints (safe to call twice: the event
        id comes from the report's state)."""
        if not report_ids:
            return
        now = self.clock()
        reports = await self.reports.by_ids(report_ids)
        salons = await self.accounts.get_salons(sorted({found.report.salon_id for found in reports}))
        endpoints: dict[str, list[Webhook]] = {}
        queued = []
        for found in reports:
            salon_id = found.report.salon_id
            if salon_id not in endpoints:
                # the salon's own addresses, and its booking platform's for all its salons
                platform_id = salons[salon_id].platform_id if salon_id in salons else None
                owned = await self.store.of_owner(salon_id, None)
                if platform_id:
                    owned += await self.store.of_owner(None, platform_id)
                endpoints[salon_id] = [w for w in owned if w.disabled_at is None and "report.updated" in w.events]
            if not endpoints[salon_id]:
                continue
            data = {**self.render_report(found), "salon_id": salon_id}
            state = orjson.dumps([data["id"], data["status"], data.get("outcome")], option=orjson.OPT_SORT_KEYS)
            event = {"id": "evt_" + hashlib.sha256(state).hexdigest()[:32], "type": "report.updated",
                     "created_at": isoformat(now), "data": data}
            queued += [self._delivery(webhook, event, now) for webhook in endpoints[salon_id]]
        if queued:
            await self.store.enqueue(queued)

    def _delivery(self, webhook: Webhook, event: dict[str, Any], now: datetime) -> dict[str, Any]:
        return {"_id": "dlv_" + hashlib.sha256(f"{webhook.id}:{event['id']}".encode()).hexdigest()[:32],
                "webhook_id": webhook.id, "salon_id": webhook.salon_id, "event": event, "status": "pending",
                "attempts": 0, "claims": 0, "created_at": now, "next_attempt_at": now, "last_status": None,
                "last_error": None}

    # ------------------------------------------------------------------ sending

    async def deliver_due(self) -> int:
        """Send what is due (claimed first); returns how many were acknowledged."""
        now = self.clock()
        due = await self.store.due(now, now - CLAIM_LAPSES_AFTER, BATCH)
        claimed = [c for c in [await self.store.replace_if_unchanged(d, status="sending", claimed_at=now)
                               for d in due] if c is not None]
        if not claimed:
            return 0
        webhooks = await self.store.get_many(sorted({d["webhook_id"] for d in claimed}))
        results = await asyncio.gather(*(self._send(d, webhooks.get(d["webhook_id"])) for d in claimed))
        return sum(results)

    async def _send(self, delivery: dict[str, Any], webhook: Webhook | None) -> bool:
        now = self.clock()
        if webhook is None or webhook.disabled_at is not None:
            await self.store.replace_if_unchanged(delivery, status="cancelled", expires_at=now + DELIVERY_KEPT)
            return False
        body = orjson.dumps(delivery["event"])
        started = time.monotonic()
        status, error = None, None
        try:
            answer = await fetch_public(webhook.url, allow_private=self.allow_private, method="POST", body=body,
                                        max_bytes=4096, headers={
                                            "Content-Type": "application/json",
                                            "Blocklist-Signature": signature(webhook.secret, int(now.timestamp()), body),
                                            "Blocklist-Event": delivery["event"]["type"]})
            status = answer.status
            error = None if 200 <= status < 300 else f"answered {status}"
        except Refused as exc:
            error = str(exc)
        attempts = delivery["attempts"] + 1
        taken = round(time.monotonic() - started, 3)
        if error is None:
            await self.store.replace_if_unchanged(delivery, status="delivered", attempts=attempts, last_status=status,
                                                  last_error=None, delivered_at=self.clock(), seconds=taken,
                                                  expires_at=now + DELIVERY_KEPT)
            return True
        if now - delivery["created_at"] >= self.base * GIVE_UP_AFTER:
            await self.store.replace_if_unchanged(delivery, status="failed", attempts=attempts, last_status=status,
                                                  last_error=error[:300], expires_at=now + DELIVERY_KEPT)
            await self._disable(webhook, f"deliveries failed for 24 hours (last: {error[:200]})")
            return False
        steps = RETRY_STEPS[attempts - 1] if attempts <= len(RETRY_STEPS) else HOURLY
        await self.store.replace_if_unchanged(delivery, status="pending", attempts=attempts, last_status=status,
                                              last_error=error[:300], next_attempt_at=now + self.base * steps)
        log.info("a webhook delivery failed; retrying", extra={"delivery_id": delivery["_id"], "error": error[:200]})
        return False

    async def _disable(self, webhook: Webhook, reason: str) -> None:
        now = self.clock()
        await self.store.disable(webhook, now, reason)
        await self.audit.append("system", "webhook.disabled", webhook.id, {"reason": reason})
        await self.alerts.raise_once({"_id": f"webhook_disabled:{webhook.id}", "kind": "webhook_disabled",
                                      "salon_id": webhook.salon_id, "at": now,
                                      "detail": f"a webhook to {webhook.url} was disabled: {reason}"})
