"""The salon portal's people (salon_users: owners and staff, their invitations and credentials) and the
lookups they made there that may take a booking outcome (portal_lookups, kept 30 days)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from blocklist.models import SalonRole, SalonUser
from blocklist.storage.accounts import PeopleStore
from blocklist.storage.database import Collections, Store
from blocklist.storage.sealing import PORTAL_LOOKUP_FIELDS


class EmailTaken(Exception):
    pass


def _user(doc: dict[str, Any]) -> SalonUser:
    return SalonUser(id=doc["_id"], salon_id=doc["salon_id"], email=doc["email"], role=SalonRole(doc["role"]),
                     created_at=doc["created_at"], invited_by=doc.get("invited_by", ""),
                     disabled=bool(doc.get("disabled", False)), mfa=bool((doc.get("totp") or {}).get("secret")),
                     active=bool(doc.get("password_hash")),
                     reports_seen_at=datetime.fromtimestamp(doc["reports_seen_at"], timezone.utc)
                     if isinstance(doc.get("reports_seen_at"), float) else None,
                     language=doc.get("language"))


class SalonUserStore(Store):
    """Times that change after insert (an invitation's expiry, the last look at the reports) are epoch seconds:
    they are written with $set (see database.py)."""

    def __init__(self, collections: Collections) -> None:
        self.c = collections
        self.credentials = PeopleStore(collections, collections.salon_users)

    async def insert(self, user: SalonUser, invite_digest: str, invite_expires_at: datetime) -> None:
        try:
            await self.c.salon_users.insert_one({
                "_id": user.id, "salon_id": user.salon_id, "email": user.email, "role": user.role.value,
                "created_at": user.created_at, "invited_by": user.invited_by, "disabled": False,
                "password_hash": None, "invite": {"digest": invite_digest, "expires_at": invite_expires_at.timestamp()}})
        except DuplicateKeyError:
            raise EmailTaken(user.email) from None

    async def get(self, user_id: str) -> SalonUser | None:
        doc = await self.c.salon_users.find_one({"_id": user_id})
        return _user(doc) if doc else None

    async def by_email(self, email: str) -> tuple[SalonUser, str | None] | None:
        doc = await self.c.salon_users.find_one({"email": email})
        return (_user(doc), doc.get("password_hash")) if doc else None

    async def by_invite(self, digest: str, now: datetime) -> SalonUser | None:
        """The person a live invitation was made for."""
        doc = await self.c.salon_users.find_one({"invite.digest": digest})
        if doc is None or doc["invite"]["expires_at"] <= now.timestamp():
            return None
        return _user(doc)

    async def take_invite(self, digest: str, password_hash: str, now: datetime) -> SalonUser | None:
        """Set the password of the person a live invitation was made for, and spend the invitation (once,
        even when two tabs send it together)."""
        doc = await self.c.salon_users.find_one_and_update(
            {"invite.digest": digest, "invite.expires_at": {"$gt": now.timestamp()}},
            {"$set": {"password_hash": password_hash, "accepted_at": now.timestamp()}, "$unset": {"invite": ""}},
            return_document=ReturnDocument.AFTER)
        return _user(doc) if doc else None

    async def renew_invite(self, user_id: str, digest: str, expires_at: datetime) -> bool:
        """A new invitation for someone who has not taken up theirs (the old link stops working)."""
        result = await self.c.salon_users.update_one(
            {"_id": user_id, "password_hash": None}, {"$set": {"invite": {"digest": digest, "expires_at": expires_at.timestamp()}}})
        return result.modified_count == 1

    async def of_salon(self, salon_id: str, limit: int = 200) -> list[SalonUser]:
        docs = await self.c.salon_users.find({"salon_id": salon_id}).sort([("created_at", 1)]).limit(limit).to_list()
        return [_user(doc) for doc in docs]

    async def set_reports_seen(self, user_id: str, at: datetime) -> None:
        await self.c.salon_users.update_one({"_id": user_id}, {"$set": {"reports_seen_at": at.timestamp()}})

    async def set_language(self, user_id: str, language: str) -> None:
        await self.c.salon_users.update_one({"_id": user_id}, {"$set": {"language": language}})


class PortalLookupStore(Store):
    """Lookups made in the portal that matched something: whom (as typed, sealed), when, the verdict, and the
    booking's outcome once recorded."""

    def __init__(self, collections: Collections) -> None:
        self.c = collections

    async def insert(self, doc: dict[str, Any]) -> None:
        await self.c.portal_lookups.insert_one(self.c.sealed(doc, PORTAL_LOOKUP_FIELDS))

    async def recent(self, salon_id: str, limit: int) -> list[dict[str, Any]]:
        docs = await self.c.portal_lookups.find({"salon_id": salon_id}).sort([("at", -1)]).limit(limit).to_list()
        return self.c.opened_all(docs, PORTAL_LOOKUP_FIELDS)

    async def set_outcome(self, lookup_id: str, salon_id: str, outcome: str) -> None:
        await self.c.portal_lookups.update_one({"_id": lookup_id, "salon_id": salon_id},
                                               {"$set": {"outcome": outcome}})
