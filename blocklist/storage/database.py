"""The MongoDB client, its limits, and the indexes every collection needs.

Conventions every store follows, so the code runs the same on MongoDB and on the embedded
nx-27017 server:
- datetimes are written only inside whole documents (insert, replace) or by $setOnInsert;
  never as a bare `$set`/`$push` value (nx-27017 stores those as strings, and a `$push` of a
  sub-document with a datetime turns the whole array into JSON strings);
- no `_id` inside compound indexes (nx-27017 then refuses every insert);
- no pipeline-style updates;
- lookups by several values go through `_id: {$in: …}` (nx-27017 scans the whole collection
  for `$in` on any other field, arrays included); that is why identifier keys map to cases
  through `case_keys` (one document per key, the key as `_id`) rather than a multikey index.
- an update whose filter has `$or` may report a match that did not happen (nx-27017): read the
  document back rather than trusting `matched_count`.
State changes with timestamps therefore read, then replace on a condition (a version or the
status read), which is atomic on both.
"""

from __future__ import annotations

import functools
import inspect
import logging
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any, AsyncIterator

import pymongo
from pymongo import ASCENDING, DESCENDING, AsyncMongoClient, IndexModel, WriteConcern
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, PyMongoError

from blocklist.credentials import FieldCipher, UnreadableField
from blocklist.errors import DatabaseUnavailable
from blocklist.models import CATEGORY_NAMES
from blocklist.settings import Settings
from blocklist.storage.sealing import transform

log = logging.getLogger(__name__)

# Writes that must survive a failover: acknowledged by a majority and journaled.
DURABLE = WriteConcern("majority", j=True)


def create_client(settings: Settings, uri: str) -> AsyncMongoClient:
    """One client per process, with every limit explicit (driver defaults wait forever)."""
    return AsyncMongoClient(
        uri,
        tz_aware=True,
        timeoutMS=settings.mongo_timeout_ms,
        serverSelectionTimeoutMS=settings.mongo_server_selection_timeout_ms,
        connectTimeoutMS=min(settings.mongo_timeout_ms, 5000),
        waitQueueTimeoutMS=settings.mongo_timeout_ms,
        maxPoolSize=settings.mongo_max_pool_size,
        retryWrites=True,
        appname="blocklist",
    )


DUPLICATE_KEY = 11000


def answers_ping(uri: str, timeout_ms: int = 500) -> bool:
    """True when a server at `uri` answers ping (a blocking check, for starting the embedded server)."""
    client: pymongo.MongoClient = pymongo.MongoClient(uri, serverSelectionTimeoutMS=timeout_ms,
                                                      connectTimeoutMS=timeout_ms)
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


def time_limit(seconds: float) -> AbstractContextManager:
    """Every database operation inside the block shares this deadline instead of the request's (start-up,
    index loads, background sweeps)."""
    return pymongo.timeout(seconds)


def _translating(method: Any) -> Any:
    """`method` with driver errors raised as DatabaseUnavailable (the driver's class name kept as the cause)."""
    if inspect.isasyncgenfunction(method):
        @functools.wraps(method)
        async def stream(*args: Any, **kwargs: Any) -> Any:
            try:
                async for item in method(*args, **kwargs):
                    yield item
            except PyMongoError as exc:
                raise DatabaseUnavailable(type(exc).__name__) from exc
        return stream

    @functools.wraps(method)
    async def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return await method(*args, **kwargs)
        except PyMongoError as exc:
            raise DatabaseUnavailable(type(exc).__name__) from exc
    return call


class Store:
    """Base of every store: each of its async methods raises DatabaseUnavailable for any driver error,
    so services handle one exception and never import the driver."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, member in list(vars(cls).items()):
            if inspect.iscoroutinefunction(member) or inspect.isasyncgenfunction(member):
                setattr(cls, name, _translating(member))


async def insert_new(collection: AsyncCollection, docs: list[dict[str, Any]]) -> set[int]:
    """Insert documents (unordered); returns the positions of those whose unique key was taken already,
    by a stored document or an earlier one in `docs`. Any other failure raises."""
    if not docs:
        return set()
    try:
        await collection.insert_many(docs, ordered=False)
    except BulkWriteError as exc:
        errors = exc.details.get("writeErrors", [])
        if not errors or any(error.get("code") != DUPLICATE_KEY for error in errors):
            raise
        return {error["index"] for error in errors}
    return set()


async def count(collection: AsyncCollection, query: dict[str, Any]) -> int:
    """How many documents match, with the `count` command: the embedded server answers count_documents'
    aggregation by reading every document of the collection (0.9 s for 11,000 cases), `count` from its indexes
    (exact on an unsharded MongoDB too)."""
    reply = await collection.database.command({"count": collection.name, "query": query})
    return int(reply["n"])


async def find_each(collection: AsyncCollection, field: str, values: list[Any], query: dict[str, Any],
                    projection: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Documents matching `query` whose `field` is one of a few `values`, one equality query each: the embedded
    server reads every document for an $in on any field but _id."""
    found: list[dict[str, Any]] = []
    for value in dict.fromkeys(values):
        found += await collection.find({**query, field: value}, projection).to_list()
    return found


async def keyset_page(collection: AsyncCollection, query: dict[str, Any], field: str, newest_first: bool,
                      after: tuple[Any, str] | None, limit: int) -> list[dict[str, Any]]:
    """A page in (`field`, _id) order after the (value, id) of the last item seen, without an $or, which the
    embedded server answers by reading every document: the few documents tied with the last one's value (their
    ids first), then those past it (an index range)."""
    order = DESCENDING if newest_first else ASCENDING
    if after is None:
        return await collection.find(query).sort([(field, order), ("_id", order)]).limit(limit).to_list()
    value, last_id = after
    tied = [doc["_id"] for doc in await collection.find({**query, field: value}, {"_id": 1}).to_list()]
    tied = sorted((i for i in tied if (i < last_id if newest_first else i > last_id)), reverse=newest_first)[:limit]
    found = await collection.find({"_id": {"$in": tied}}).to_list() if tied else []
    found.sort(key=lambda doc: doc["_id"], reverse=newest_first)
    if len(found) < limit:
        found += await collection.find({**query, field: {"$lt" if newest_first else "$gt": value}}) \
            .sort([(field, order), ("_id", order)]).limit(limit - len(found)).to_list()
    return found


async def read_in_pages(collection: AsyncCollection, field: str, page_size: int = 2000,
                        query: dict[str, Any] | None = None) -> AsyncIterator[dict[str, Any]]:
    """Every document (matching `query`), in (`field`, _id) order, one page at a time: memory stays a page
    whatever the collection's size. One find over a whole collection would not: the embedded server builds the
    whole answer before the first batch (7 GB for 2,000,000 listings). `field` (after `query`'s equalities) needs
    an index; it holds text (a document without it is not read)."""
    after: tuple[Any, str] | None = None
    while True:
        page = await keyset_page(collection, {**(query or {}), **({} if after else {field: {"$gte": ""}})}, field,
                                 False, after, page_size)
        for doc in page:
            yield doc
        if len(page) < page_size:
            return
        after = (page[-1][field], page[-1]["_id"])


class Collections:
    """Typed access to the collections, with the durable write concern where it matters."""

    def __init__(self, db: AsyncDatabase, cipher: FieldCipher) -> None:
        self.db = db
        self.cipher = cipher
        # the server builds a whole answer before its first batch (the embedded one): read large sets in pages
        self.whole_answers = False
        durable = {"write_concern": DURABLE}
        self.salons: AsyncCollection = db.get_collection("salons", **durable)
        self.api_keys: AsyncCollection = db.get_collection("api_keys", **durable)
        self.moderators: AsyncCollection = db.get_collection("moderators", **durable)
        self.moderator_tokens: AsyncCollection = db.get_collection("moderator_tokens", **durable)
        self.reports: AsyncCollection = db.get_collection("reports", **durable)
        self.cases: AsyncCollection = db.get_collection("cases", **durable)
        self.case_keys: AsyncCollection = db.get_collection("case_keys", **durable)
        # which reports name each identifier key (storage/reports.py)
        self.report_keys: AsyncCollection = db.get_collection("report_keys", **durable)
        # each open case's row in the queue (storage/cases.py), rebuilt from its case whenever in doubt
        self.case_queue: AsyncCollection = db.get_collection("case_queue", **durable)
        self.entries: AsyncCollection = db.get_collection("blocklist_entries", **durable)
        self.appeals: AsyncCollection = db.get_collection("appeals", **durable)
        self.audit: AsyncCollection = db.get_collection("audit_log", **durable)
        self.idempotency: AsyncCollection = db.get_collection("idempotency_keys", **durable)
        self.counters: AsyncCollection = db.get_collection("counters", **durable)
        self.changes: AsyncCollection = db.get_collection("changes", **durable)
        self.linking: AsyncCollection = db.get_collection("linking", **durable)
        # one salon's report of one customer's booking on one day, by a keyed hash: the unique _id is
        # what keeps a salon from reporting one incident twice
        self.incidents: AsyncCollection = db.get_collection("incidents", **durable)
        self.notices: AsyncCollection = db.get_collection("notices", **durable)
        self.rate_limits: AsyncCollection = db.get_collection("rate_limits")
        self.lookups: AsyncCollection = db.get_collection("lookup_log")
        self.lookup_stats: AsyncCollection = db.get_collection("lookup_stats")
        self.daily_counts: AsyncCollection = db.get_collection("daily_counts")
        self.outcomes: AsyncCollection = db.get_collection("booking_outcomes", **durable)
        self.webhooks: AsyncCollection = db.get_collection("webhooks", **durable)
        self.platforms: AsyncCollection = db.get_collection("platforms", **durable)
        self.platform_keys: AsyncCollection = db.get_collection("platform_keys", **durable)
        self.deliveries: AsyncCollection = db.get_collection("webhook_deliveries", **durable)
        self.imports: AsyncCollection = db.get_collection("imports", **durable)
        self.salon_users: AsyncCollection = db.get_collection("salon_users", **durable)
        self.portal_lookups: AsyncCollection = db.get_collection("portal_lookups", **durable)
        self.sessions: AsyncCollection = db.get_collection("console_sessions", **durable)
        self.login_failures: AsyncCollection = db.get_collection("login_failures")
        self.case_notes: AsyncCollection = db.get_collection("case_notes", **durable)
        self.tombstones: AsyncCollection = db.get_collection("tombstones", **durable)
        self.alerts: AsyncCollection = db.get_collection("alerts")
        self.snapshots: AsyncCollection = db.get_collection("index_snapshots")
        self.snapshot_chunks: AsyncCollection = db.get_collection("index_snapshot_chunks")


    def sealed(self, doc: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
        """A copy of `doc` with its personal-data fields encrypted (see sealing.py)."""
        return transform(doc, fields, lambda value, _path: self.cipher.seal(value))

    def opened(self, doc: dict[str, Any] | None, fields: tuple[str, ...]) -> dict[str, Any] | None:
        """A copy of `doc` with its personal-data fields opened. A field that does not open (altered, or
        written by a version that stored such text unsealed) reads None, the document names it in
        `unreadable_fields`, and the log says which document by id: one bad record never takes a list
        or a page down, and its content never reaches a log."""
        if doc is None:
            return None
        unreadable: list[str] = []

        def open_value(value: Any, path: str) -> Any:
            try:
                return self.cipher.open(value)
            except UnreadableField:
                unreadable.append(path)
                return None
        doc = transform(doc, fields, open_value)
        if unreadable:
            log.error("stored personal data does not open", extra={"record_id": str(doc.get("_id")),
                                                                   "fields": sorted(set(unreadable))})
            doc = {**doc, "unreadable_fields": sorted(set(unreadable))}
        return doc

    def opened_all(self, docs: list[dict[str, Any]], fields: tuple[str, ...]) -> list[dict[str, Any]]:
        return [self.opened(doc, fields) for doc in docs]  # type: ignore[misc]


SNAPSHOT_DAYS = 3

# an index on an array field (MongoDB: multikey). Never on nx-27017: an index named after a field makes it read an
# equality on that field as a plain value, so arrays holding the value no longer match
MULTIKEY_KEYS = IndexModel([("keys", ASCENDING)], name="keys_multikey")

_INDEXES: dict[str, list[IndexModel]] = {
    "salons": [IndexModel([("created_at", DESCENDING)]), IndexModel([("platform_id", ASCENDING), ("created_at", ASCENDING)])],
    "platform_keys": [IndexModel([("platform_id", ASCENDING)])],
    "api_keys": [IndexModel([("salon_id", ASCENDING)])],
    "moderators": [IndexModel([("username", ASCENDING)], unique=True)],
    "moderator_tokens": [IndexModel([("moderator_id", ASCENDING)])],
    # few secondary indexes: each one costs every insert (reports arrive by the hundred a second)
    "reports": [IndexModel([("salon_id", ASCENDING), ("received_at", DESCENDING)]),
                IndexModel([("received_at", ASCENDING)]),  # the dashboard's window, retention
                IndexModel([("status", ASCENDING), ("updated_at", ASCENDING)]),  # retention of closed reports
                IndexModel([("case_id", ASCENDING)]),  # a case's counted-only reports
                MULTIKEY_KEYS],  # a person's reports (subject requests)
    # (the open queue reads case_queue: by category and by claim there)
    "cases": [IndexModel([("status", ASCENDING), ("queue_key", ASCENDING)]),  # decided cases, a page an index range
              # cases from several salons: walked in queue order (MongoDB), or a range sorted after (nx-27017)
              IndexModel([("status", ASCENDING), ("queue_key", ASCENDING), ("salon_count", ASCENDING)]),
              IndexModel([("salon_count", ASCENDING)]),
              MULTIKEY_KEYS,  # a person's cases (subject requests)
              IndexModel([("decision.applied", ASCENDING)], sparse=True),
              IndexModel([("last_report_at", ASCENDING)])],
    "report_keys": [IndexModel([("key", ASCENDING)]),  # the reports naming a key (a subject request)
                    IndexModel([("report", ASCENDING)])],  # a report's postings, when it goes
    # the open queue: a page is one index range over small documents, by priority, by category, by claim
    "case_queue": [IndexModel([("queue_key", ASCENDING), ("salon_count", ASCENDING)], sparse=True),
                   *[IndexModel([(f"queue_{category}", ASCENDING)], sparse=True) for category in CATEGORY_NAMES],
                   IndexModel([("claimed_by", ASCENDING), ("queue_key", ASCENDING)], sparse=True),
                   IndexModel([("writing", ASCENDING)], sparse=True),  # rows whose write may not have finished
                   IndexModel([("closed_at", ASCENDING)], sparse=True)],
    "blocklist_entries": [
        IndexModel([("key", ASCENDING)]),
        IndexModel([("case_id", ASCENDING)]),
        IndexModel([("created_at", DESCENDING)]),
        IndexModel([("status", ASCENDING)]),
        # retention: an entry is deleted once its listing period is over (lookups check the time too)
        IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0, name="expires_at_ttl"),
    ],
    "appeals": [IndexModel([("status", ASCENDING), ("received_at", ASCENDING)]),
                # a person's appeals (subject requests), one field a key (storage/entries.py: APPEAL_KEY_FIELDS)
                IndexModel([("key_0", ASCENDING)]), IndexModel([("key_1", ASCENDING)])],
    "incidents": [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0),
                  IndexModel([("report_id", ASCENDING)])],
    "notices": [IndexModel([("status", ASCENDING), ("next_attempt_at", ASCENDING)]),
                IndexModel([("entry_id", ASCENDING)]),
                IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)],
    "audit_log": [IndexModel([("seq", ASCENDING)], unique=True)],
    "idempotency_keys": [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0),
                         IndexModel([("report_id", ASCENDING)])],
    "changes": [IndexModel([("revision", ASCENDING)], unique=True)],
    "rate_limits": [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)],
    "lookup_log": [IndexModel([("at", ASCENDING)], expireAfterSeconds=30 * 24 * 3600)],
    # (no index on `keys`: nx-27017 answers equality on an indexed array field wrongly; an erasure scans
    # this small collection)
    "webhooks": [IndexModel([("salon_id", ASCENDING), ("created_at", ASCENDING)])],
    # delivered and failed ones carry expires_at (30 days on); pending ones none
    "webhook_deliveries": [IndexModel([("status", ASCENDING), ("next_attempt_at", ASCENDING)]),
                           IndexModel([("webhook_id", ASCENDING), ("created_at", DESCENDING)]),
                           IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)],
    "booking_outcomes": [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0),
                         IndexModel([("booked_at", ASCENDING)])],
    "lookup_stats": [IndexModel([("minute", ASCENDING)], expireAfterSeconds=400 * 24 * 3600)],
    "console_sessions": [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)],
    "salon_users": [IndexModel([("email", ASCENDING)], unique=True),
                    IndexModel([("salon_id", ASCENDING), ("created_at", ASCENDING)]),
                    IndexModel([("invite.digest", ASCENDING)], sparse=True)],
    "portal_lookups": [IndexModel([("salon_id", ASCENDING), ("at", DESCENDING)]),
                       IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)],
    "login_failures": [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)],
    "alerts": [IndexModel([("at", ASCENDING)], expireAfterSeconds=90 * 24 * 3600)],
    "case_notes": [IndexModel([("case_id", ASCENDING), ("at", ASCENDING)])],
    # a snapshot is a cache of the blocklist: kept 3 days at most (a fresh one is written well before)
    "index_snapshots": [IndexModel([("created_at", ASCENDING)], expireAfterSeconds=SNAPSHOT_DAYS * 86400)],
    "index_snapshot_chunks": [IndexModel([("created_at", ASCENDING)], expireAfterSeconds=SNAPSHOT_DAYS * 86400)],
}


# collection -> (time field, seconds after it a document goes): what the TTL indexes above delete
EXPIRING: dict[str, tuple[str, int]] = {
    name: (next(iter(model.document["key"])), int(model.document["expireAfterSeconds"]))
    for name, models in _INDEXES.items() for model in models if "expireAfterSeconds" in model.document}


def _without_ttl(model: IndexModel) -> IndexModel:
    document = {k: v for k, v in model.document.items() if k not in {"key", "expireAfterSeconds"}}
    return IndexModel(list(model.document["key"].items()), **document)


# indexes an earlier version made that nothing reads now, by their keys: each costs every write, so they go
NO_LONGER_WANTED: dict[str, list[list[tuple[str, int]]]] = {
    # the open queue reads case_queue rows (by category and by claim) since 6 December
    "cases": [*[[(f"queue_{category}", 1)] for category in CATEGORY_NAMES], [("claimed_by", 1), ("queue_key", 1)]],
}


async def drop_unwanted_indexes(db: AsyncDatabase) -> list[str]:
    """Drop NO_LONGER_WANTED indexes where they exist; returns their names."""
    dropped = []
    for name, unwanted in NO_LONGER_WANTED.items():
        for index_name, info in (await db[name].index_information()).items():
            if [(field, int(direction)) for field, direction in info["key"]] in unwanted:
                await db[name].drop_index(index_name)
                dropped.append(index_name)
    return dropped


async def ensure_indexes(db: AsyncDatabase, server_expires: bool = True) -> None:
    """Create every index; safe to run at each start (creating an existing index is a no-op).

    With `server_expires` False the time fields get plain indexes instead of TTL ones (an earlier TTL index is
    dropped), and expiry is Database.delete_expired's: nx-27017 runs its TTL sweep, a scan, inside every query
    on a collection with a TTL index (a find by _id took 57 ms at 26,000 listings, 0.7 ms without)."""
    for name, indexes in _INDEXES.items():
        collection = db[name]
        if not server_expires and name in EXPIRING:
            existing = await collection.index_information()
            for index_name, info in existing.items():
                if "expireAfterSeconds" in info:
                    await collection.drop_index(index_name)
            indexes = [_without_ttl(model) for model in indexes]
        if not server_expires:
            indexes = [model for model in indexes if model is not MULTIKEY_KEYS] + _lead_field_indexes(name)
        await collection.create_indexes(indexes)
    await drop_unwanted_indexes(db)


def _lead_field_indexes(name: str) -> list[IndexModel]:
    """For nx-27017: one-field indexes on the fields its queries need read by equality (NX_EQUALITY_FIELDS). It
    treats an equality on a field as "this value, or an array holding it" (a scan) unless an index is named after
    the field; with one, the equality and then the compound indexes are used (the queue's first page: 40 ms to 13
    ms at 11,000 cases). Not on every field: with no statistics, SQLite then chose a reports' `status` index (most
    reports pending) over a case's `case_id` and read 200,000 reports for a decision."""
    return [IndexModel([(field, ASCENDING)]) for field in NX_EQUALITY_FIELDS.get(name, ())]


# the first fields of compound indexes, read by equality (see _lead_field_indexes)
NX_EQUALITY_FIELDS = {
    "cases": ("status", "claimed_by"), "case_queue": ("claimed_by",), "report_keys": ("key", "report"),
    "reports": ("salon_id",), "appeals": ("status",), "salons": ("platform_id",), "webhooks": ("salon_id",), "webhook_deliveries": ("webhook_id",), "salon_users": ("salon_id",),
    "portal_lookups": ("salon_id",), "case_notes": ("case_id",), "notices": ("status",),
    "blocklist_entries": ("misused",),  # the few listings someone else used (EntryStore.misused_keys)
}


class Database(Store):
    """The process's one client and its collections: opened without I/O, checked and prepared at start."""

    def __init__(self, settings: Settings, cipher: FieldCipher) -> None:
        if not settings.mongodb_uri:
            raise ValueError("settings.mongodb_uri must be set (the CLI starts the embedded server first)")
        self.client: AsyncMongoClient = create_client(settings, settings.mongodb_uri)
        self.collections = Collections(self.client[settings.db_name], cipher)
        self.server_expires = True  # MongoDB deletes what TTL indexes say; decided at prepare()

    async def ping(self) -> None:
        """Answers within the request time limit: an absent database shows fast."""
        await self.client.admin.command("ping")

    async def prepare(self) -> None:
        """Every index each collection needs (safe at every start)."""
        build = await self.client.admin.command("buildInfo")
        self.server_expires = build.get("process") != "nx_27017"  # (see ensure_indexes)
        self.collections.whole_answers = not self.server_expires
        await ensure_indexes(self.collections.db, self.server_expires)

    async def delete_expired(self, now: datetime) -> int:
        """What the TTL indexes would have deleted by now, where the server does not (the embedded one); returns
        how many documents went. Every process may run it: deleting twice deletes nothing."""
        if self.server_expires:
            return 0
        deleted = 0
        for name, (field, seconds) in EXPIRING.items():
            result = await self.collections.db[name].delete_many({field: {"$lte": now - timedelta(seconds=seconds)}})
            deleted += result.deleted_count
        return deleted

    async def close(self) -> None:
        await self.client.close()
