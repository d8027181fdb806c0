"""The in-memory picture of the blocklist that answers lookups without a database round trip.

Three parts, all keyed by the HMAC pseudonyms of canonical emails and phones:
- entries: every active entry (action, scope, expiry, disputed) in numpy columns sorted by key
  hash (about 30 bytes an entry), plus a small overlay for entries changed since the load;
- listed people: one per case with entries, found by their partial identifier keys (the mailbox
  name, the last 8 digits) for the fuzzy reasons, with their name for scoring and the keys of
  their entries (so a fuzzy match is checked against the entries' scope and expiry like an exact
  one). Names are never searched here: a name alone never changes a verdict;
- signals: recent reports per key (which salon, what category, when, pending or confirmed), for
  "reported by several salons" and "repeated no-shows".
Loaded at start, then kept in sync by applying changed entries and cases (see services/follower.py).
"""

from __future__ import annotations

import hashlib
import math
from array import array
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Iterator, Protocol

import numpy as np

from blocklist.matching.email import DIGIT, FULL, LETTER
from blocklist.matching.index import MatchIndex
from blocklist.matching.names import NameKeys
from blocklist.matching.postings import Postings, PresenceFilter
from blocklist.matching.subject import PARTIAL_KINDS

ACTION_CODES = {"block": 1, "challenge": 2, "warn": 3}
ACTION_NAMES = {code: name for name, code in ACTION_CODES.items()}
# presence filter over the low bits of key hashes: 16 MB, about 1 false "maybe" in 8 at 2 million entries
_PRESENT_MASK = (1 << 24) - 1
# "disputed" holds a listing's restrictions as bits (its name is older than the second one, and snapshots
# carry it): DISPUTED, MISUSED
ENTRY_DTYPE = np.dtype([("key", "<u8"), ("entry", "<u8"), ("action", "u1"), ("salon", "<i4"),
                         ("expires", "<f8"), ("disputed", "u1")])
DISPUTED, MISUSED = 1, 2


def restrictions(entry: "ListedEntry") -> int:
    return (DISPUTED if entry.status == "disputed" else 0) | (MISUSED if getattr(entry, "misused", False) else 0)


def key_hash(value: str) -> int:
    """A 64-bit hash that is the same in every process (a snapshot carries them). Identifier keys are
    HMAC hex digests, already uniform: their first 16 hex digits are the hash; anything else is hashed."""
    prefix = _hex_prefix(value) if len(value) == 32 else None
    return prefix if prefix is not None else _blake2b64(value)


def _hex_prefix(value: str) -> int | None:
    """The first 64 bits of a hex digest, or None when it is not one."""
    try:
        return int(value[:16], 16)
    except ValueError:
        return None


def _blake2b64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "little")


def partial_key_hash(key: str) -> int:
    """The hash a partial identifier key is posted under: a kind letter and a hex HMAC pseudonym (already
    uniform), so its first 64 bits."""
    prefix = _hex_prefix(key[1:])
    return prefix if prefix is not None else _blake2b64(key)


# a typo posting packs the person and what their mailbox's deletion took away: person * 4 + code
TYPO_CODES = {FULL: 0, LETTER: 1, DIGIT: 2}
TYPO_DELETED = {code: deleted for deleted, code in TYPO_CODES.items()}


def typo_posting(key: str, identity: int) -> tuple[int, int]:
    """(hash, posting) of a stored typo key (`v`, what was deleted, 16 hex digits: Pseudonymiser.typo_keys)."""
    return int(key[2:18], 16), identity * 4 + TYPO_CODES[key[1]]


def typo_keys() -> Postings:
    """Listed people by their mailboxes' typo neighbourhoods (matching/email.typo_neighbourhood), with a
    presence filter in front: most customers' probes meet nobody."""
    return Postings(np.int64, filter_bits=25)


def partial_keys() -> Postings:
    """Listed people by their partial identifier keys (`l…` the mailbox name, `t…` the last 8 digits), with a
    32 Mbit (4 MB) filter in front: a few percent false "maybe" at 2 million keys."""
    return Postings(np.int64, filter_bits=25)


class ListedEntry(Protocol):
    """What the index reads of a listing (models.IndexedEntry, or a whole models.Entry)."""

    id: str
    key: str
    action: str
    status: str
    case_id: str
    salon_id: str | None
    expires_at: datetime | None
    name_packed: tuple[str, ...]
    match_keys: tuple[str, ...]


class RecordedOutcome(Protocol):
    """What the index reads of a booking's outcome (models.BookingOutcome)."""

    lookup_id: str
    salon_id: str
    keys: tuple[str, ...]
    outcome: str
    booked_at: datetime


class SignalledCase(Protocol):
    """What the signals read of a case (models.IndexedCase or a whole models.Case; models.Erased when gone)."""

    id: str
    status: str


@dataclass(frozen=True)
class EntryRow:
    action: str  # block | challenge
    salon: str | None  # None: global
    expires: float  # epoch seconds; inf: until lifted
    disputed: bool
    misused: bool = False


@dataclass(frozen=True)
class ReportSignal:
    salon_id: str
    category: str
    received: float
    status: str
    # a no-show or late cancellation about an identifier reported with many clearly different names
    # (matching/shared.py): weak evidence
    weak: bool = False
    # a report a decision was made on stops counting as a no-show when the listing it made ends (epoch)
    spent_after: float = math.inf


class LookupIndex:
    """Entries, identities and report signals of one process; see the module docstring."""

    def __init__(self) -> None:
        self._salons: list[str] = []
        self._salon_index: dict[str, int] = {}
        self._base_keys = np.empty(0, dtype=np.uint64)
        self._base_rows = np.empty(0, dtype=ENTRY_DTYPE)
        self._present = bytes(1)  # see rows_by_hash; built with the base rows
        self._overlay: dict[int, dict[int, EntryRow]] = {}  # key hash -> entry hash -> row
        self._superseded: set[int] = set()  # entry hashes whose base row is out of date
        self.partial_keys = partial_keys()
        self.typo_keys = typo_keys()
        # the gates of listed mailboxes (matching/email.typo_gates): a lookup meeting none needs no typo probe
        self.typo_gates = PresenceFilter(26)
        self._names: list[str | None] = []  # each loaded person's packed name (see pack_name)
        self._recent_names: dict[int, str | None] = {}  # of people listed after the load
        self._identity_of_case: dict[str, int] = {}
        self._case_of_loaded: list[str] = []  # identity -> case id (the same strings as the dict's keys)
        self._case_of_recent: dict[int, str] = {}  # of people listed after the load
        # listed people by name, for moderators' name search: built on demand (build_names), kept current after
        self.names: MatchIndex | None = None
        self._identity_keys_start = np.zeros(1, dtype=np.int64)
        self._identity_keys = np.empty(0, dtype=np.uint64)
        self._identity_keys_recent: dict[int, list[int]] = {}
        self._signals: dict[int, dict[str, list[ReportSignal]]] = {}  # key hash -> case id -> reports
        self._case_signal_keys: dict[str, list[int]] = {}
        # salons' word on looked-up bookings (services/outcomes.py): key hash -> lookup id -> what happened
        self._booking_outcomes: dict[int, dict[str, tuple[str, str, float]]] = {}
        self._outcome_keys: dict[str, list[int]] = {}

    # ------------------------------------------------------------------ loading


    # ------------------------------------------------------------------ changes

    def apply_entry(self, entry: ListedEntry) -> None:
        """Take in an entry's current state (created, lifted, disputed, expired)."""
        kh = key_hash(entry.key)
        eh = key_hash(entry.id)
        self._superseded.add(eh)
        rows = self._overlay.setdefault(kh, {})
        if entry.status not in ("active", "disputed"):
            rows.pop(eh, None)
            return
        restricted = restrictions(entry)
        rows[eh] = EntryRow(entry.action, entry.salon_id, _epoch(entry.expires_at), bool(restricted & DISPUTED),
                            bool(restricted & MISUSED))
        identity = self._identity_of_case.get(entry.case_id)
        if identity is None:
            identity = self._identity_of_case[entry.case_id] = -len(self._identity_of_case) - 1
            self._case_of_recent[identity] = entry.case_id
        keys = self._identity_keys_recent.setdefault(identity, [])
        if kh not in keys:
            keys.append(kh)
        if identity < 0 and identity not in self._recent_names:
            self._recent_names[identity] = entry.name_packed[0] if entry.name_packed else None
            if self.names is not None and entry.name_packed:
                self.names.add_prepared(identity, entry.name_packed[0], [])
        for key in entry.match_keys:
            if key[:1] in PARTIAL_KINDS:
                self.partial_keys.add(partial_key_hash(key), identity, unique=True)
            elif key[:1] == "v":
                self.typo_keys.add(*typo_posting(key, identity), unique=True)
            elif key[:1] == "w":
                self.typo_gates.add(int(key[1:17], 16))

    def remove_entry(self, entry_id: str) -> None:
        """Forget an entry that no longer exists (erased, or deleted at the end of its period)."""
        eh = key_hash(entry_id)
        self._superseded.add(eh)
        for rows in self._overlay.values():
            rows.pop(eh, None)

    def apply_case(self, case: SignalledCase, window_start: float) -> None:
        """Take in a case's recent reports as signals for its keys (replacing what it had before); a case
        merged into another or gone for good (status "erased") drops them."""
        self.apply_signals(case_signals(case), window_start)

    def apply_signals(self, signals: list, window_start: float) -> None:
        """The same from a case's signal inputs (see case_signals): [case id, status, keys, reports, shared
        keys]. Each key gets only the reports that carry it: one salon's report joined to a case through an
        email says nothing, at other salons, about the phone it brought along. A shared key's signals are
        weak (older snapshots' signals have no shared keys)."""
        case_id, status, keys, raw_reports = signals[:4]
        shared = set(signals[4]) if len(signals) > 4 else set()
        listing_ends = signals[5] if len(signals) > 5 else math.inf  # (older snapshots: not known)
        for kh in self._case_signal_keys.pop(case_id, []):
            by_case = self._signals.get(kh)
            if by_case is not None:
                by_case.pop(case_id, None)
                if not by_case:
                    del self._signals[kh]
        if status == "merged":
            return
        by_key: dict[str, list[ReportSignal]] = {}
        for salon_id, category, received, report_status, quarantined, *rest in raw_reports:
            if report_status not in ("pending", "confirmed") or received < window_start:
                continue
            if quarantined and report_status == "pending":
                continue  # a quarantined salon's unreviewed reports count for nothing until confirmed
            # summaries (and snapshots) written before reports carried their keys speak for the whole case
            for key in (rest[0] if rest and rest[0] is not None else keys):
                # (a shared number weakens what happened at a booking — a no-show, a late cancellation — not a
                # fake booking or abuse: one phone behind many made-up names is how a fake-booking ring looks)
                weak = key in shared and category in ("no_show", "late_cancellation")
                by_key.setdefault(key, []).append(ReportSignal(
                    salon_id, category, received, report_status, weak,
                    listing_ends if report_status == "confirmed" else math.inf))
        hashes = []
        for key, reports in by_key.items():
            kh = key_hash(key)
            hashes.append(kh)
            self._signals.setdefault(kh, {})[case_id] = reports
        if hashes:
            self._case_signal_keys[case_id] = hashes

    def remove_outcome(self, lookup_id: str) -> None:
        for kh in self._outcome_keys.pop(lookup_id, []):
            by_lookup = self._booking_outcomes.get(kh)
            if by_lookup is not None:
                by_lookup.pop(lookup_id, None)
                if not by_lookup:
                    del self._booking_outcomes[kh]

    def apply_outcome(self, outcome: "RecordedOutcome") -> None:
        """Take in what a salon said happened to a looked-up booking (replacing what it said before)."""
        self.remove_outcome(outcome.lookup_id)
        if outcome.outcome == "cancelled_in_time":
            return  # nothing happened that says anything about the person
        hashes = [key_hash(key) for key in outcome.keys]
        for kh in hashes:
            self._booking_outcomes.setdefault(kh, {})[outcome.lookup_id] = (
                outcome.salon_id, outcome.outcome, outcome.booked_at.timestamp())
        self._outcome_keys[outcome.lookup_id] = hashes

    @property
    def has_booking_outcomes(self) -> bool:
        return bool(self._booking_outcomes)

    def booking_outcomes(self, key: str) -> Iterable[tuple[str, str, float]]:
        """(salon id, outcome, booking time) of the looked-up bookings with this key whose outcome is known."""
        found = self._booking_outcomes.get(key_hash(key))
        return found.values() if found else ()

    # ------------------------------------------------------------------ reading

    def rows(self, key: str) -> list[EntryRow]:
        """Entries of one identifier key (any scope, any expiry: the caller decides what applies)."""
        kh = key_hash(key)
        return self.rows_by_hash(kh)

    def rows_by_hash(self, kh: int) -> list[EntryRow]:
        found: list[EntryRow] = []
        keys = self._base_keys
        # most lookups are about people nobody listed: a byte per slot answers "surely not here" at once
        if len(keys) and self._present[kh & _PRESENT_MASK]:
            h = np.uint64(kh)
            left = int(keys.searchsorted(h, side="left"))
            right = int(keys.searchsorted(h, side="right"))
            # as tuples: reading fields of numpy records one by one costs microseconds each
            for _, entry, action, salon, expires, restricted in self._base_rows[left:right].tolist():
                if entry in self._superseded:
                    continue
                found.append(EntryRow(ACTION_NAMES.get(action, "challenge"), None if salon < 0 else self._salons[salon],
                                      expires, bool(restricted & DISPUTED), bool(restricted & MISUSED)))
        overlay = self._overlay.get(kh)
        if overlay:
            found.extend(overlay.values())
        return found

    @property
    def entry_count(self) -> int:
        """Entries the index holds now: those it was built with that no change replaced, and those the
        change log brought since (a process started from an empty snapshot has only the latter)."""
        base = len(self._base_rows)
        if base and self._superseded:
            replaced = np.fromiter(self._superseded, dtype=np.uint64, count=len(self._superseded))
            base -= int(np.isin(self._base_rows["entry"], replaced).sum())
        return base + sum(len(rows) for rows in self._overlay.values())

    @property
    def people_count(self) -> int:
        return len(self._names) + len(self._recent_names)

    def cases_sharing(self, partial_key: str, most: int = 200) -> list[str]:
        """The cases of listed people sharing a partial identifier key (`t…`: the last 8 digits; `l…`: the
        mailbox name), at most `most` of them: for a moderator's "other numbers ending the same"."""
        kh = partial_key_hash(partial_key)
        if not self.partial_keys.might_have(kh):
            return []
        found = []
        for identity in self.partial_keys.distinct(kh)[:most]:
            case_id = self._case_of(identity)
            if case_id is not None:
                found.append(case_id)
        return found

    def build_names(self, step: int = 500) -> Iterator[None]:
        """Index every listed person's name (see matching/index.py), `step` people at a time: the caller may let
        other work run between steps. `names` is set when it is complete; people listed meanwhile are added by
        apply_entry from then on, and the ones listed during the build are taken at its end."""
        names = MatchIndex()
        with names.bulk_load():
            for start in range(0, len(self._names), step):
                for identity in range(start, min(start + step, len(self._names))):
                    if self._names[identity]:
                        names.add_prepared(identity, self._names[identity], [])
                yield
        for identity, packed in list(self._recent_names.items()):
            if packed:
                names.add_prepared(identity, packed, [])
        self.names = names

    def cases_named(self, name: NameKeys, least: float, most: int = 12) -> list[tuple[str, float]]:
        """The cases of listed people whose name scores at least `least` against `name`, best first (needs
        build_names)."""
        if self.names is None or name.empty:
            return []
        found = []
        for match in self.names.search_keys(name, [], limit=most):
            score = match.name.score if match.name else 0.0
            case_id = self._case_of(int(match.id))  # type: ignore[arg-type]
            if score >= least and case_id is not None:
                found.append((case_id, score))
        return found

    def _case_of(self, identity: int) -> str | None:
        if 0 <= identity < len(self._case_of_loaded):
            return self._case_of_loaded[identity]
        return self._case_of_recent.get(identity)

    def packed_name(self, identity: int) -> str | None:
        """The listed person's name as stored (pack_name), or None."""
        if identity >= 0:
            return self._names[identity] if identity < len(self._names) else None
        return self._recent_names.get(identity)

    def identity_key_hashes(self, identity: int) -> list[int]:
        """Hashes of the identifier keys an identity (a case) has had entries for, lifted ones too."""
        hashes: list[int] = []
        if 0 <= identity < len(self._identity_keys_start) - 1:
            start, end = self._identity_keys_start[identity], self._identity_keys_start[identity + 1]
            hashes.extend(self._identity_keys[start:end].tolist())
        hashes.extend(self._identity_keys_recent.get(identity, ()))
        return list(dict.fromkeys(hashes))

    def signals(self, key: str) -> list[ReportSignal]:
        """Recent reports about this identifier, from every case that has it."""
        return [signal for reports in self._signals.get(key_hash(key), {}).values() for signal in reports]


def case_signals(case: SignalledCase) -> list:
    """What the signals need of a case, as plain values: [case id, status, keys, reports, shared keys, when its
    listing ends (epoch seconds; inf: no listing, or until lifted)], each report [salon id, category, received
    (epoch seconds), status, quarantined, its keys (None if unknown)]."""
    reports = getattr(case, "reports", ())  # (a case gone for good has none)
    return [case.id, case.status, list(getattr(case, "keys", ())),
            [[r.salon_id, r.category, _epoch(r.received_at), r.status, r.quarantined,
              list(r.keys) if r.keys is not None else None] for r in reports], list(getattr(case, "shared_keys", ())),
            _epoch(getattr(case, "listing_ends", None))]


@dataclass
class IndexParts:
    """Everything a LookupIndex is built from, in compact form (what an index snapshot stores)."""

    base: np.ndarray  # entry rows sorted by key hash (ENTRY_DTYPE)
    salons: list[str]  # salon ids, by the numbers the rows use
    case_ids: list[str]  # one identity per case with entries, in this order
    names: list[str | None]  # each identity's first packed name
    match_keys: list[list[str]]  # each identity's weak identifier keys
    keys_start: np.ndarray  # identity i's entry key hashes are keys_flat[keys_start[i]:keys_start[i + 1]]
    keys_flat: np.ndarray
    signals: list[list]  # case_signals() of recently reported cases


class IndexBuilder:
    """Collects entries streamed in batches (and recent cases' signals) as compact columns."""

    def __init__(self) -> None:
        self.salons: list[str] = []
        self._salon_index: dict[str, int] = {}
        self.keys, self.ids, self.actions = array("Q"), array("Q"), array("B")
        self.salon_numbers, self.expires, self.disputed = array("i"), array("d"), array("B")
        # case id -> (first packed name, weak keys, entry key hashes)
        self.cases: dict[str, tuple[str | None, list[str], list[int]]] = {}
        self.signals: list[list] = []

    def _salon(self, salon_id: str | None) -> int:
        if salon_id is None:
            return -1
        number = self._salon_index.get(salon_id)
        if number is None:
            number = self._salon_index[salon_id] = len(self.salons)
            self.salons.append(salon_id)
        return number

    def add(self, entries: Iterable[ListedEntry]) -> None:
        for entry in entries:
            kh = key_hash(entry.key)
            self.keys.append(kh)
            self.ids.append(key_hash(entry.id))
            self.actions.append(ACTION_CODES[entry.action])
            self.salon_numbers.append(self._salon(entry.salon_id))
            self.expires.append(_epoch(entry.expires_at))
            self.disputed.append(restrictions(entry))
            case = self.cases.get(entry.case_id)
            if case is None:
                packed = entry.name_packed[0] if entry.name_packed else None
                case = self.cases[entry.case_id] = (packed, [], [])
            case[1].extend(entry.match_keys)
            case[2].append(kh)

    def add_case(self, case: SignalledCase) -> None:
        """A case reported within the signals window."""
        self.signals.append(case_signals(case))

    def parts(self) -> IndexParts:
        base = np.empty(len(self.keys), dtype=ENTRY_DTYPE)
        for column, values, dtype in (("key", self.keys, np.uint64), ("entry", self.ids, np.uint64),
                                      ("action", self.actions, np.uint8), ("salon", self.salon_numbers, np.int32),
                                      ("expires", self.expires, np.float64), ("disputed", self.disputed, np.uint8)):
            if len(values):
                base[column] = np.frombuffer(values, dtype=dtype)
        starts, flat = array("q", [0]), array("Q")
        case_ids, names, match_keys = [], [], []
        for case_id, (packed, keys, entry_keys) in self.cases.items():
            case_ids.append(case_id)
            names.append(packed)
            match_keys.append(sorted(set(keys)))
            flat.extend(entry_keys)
            starts.append(len(flat))
        return IndexParts(np.sort(base, order="key", kind="stable"), self.salons, case_ids, names, match_keys,
                          np.frombuffer(starts, dtype=np.int64).copy(),
                          np.frombuffer(flat, dtype=np.uint64).copy() if len(flat) else np.empty(0, np.uint64),
                          self.signals)


def build_index(parts: IndexParts, window_start: float) -> LookupIndex:
    """A LookupIndex from its parts (read from the database, or from a snapshot)."""
    index = LookupIndex()
    index._salons = list(parts.salons)
    index._salon_index = {salon_id: number for number, salon_id in enumerate(index._salons)}
    # separate contiguous columns: searchsorted on a strided view of a record array copies it
    index._base_keys = np.ascontiguousarray(parts.base["key"])
    index._base_rows = parts.base
    present = np.zeros(_PRESENT_MASK + 1, dtype=np.uint8)
    present[index._base_keys & np.uint64(_PRESENT_MASK)] = 1
    index._present = present.tobytes()
    index._names = list(parts.names)
    partial_hashes, partial_people = array("Q"), array("q")
    typo_hashes, typo_people, gates = array("Q"), array("q"), array("Q")
    for identity, (case_id, keys) in enumerate(zip(parts.case_ids, parts.match_keys)):
        index._identity_of_case[case_id] = identity
        index._case_of_loaded.append(case_id)
        for key in keys:
            if key[:1] in PARTIAL_KINDS:
                partial_hashes.append(partial_key_hash(key))
                partial_people.append(identity)
            elif key[:1] == "v":
                kh, posting = typo_posting(key, identity)
                typo_hashes.append(kh)
                typo_people.append(posting)
            elif key[:1] == "w":
                gates.append(int(key[1:17], 16))
    index.partial_keys.load(_column(partial_hashes, np.uint64), _column(partial_people, np.int64))
    index.typo_keys.load(_column(typo_hashes, np.uint64), _column(typo_people, np.int64))
    index.typo_gates.load(_column(gates, np.uint64))
    index._identity_keys_start = parts.keys_start
    index._identity_keys = parts.keys_flat
    for signals in parts.signals:
        index.apply_signals(signals, window_start)
    return index


def _column(values: array, dtype: type) -> np.ndarray:
    return np.frombuffer(values, dtype=dtype) if values else np.empty(0, dtype)


def _epoch(value: datetime | None) -> float:
    return value.timestamp() if value is not None else math.inf
