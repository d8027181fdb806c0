"""Webhook endpoints and their deliveries (services/webhooks.py): one document per endpoint, its signing
secret sealed; one per delivery of an event to an endpoint, claimed by the process that sends it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from blocklist.models import Webhook
from blocklist.storage.database import Collections, Store, insert_new, keyset_page

WEBHOOK_FIELDS = ("secret",)


def _webhook_of(doc: dict[str, Any]) -> Webhook:
    return Webhook(id=doc["_id"], salon_id=doc.get("salon_id"), url=doc["url"], events=tuple(doc.get("events") or ()),
                   secret=doc.get("secret") or "", created_at=doc["created_at"], disabled_at=doc.get("disabled_at"),
                   disabled_reason=doc.get("disabled_reason"), platform_id=doc.get("platform_id"))


def _webhook_document(webhook: Webhook) -> dict[str, Any]:
    return {"_id": webhook.id, "salon_id": webhook.salon_id, "platform_id": webhook.platform_id, "url": webhook.url,
            "events": list(webhook.events), "secret": webhook.secret, "created_at": webhook.created_at,
            "disabled_at": webhook.disabled_at, "disabled_reason": webhook.disabled_reason}


class WebhookStore(Store):
    def __init__(self, collections: Collections) -> None:
        self.c = collections

    # ------------------------------------------------------------------ endpoints

    async def insert(self, webhook: Webhook) -> None:
        await self.c.webhooks.insert_one(self.c.sealed(_webhook_document(webhook), WEBHOOK_FIELDS))

    async def get(self, webhook_id: str) -> Webhook | None:
        doc = self.c.opened(await self.c.webhooks.find_one({"_id": webhook_id}), WEBHOOK_FIELDS)
        return _webhook_of(doc) if doc else None

    async def get_many(self, webhook_ids: list[str]) -> dict[str, Webhook]:
        docs = await self.c.webhooks.find({"_id": {"$in": webhook_ids}}).to_list() if webhook_ids else []
        return {doc["_id"]: _webhook_of(doc) for doc in self.c.opened_all(docs, WEBHOOK_FIELDS)}

    async def of_owner(self, salon_id: str | None, platform_id: str | None) -> list[Webhook]:
        """One salon's own webhooks, or a platform's (those for all its salons)."""
        query = {"salon_id": salon_id} if salon_id is not None else {"platform_id": platform_id, "salon_id": None}
        docs = await self.c.webhooks.find(query).sort([("created_at", 1)]).to_list()
        return [_webhook_of(doc) for doc in self.c.opened_all(docs, WEBHOOK_FIELDS)]

    async def delete(self, webhook: Webhook) -> bool:
        result = await self.c.webhooks.delete_one({"_id": webhook.id})
        if result.deleted_count:
            await self.c.deliveries.delete_many({"webhook_id": webhook.id, "status": "pending"})
        return result.deleted_count == 1

    async def disable(self, webhook: Webhook, at: datetime, reason: str) -> None:
        await self.c.webhooks.replace_one({"_id": webhook.id}, self.c.sealed(_webhook_document(
            replace(webhook, disabled_at=at, disabled_reason=reason)), WEBHOOK_FIELDS))

    # ------------------------------------------------------------------ deliveries

    async def enqueue(self, deliveries: list[dict[str, Any]]) -> None:
        """Queue deliveries; ids come from (endpoint, event), so queueing one twice queues it once."""
        await insert_new(self.c.deliveries, deliveries)

    async def due(self, now: datetime, lapsed_before: datetime, limit: int) -> list[dict[str, Any]]:
        """Deliveries whose attempt is due, and those a vanished process claimed long ago."""
        due = await self.c.deliveries.find({"status": "pending", "next_attempt_at": {"$lte": now}}) \
            .sort([("next_attempt_at", 1)]).limit(limit).to_list()
        lapsed = await self.c.deliveries.find({"status": "sending", "claimed_at": {"$lt": lapsed_before}}) \
            .limit(limit).to_list()
        return lapsed + due

    async def replace_if_unchanged(self, delivery: dict[str, Any], **changes: Any) -> dict[str, Any] | None:
        """The delivery with `changes`, written on the condition that nobody moved it since it was read
        (its status, attempts and claims): two processes never take the same attempt, nor the same lapsed
        claim."""
        updated = {**delivery, **changes, "claims": delivery.get("claims", 0) + 1}
        result = await self.c.deliveries.replace_one(
            {"_id": delivery["_id"], "status": delivery["status"], "attempts": delivery["attempts"],
             "claims": delivery.get("claims", 0)}, updated)
        return updated if result.matched_count == 1 else None

    async def log(self, webhook_id: str, limit: int, before: tuple[datetime, str] | None) -> list[dict[str, Any]]:
        """An endpoint's deliveries, newest first."""
        query: dict[str, Any] = {"webhook_id": webhook_id}
        return await keyset_page(self.c.deliveries, query, "created_at", True, before, limit)
