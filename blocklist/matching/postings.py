"""Postings: 64-bit key hash → ids, the structure under both in-memory indexes (the moderators' match
index and the lookup index's partial identifiers).

The bulk lives in two sorted numpy arrays (12–16 bytes a posting, a binary search per key), what was
added since in a dict; `compact` folds the dict in. With `filter_bits`, a bit filter over the hashes'
low bits answers "nobody has this key" for most queries without touching either (the lookup's path:
most customers are nobody's).
"""

from __future__ import annotations

from array import array

import numpy as np


class PresenceFilter:
    """One bit per slot of a hash's low bits: "surely absent" or "maybe present", in 2**bits / 8 bytes."""

    def __init__(self, bits: int) -> None:
        self.mask = (1 << bits) - 1
        self.bits = bytearray((self.mask + 1) // 8)

    def load(self, hashes: np.ndarray) -> None:
        # bit by bit rather than through a byte per slot: an empty or small index loads in microseconds
        slots = (hashes & np.uint64(self.mask)).astype(np.int64)
        packed = np.zeros((self.mask + 1) // 8, dtype=np.uint8)
        np.bitwise_or.at(packed, slots >> 3, (1 << (slots & 7)).astype(np.uint8))
        self.bits = bytearray(packed.tobytes())

    def add(self, key_hash: int) -> None:
        bit = key_hash & self.mask
        self.bits[bit >> 3] |= 1 << (bit & 7)

    def might_have(self, key_hash: int) -> bool:
        bit = key_hash & self.mask
        return bool(self.bits[bit >> 3] >> (bit & 7) & 1)


class Postings:
    def __init__(self, id_type: type = np.uint32, filter_bits: int = 0) -> None:
        self._id_type = np.dtype(id_type)
        self._id_code = "I" if self._id_type == np.uint32 else "q"
        self.hashes = np.empty(0, dtype=np.uint64)
        self.ids = np.empty(0, dtype=self._id_type)
        self.recent: dict[int, list[int]] = {}
        self.recent_count = 0
        # a bulk load appends here, unsearchable until the next compaction (much cheaper than `recent`)
        self.loading = False
        self._pending_hashes = array("Q")
        self._pending_ids = array(self._id_code)
        self._filter = PresenceFilter(filter_bits) if filter_bits else None

    # ------------------------------------------------------------------ writing

    def load(self, hashes: np.ndarray, ids: np.ndarray) -> None:
        """Replace everything with these postings (in any order)."""
        order = np.argsort(hashes, kind="stable")
        self.hashes, self.ids = hashes[order], ids[order].astype(self._id_type, copy=False)
        self.recent, self.recent_count = {}, 0
        if self._filter is not None:
            self._filter.load(self.hashes)

    def add(self, key_hash: int, posting: int, unique: bool = False) -> None:
        """Post `posting` under `key_hash` (once, with `unique`, among the recent additions)."""
        if self.loading:
            self._pending_hashes.append(key_hash)
            self._pending_ids.append(posting)
        else:
            found = self.recent.setdefault(key_hash, [])
            if unique and posting in found:
                return
            found.append(posting)
            self.recent_count += 1
        if self._filter is not None:
            self._filter.add(key_hash)

    def compact(self, alive: bytearray | None = None) -> None:
        """Fold recent additions into the sorted arrays, dropping postings whose id `alive` marks 0."""
        extra_h, extra_i = self._pending_hashes, self._pending_ids
        self._pending_hashes, self._pending_ids = array("Q"), array(self._id_code)
        for key_hash, postings in self.recent.items():
            for posting in postings:
                extra_h.append(key_hash)
                extra_i.append(posting)
        hashes = np.concatenate((self.hashes, np.frombuffer(extra_h, dtype=np.uint64)))
        ids = np.concatenate((self.ids, np.frombuffer(extra_i, dtype=self._id_type)))
        if alive is not None and len(ids):
            keep = np.frombuffer(bytes(alive), dtype=np.uint8)[ids] == 1
            hashes, ids = hashes[keep], ids[keep]
        order = np.argsort(hashes, kind="stable")
        self.hashes, self.ids = hashes[order], ids[order]
        self.recent, self.recent_count = {}, 0

    # ------------------------------------------------------------------ reading

    def might_have(self, key_hash: int) -> bool:
        """False when surely nobody is posted under the key (True without a filter)."""
        return self._filter is None or self._filter.might_have(key_hash)

    def _range(self, key_hash: int) -> tuple[int, int]:
        h = np.uint64(key_hash)
        return int(self.hashes.searchsorted(h, side="left")), int(self.hashes.searchsorted(h, side="right"))

    def size_of(self, key_hash: int) -> int:
        left, right = self._range(key_hash)
        recent = self.recent.get(key_hash)
        return right - left + (len(recent) if recent else 0)

    def bucket(self, key_hash: int, cap: int) -> tuple[int, np.ndarray | None]:
        """(bucket size, its ids) — the ids are None when the bucket is larger than `cap`."""
        left, right = self._range(key_hash)
        recent = self.recent.get(key_hash)
        size = (right - left) + (len(recent) if recent else 0)
        if size == 0 or size > cap:
            return size, None
        if recent:
            return size, np.concatenate((self.ids[left:right], np.asarray(recent, dtype=self._id_type)))
        return size, self.ids[left:right]

    def distinct(self, key_hash: int) -> list[int]:
        """Every id posted under the key, once (check might_have first: this costs a binary search)."""
        left, right = self._range(key_hash)
        found = self.ids[left:right].tolist() if right > left else []
        recent = self.recent.get(key_hash)
        if recent:
            found.extend(p for p in recent if p not in found)
        return found
