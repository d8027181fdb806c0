"""Salons, their API keys, moderators and their tokens, and the credentials of people who log in (PeopleStore)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from blocklist.models import DEFAULT_SCOPES, ApiKey, KeyKind, Moderator, Role, Salon, SalonPolicy
from blocklist.storage.database import Collections, Store, keyset_page


def _salon(doc: dict[str, Any]) -> Salon:
    policy = doc.get("policy") or {}
    return Salon(
        id=doc["_id"], name=doc["name"], country=doc["country"], origins=tuple(doc.get("origins", ())),
        created_at=doc["created_at"], policy=SalonPolicy(**policy),
        confirmed_reports=doc.get("confirmed_reports", 0), dismissed_reports=doc.get("dismissed_reports", 0),
        platform_id=doc.get("platform_id"),
    )


def _moderator(doc: dict[str, Any]) -> Moderator:
    return Moderator(id=doc["_id"], username=doc["username"], role=Role(doc["role"]),
                     created_at=doc["created_at"], disabled=doc.get("disabled", False),
                     mfa=bool((doc.get("totp") or {}).get("secret")))


# a moderator's TOTP secrets are credentials: sealed like personal data
TOTP_FIELDS = ("totp.secret", "totp_pending.secret")


class UsernameTaken(Exception):
    pass


class AccountStore(Store):
    """Reads and writes salons, keys, moderators and moderator tokens."""

    def __init__(self, collections: Collections) -> None:
        self.c = collections
        self.moderator_credentials = PeopleStore(collections, collections.moderators)

    async def insert_salon(self, salon: Salon) -> None:
        await self.c.salons.insert_one({
            "_id": salon.id, "name": salon.name, "country": salon.country, "origins": list(salon.origins),
            "created_at": salon.created_at, "policy": {}, "confirmed_reports": 0, "dismissed_reports": 0,
            **({"platform_id": salon.platform_id} if salon.platform_id else {}),
        })

    async def salons_of_platform(self, platform_id: str, limit: int,
                                 after: tuple[datetime, str] | None) -> list[Salon]:
        """A platform's salons, oldest first, after a (created_at, id) cursor."""
        query: dict[str, Any] = {"platform_id": platform_id}
        docs = await keyset_page(self.c.salons, query, "created_at", False, after, limit)
        return [_salon(doc) for doc in docs]

    async def get_salon(self, salon_id: str) -> Salon | None:
        doc = await self.c.salons.find_one({"_id": salon_id})
        return _salon(doc) if doc else None

    async def get_salons(self, salon_ids: list[str]) -> dict[str, Salon]:
        if not salon_ids:
            return {}  # (an empty $in reads every document on the embedded server)
        docs = await self.c.salons.find({"_id": {"$in": list(salon_ids)}}).to_list()
        return {doc["_id"]: _salon(doc) for doc in docs}

    async def trust_of(self, salon_ids: set[str]) -> dict[str, float]:
        """Each salon's trust (see Salon.trust), for case priorities."""
        salons = await self.get_salons(sorted(salon_ids))
        return {salon_id: salon.trust for salon_id, salon in salons.items()}

    async def all_origins(self) -> frozenset[str]:
        """Every origin any salon registered (a CORS preflight carries no key: it is checked against all)."""
        origins: set[str] = set()
        async for salon in self.c.salons.find({}, {"origins": 1}):
            origins.update(salon.get("origins", []))
        return frozenset(origins)

    async def salon_countries(self) -> list[str]:
        """Every country a salon is registered in (where a phone typed nationally may come from)."""
        return sorted(await self.c.salons.distinct("country"))

    async def list_salons(self, limit: int, skip: int = 0) -> list[Salon]:
        docs = await self.c.salons.find().sort([("created_at", -1)]).skip(skip).limit(limit).to_list()
        return [_salon(doc) for doc in docs]

    async def update_salon(self, salon_id: str, fields: dict[str, Any]) -> Salon | None:
        doc = await self.c.salons.find_one_and_update(
            {"_id": salon_id}, {"$set": fields}, return_document=ReturnDocument.AFTER)
        return _salon(doc) if doc else None

    async def add_trust_outcome(self, salon_id: str, confirmed: int, dismissed: int) -> None:
        await self.c.salons.update_one(
            {"_id": salon_id}, {"$inc": {"confirmed_reports": confirmed, "dismissed_reports": dismissed}})

    async def insert_key(self, prefix: str, digest: str, salon_id: str, kind: KeyKind, at: datetime,
                         scopes: frozenset[str]) -> None:
        await self.c.api_keys.insert_one({"_id": prefix, "digest": digest, "salon_id": salon_id,
                                          "kind": kind.value, "created_at": at, "revoked_at": None,
                                          "scopes": sorted(scopes)})

    async def find_key(self, prefix: str) -> tuple[ApiKey, str] | None:
        """The key with this prefix and its stored digest."""
        doc = await self.c.api_keys.find_one({"_id": prefix})
        if not doc:
            return None
        return _key_of(doc), doc["digest"]

    async def list_keys(self, salon_id: str) -> list[ApiKey]:
        docs = await self.c.api_keys.find({"salon_id": salon_id}).sort([("created_at", -1)]).to_list()
        return [_key_of(d) for d in docs]

    async def revoke_key(self, prefix: str, at: datetime) -> ApiKey | None:
        doc = await self.c.api_keys.find_one({"_id": prefix})
        if not doc:
            return None
        if doc.get("revoked_at") is None:
            doc["revoked_at"] = at
            await self.c.api_keys.replace_one({"_id": prefix, "revoked_at": None}, doc)
        return ApiKey(prefix=doc["_id"], salon_id=doc["salon_id"], kind=KeyKind(doc["kind"]),
                      created_at=doc["created_at"], revoked_at=doc["revoked_at"])

    async def insert_moderator(self, moderator: Moderator, password_hash: str | None) -> None:
        try:
            await self.c.moderators.insert_one({
                "_id": moderator.id, "username": moderator.username, "role": moderator.role.value,
                "created_at": moderator.created_at, "disabled": False, "password_hash": password_hash,
            })
        except DuplicateKeyError:
            raise UsernameTaken(moderator.username) from None

    async def get_moderator(self, moderator_id: str) -> Moderator | None:
        doc = await self.c.moderators.find_one({"_id": moderator_id})
        return _moderator(doc) if doc else None

    async def find_moderator_by_username(self, username: str) -> tuple[Moderator, str | None] | None:
        doc = await self.c.moderators.find_one({"username": username})
        return (_moderator(doc), doc.get("password_hash")) if doc else None

    async def usernames(self, moderator_ids: list[str]) -> dict[str, str]:
        """The usernames of these moderators, by id (those that exist)."""
        if not moderator_ids:
            return {}
        return {doc["_id"]: doc["username"]
                for doc in await self.c.moderators.find({"_id": {"$in": moderator_ids}}, {"username": 1}).to_list()}

    async def list_moderators(self) -> list[Moderator]:
        docs = await self.c.moderators.find().sort([("username", 1)]).to_list()
        return [_moderator(d) for d in docs]

    async def insert_token(self, prefix: str, digest: str, moderator_id: str, at: datetime) -> None:
        await self.c.moderator_tokens.insert_one({"_id": prefix, "digest": digest, "moderator_id": moderator_id,
                                                  "created_at": at, "revoked_at": None})

    async def find_token(self, prefix: str) -> tuple[str, str, datetime | None] | None:
        """(moderator id, digest, revoked_at) of the token with this prefix."""
        doc = await self.c.moderator_tokens.find_one({"_id": prefix})
        return (doc["moderator_id"], doc["digest"], doc.get("revoked_at")) if doc else None

    async def revoke_token(self, prefix: str, at: datetime) -> bool:
        doc = await self.c.moderator_tokens.find_one({"_id": prefix, "revoked_at": None})
        if doc is None:
            return False
        doc["revoked_at"] = at
        result = await self.c.moderator_tokens.replace_one({"_id": prefix, "revoked_at": None}, doc)
        return result.matched_count == 1


def _key_of(doc: dict[str, Any]) -> ApiKey:
    kind = KeyKind(doc["kind"])
    # keys issued before scopes existed may do what their kind allows
    scopes = frozenset(doc["scopes"]) if "scopes" in doc else DEFAULT_SCOPES[kind]
    return ApiKey(prefix=doc["_id"], salon_id=doc["salon_id"], kind=kind, created_at=doc["created_at"],
                  revoked_at=doc.get("revoked_at"), scopes=scopes)


class PeopleStore(Store):
    """The credentials of people who log in to pages (moderators; salon staff next), whichever collection
    holds them: password hash, second factor (TOTP: the secret being set up, the one in force and the last
    time step used), recovery codes, and whether the account is disabled."""

    def __init__(self, collections: Collections, people: AsyncCollection) -> None:
        self.c = collections
        self.people = people

    async def set_password_hash(self, person_id: str, password_hash: str) -> None:
        await self.people.update_one({"_id": person_id}, {"$set": {"password_hash": password_hash}})

    async def totp(self, person_id: str) -> dict[str, Any]:
        """{"totp": {"secret", "last_step"} | None, "totp_pending": {"secret", "since"} | None}, opened."""
        doc = await self.people.find_one({"_id": person_id}, {"totp": 1, "totp_pending": 1})
        doc = self.c.opened(doc or {}, TOTP_FIELDS)
        return {"totp": doc.get("totp"), "totp_pending": doc.get("totp_pending")}

    async def set_totp_pending(self, person_id: str, secret: str, since: datetime) -> None:
        await self.people.update_one({"_id": person_id}, {"$set": self.c.sealed(
            {"totp_pending": {"secret": secret, "since": since}}, TOTP_FIELDS)})

    async def enable_totp(self, person_id: str, secret: str, step: int) -> None:
        """The pending secret becomes the person's second factor; `step` was its first code."""
        await self.people.update_one({"_id": person_id}, {
            "$set": self.c.sealed({"totp": {"secret": secret, "last_step": step}}, TOTP_FIELDS),
            "$unset": {"totp_pending": ""}})

    async def use_totp_step(self, person_id: str, step: int) -> bool:
        """Record a code's time step as used; False when it (or a later one) was used already — a code
        works once, even when two logins race with it."""
        result = await self.people.update_one(
            {"_id": person_id, "totp.last_step": {"$lt": step}}, {"$set": {"totp.last_step": step}})
        return result.modified_count == 1

    async def clear_totp(self, person_id: str) -> bool:
        result = await self.people.update_one({"_id": person_id}, {
            "$unset": {"totp": "", "totp_pending": "", "recovery_codes": ""}})
        return result.matched_count == 1

    async def set_recovery_codes(self, person_id: str, digests: list[str]) -> None:
        """Replace the person's recovery codes (their digests: the codes are shown once)."""
        await self.people.update_one({"_id": person_id}, {"$set": {"recovery_codes": digests}})

    async def use_recovery_code(self, person_id: str, digest: str) -> bool:
        """Spend a recovery code; False when it is not (or no longer) one of the person's."""
        result = await self.people.update_one({"_id": person_id, "recovery_codes": digest},
                                                    {"$pull": {"recovery_codes": digest}})
        return result.modified_count == 1

    async def recovery_codes_left(self, person_id: str) -> int:
        doc = await self.people.find_one({"_id": person_id}, {"recovery_codes": 1})
        return len((doc or {}).get("recovery_codes", []))

    async def set_disabled(self, person_id: str, disabled: bool) -> bool:
        result = await self.people.update_one({"_id": person_id}, {"$set": {"disabled": disabled}})
        return result.matched_count == 1
