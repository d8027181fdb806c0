"""Bringing an existing blocklist in (`blocklist admin import FILE`): CSV or JSON Lines with email, phone, name,
country, scope, expiry and a source note per line.

A dry run says what would be added, what is listed already (merged: the listing in force stays as it is) and
what is refused, line by line and why. An import then lists every accepted identifier as a block, keyed and
sealed like a moderator's listing, queues the listed person's notice (Art. 14) and tells every process's lookup
index through the change log. It reads the file as a stream, a batch at a time, so memory stays the same
whatever the file's size; it is idempotent (an identifier's listing id comes from the import's id, itself the
file's digest, and its key) and resumable (each batch is recorded once its listings are stored: a run of the
same file after a crash starts at the first batch not recorded). Each run is audited with its counts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import time
from dataclasses import dataclass, field
from datetime import date, datetime, time as day_time, timedelta, timezone
from typing import Any, Callable, Iterable, Iterator

import orjson
import phonenumbers

from blocklist.clock import Clock, as_utc, isoformat
from blocklist.credentials import Pseudonymiser
from blocklist.errors import InvalidRequest
from blocklist.matching.subject import listing_match_keys, prepare_subject
from blocklist.models import Entry
from blocklist.services.audit import AuditLog
from blocklist.services.changes import Changes
from blocklist.services.notices import NoticeService
from blocklist.storage.accounts import AccountStore
from blocklist.storage.entries import EntryStore
from blocklist.storage.imports import ImportStore

FIELDS = {"email": 320, "phone": 40, "name": 200, "country": 2, "scope": 80, "expiry": 40, "note": 2000}
ALIASES = {"expires_at": "expiry", "expires": "expiry", "source": "note", "source_note": "note",
           "full_name": "name", "telephone": "phone", "mobile": "phone"}
BATCH = 1000
REFUSALS_KEPT = 1000  # the first refusals are listed one by one; the rest are counted


@dataclass(frozen=True)
class Refusal:
    line: int
    field: str
    reason: str


@dataclass
class ImportResult:
    import_id: str
    dry_run: bool
    lines: int = 0
    identities: int = 0  # lines with at least one identifier added or listed already
    added: int = 0  # identifiers listed by this import
    merged: int = 0  # identifiers listed already (in force, same scope): left as they are
    refused: int = 0  # lines, or fields of a line, refused (see refusals)
    refusals: list[Refusal] = field(default_factory=list)
    resumed_from: int = 0  # lines an earlier run of the same file had done
    finished_before: bool = False  # an earlier run imported the whole file: this one changed nothing
    seconds: float = 0.0
    this_run: int = 0  # identities this run took (the rate's numerator)

    def view(self) -> dict[str, Any]:
        return {"import_id": self.import_id, "dry_run": self.dry_run, "lines": self.lines,
                "identities": self.identities, "added": self.added, "merged": self.merged, "refused": self.refused,
                "resumed_from_line": self.resumed_from, "already_imported": self.finished_before,
                "seconds": round(self.seconds, 2),
                "identities_per_second": round(self.this_run / self.seconds, 1) if self.seconds else None,
                "refusals": [{"line": r.line, "field": r.field, "reason": r.reason} for r in self.refusals]}


def read_rows(stream: Iterable[str], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, fields) of a CSV file (a header line first) or a JSON Lines file (`.jsonl`, `.ndjson`, or
    a first line that is an object), read a line at a time."""
    lines = iter(stream)
    first = next(lines, "")
    if name.endswith((".jsonl", ".ndjson")) or first.lstrip().startswith("{"):
        for number, line in enumerate(_chain(first, lines), 1):
            if not line.strip():
                continue
            try:
                row = orjson.loads(line)
            except orjson.JSONDecodeError:
                yield number, {"__problem__": "not a JSON object"}
                continue
            yield number, row if isinstance(row, dict) else {"__problem__": "not a JSON object"}
        return
    reader = csv.DictReader(_chain(first, lines))
    try:
        if reader.fieldnames is None:
            return
        reader.fieldnames = [ALIASES.get(n.strip().lower(), n.strip().lower()) for n in reader.fieldnames]
        for row in reader:
            yield reader.line_num, {k: v for k, v in row.items() if k is not None}
    except csv.Error as exc:  # (a NUL byte, say): the reader cannot go on past it
        yield reader.line_num + 1, {"__problem__": f"unreadable CSV ({exc}); nothing after it was read"}


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


def file_digest(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ImportService:
    def __init__(self, entries: EntryStore, imports: ImportStore, accounts: AccountStore, notices: NoticeService,
                 changes: Changes, audit: AuditLog, pseudonymiser: Pseudonymiser, clock: Clock, *,
                 listing_default: timedelta, listing_max: timedelta) -> None:
        self.entries = entries
        self.imports = imports
        self.accounts = accounts
        self.notices = notices
        self.changes = changes
        self.audit = audit
        self.pseudonymiser = pseudonymiser
        self.clock = clock
        self.listing_default = listing_default
        self.listing_max = listing_max
        self._salons: dict[str, bool] = {}

    async def run(self, actor: str, source: str, digest: str, rows: Iterable[tuple[int, dict[str, Any]]],
                  dry_run: bool, progress: Callable[[ImportResult], None] | None = None,
                  batch: int = BATCH) -> ImportResult:
        """Import (or, with `dry_run`, only judge) the rows of one file, identified by its digest."""
        import_id = f"imp_{digest[:32]}"
        result = ImportResult(import_id, dry_run)
        started = time.perf_counter()
        done_before = 0
        if not dry_run:
            state = await self.imports.begin(import_id, actor, self.clock().timestamp(), source[:200])
            done_before = result.resumed_from = int(state["lines_done"])
            # the counts go on from the earlier runs' (the refusals listed are this run's)
            result.added, result.merged, result.refused = (int(state[k]) for k in ("added", "merged", "refused"))
            result.identities = int(state.get("identities", 0))
            result.finished_before = state.get("finished_at") is not None
            await self.audit.append(actor, "import.resumed" if done_before else "import.started", import_id,
                                    {"source": source[:200], "sha256": digest, "from_line": done_before})
        pending: list[tuple[int, dict[str, Any]]] = []
        for number, row in rows:
            result.lines = number
            if number <= done_before:
                continue
            pending.append((number, row))
            if len(pending) >= batch:
                await self._batch(actor, import_id, pending, result, dry_run)
                pending = []
                if progress:
                    progress(result)
        if pending:
            await self._batch(actor, import_id, pending, result, dry_run)
            if progress:
                progress(result)
        result.seconds = time.perf_counter() - started
        if not dry_run and not result.finished_before:
            await self.imports.finish(import_id, self.clock().timestamp())
            await self.audit.append(actor, "import.finished", import_id, {
                "lines": result.lines, "added": result.added, "merged": result.merged, "refused": result.refused})
        return result

    async def _batch(self, actor: str, import_id: str, rows: list[tuple[int, dict[str, Any]]],
                     result: ImportResult, dry_run: bool) -> None:
        """One batch: judged, then (unless a dry run) stored, told and recorded as done. A repeat of an
        identifier is found within the batch here, and across batches by the listings stored already (so a dry
        run, which stores nothing, counts a repeat more than a batch apart as added; the import lists it once).
        Nothing is kept from batch to batch: memory is the same whatever the file's size."""
        now = self.clock()
        seen: set[tuple[str, str | None]] = set()
        candidates: list[tuple[int, Entry]] = []
        for number, row in rows:
            candidates.extend((number, entry) for entry in await self._entries_of(actor, import_id, number, row,
                                                                                   now, result))
        listed = await self.entries.listed_keys(sorted({entry.key for _, entry in candidates}))
        fresh: list[Entry] = []
        lines_taken: set[int] = set()
        for number, entry in candidates:
            identity = (entry.key, entry.salon_id)
            lines_taken.add(number)
            if identity in listed or (entry.key, None) in listed or identity in seen:
                result.merged += 1  # listed in force already (for every salon, or for this one): left as it is
                continue
            seen.add(identity)
            fresh.append(entry)
        result.identities += len(lines_taken)
        result.this_run += len(lines_taken)
        result.added += len(fresh)
        if dry_run:
            return
        if fresh:
            await self.entries.insert_many(fresh)
            await self.notices.enqueue(fresh)  # the listed person is told, as after a moderator's decision
            await self.changes.record([("entry", entry.id) for entry in fresh], now, published={"entry": fresh})
        counts = {"added": result.added, "merged": result.merged, "refused": result.refused,
                  "identities": result.identities}
        await self.audit.append(actor, "import.batch", import_id, {
            "lines": [rows[0][0], rows[-1][0]], "listed": len(fresh)})
        await self.imports.advance(import_id, rows[-1][0], counts)

    async def _entries_of(self, actor: str, import_id: str, number: int, row: dict[str, Any], now: datetime,
                          result: ImportResult) -> list[Entry]:
        """The listings one line asks for; what it gets wrong is refused with the reason."""
        def refuse(field_name: str, reason: str) -> list[Entry]:
            result.refused += 1
            if len(result.refusals) < REFUSALS_KEPT:
                result.refusals.append(Refusal(number, field_name, reason))
            return []

        if "__problem__" in row:
            return refuse("line", row["__problem__"])
        values: dict[str, str] = {}
        for name, limit in FIELDS.items():
            value = row.get(name)
            if value is None or value == "":
                continue
            if not isinstance(value, str):
                return refuse(name, "must be text")
            value = value.strip()
            if len(value) > limit:
                return refuse(name, f"longer than {limit} characters")
            if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value):
                return refuse(name, "contains control characters")
            if value:
                values[name] = value
        if "email" not in values and "phone" not in values:
            return refuse("line", "neither an email nor a phone: a name alone cannot identify anyone safely")
        country = values.get("country", "").upper() or None
        if country and country not in phonenumbers.SUPPORTED_REGIONS:
            return refuse("country", f"unknown country code {country[:2]!r}")
        scope, salon_id = values.get("scope", "global"), None
        if scope != "global":
            salon_id = scope.removeprefix("salon:")
            if not scope.startswith("salon:") or not await self._salon_exists(salon_id):
                return refuse("scope", "must be global or salon:<id> of an existing salon")
        try:
            expires_at = self._expiry(values.get("expiry"), now)
        except InvalidRequest as exc:
            return refuse("expiry", exc.message)
        prepared = prepare_subject(values.get("name"), values.get("email"), values.get("phone"), country,
                                   self.pseudonymiser)
        identifiers: list[tuple[str, str]] = []
        if "email" in values:
            if prepared.email is None or not prepared.email.valid or not prepared.email.canonical:
                refuse("email", "not a valid email address")
            else:
                identifiers.append(("email", prepared.email.canonical))
        if "phone" in values:
            if prepared.phone is None or not prepared.phone.valid or not prepared.phone.e164:
                refuse("phone", "not a valid phone number" + ("" if country or values["phone"].startswith("+")
                                                              else " (give the country, or the number with +code)"))
            else:
                identifiers.append(("phone", prepared.phone.e164))
        names = (values["name"],) if "name" in values else ()
        note = f"imported from {values.get('note') or 'an existing blocklist'}"
        # one line is one person: their listings share an identity, as a case's do (there is no case to open)
        person = "imp_" + hashlib.sha256(f"{import_id}|{number}".encode()).hexdigest()[:32]
        return [Entry(
            id="ent_" + hashlib.sha256(f"{import_id}|{kind}|{value}|{salon_id}".encode()).hexdigest()[:32],
            kind=kind, value=value, key=self.pseudonymiser.key(kind, value), action="block", scope=scope,
            salon_id=salon_id, case_id=person, names=names, typed_names=names,
            name_packed=(prepared.packed_name,) if prepared.packed_name else (), status="active", created_at=now,
            created_by=actor, expires_at=expires_at, note=note,
            match_keys=tuple(listing_match_keys(kind, value, self.pseudonymiser)),
            pepper_version=self.pseudonymiser.version) for kind, value in identifiers]

    def _expiry(self, raw: str | None, now: datetime) -> datetime:
        if not raw:
            return now + self.listing_default
        try:
            parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            if len(raw) == 10:  # a date: the listing lasts through that day
                parsed = datetime.combine(date.fromisoformat(raw), day_time(23, 59, 59), timezone.utc)
        except ValueError:
            raise InvalidRequest("not a date (2027-06-30) or a time with its zone") from None
        if parsed.utcoffset() is None:
            raise InvalidRequest("a time needs its zone (2027-06-30T12:00:00+02:00), or give a date")
        parsed = as_utc(parsed)
        if parsed <= now:
            raise InvalidRequest(f"already over ({isoformat(parsed)[:10]})")
        if parsed > now + self.listing_max:
            raise InvalidRequest(f"beyond the longest listing ({self.listing_max.days} days from today)")
        return parsed

    async def _salon_exists(self, salon_id: str) -> bool:
        if salon_id not in self._salons:
            if len(self._salons) > 10_000:
                self._salons.clear()
            self._salons[salon_id] = await self.accounts.get_salon(salon_id[:80]) is not None
        return self._salons[salon_id]


def text_lines(raw: bytes) -> Iterator[str]:
    """A file's lines from bytes (UTF-8, a byte-order mark allowed)."""
    return iter(io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline=""))
