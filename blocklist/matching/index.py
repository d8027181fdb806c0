"""An in-memory index of identities: cheap candidate fetch by keys, then capped, explainable scoring.

Every identity (a name, emails, phones) is turned into keys: exact email and phone keys, weak
keys (the email's local part, the phone's last 8 digits), and name keys (tokens, skeletons, a
sorted skeleton pair, a sorted fingerprint). Postings live in sorted numpy arrays of 64-bit key
hashes (compact enough for millions of identities) plus a small dict for recent additions.

A query looks up its keys, ignores buckets larger than `bucket_cap` (the stop-word effect:
"anna", "van", a one-letter skeleton), ranks what is left by rarity × field boost, and scores at
most `max_candidates` of them. It never scans the whole index.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Hashable, Iterable, Iterator

import numpy as np
from rapidfuzz import fuzz, process

from blocklist.matching.email import CanonicalEmail
from blocklist.matching.names import NameKeys, semitic_form
from blocklist.matching.phone import CanonicalPhone
from blocklist.matching.postings import Postings
from blocklist.matching.score import NameScore, name_similarity
from blocklist.matching.thresholds import THRESHOLDS

# how much a shared key of each kind counts when ranking candidates (before scoring)
BOOSTS = {"e": 10.0, "p": 10.0, "l": 3.0, "t": 3.0, "f": 8.0, "q": 5.0, "x": 5.0, "y": 3.0, "n": 2.0, "s": 1.0}
# (a name, however similar, is never strong evidence on its own; see thresholds.py)
NAME_ONLY_CEILING = THRESHOLDS.name_only_ceiling
NAME_MATCH = THRESHOLDS.same_name

_MASK = (1 << 64) - 1


def _h(key: str) -> int:
    # Python's string hash: randomised per process, which is fine for an index that lives in one
    return hash(key) & _MASK


def _pair(prefix: str, a: str, b: str) -> str:
    """An order-insensitive key of two parts."""
    return prefix + (a + "|" + b if a <= b else b + "|" + a)


def name_index_keys(name: NameKeys) -> list[str]:
    """Blocking keys of a name: tokens, skeletons, the sorted skeleton pair and fingerprint."""
    keys: set[str] = set()
    significant = name.significant()
    tokens, folds, skeletons, vowelless = name.tokens, name.folds, name.skeletons, name.vowelless
    for i in significant:
        if not vowelless[i] and len(tokens[i]) >= 2:
            keys.add("n" + folds[i])
        for skeleton in skeletons[i]:
            if skeleton:
                keys.add("s" + skeleton)
    if len(significant) >= 2:
        firsts = [sorted(skeletons[i])[:2] for i in significant[:3]]
        for a_index in range(len(firsts)):
            for b_index in range(a_index + 1, len(firsts)):
                for a in firsts[a_index]:
                    for b in firsts[b_index]:
                        if a and b:
                            keys.add(_pair("q", a, b))
        if not any(vowelless[i] for i in significant):
            keys.add("f" + " ".join(sorted([folds[i] for i in significant])))
            # one token exact, the other by its first three letters: survives a typo later in the word;
            # both by their first three letters: survives a typo in each word
            # (as typed, for the second: folding moves prefixes, Jackson → akson but Jackon → akon)
            for a_index, i in enumerate(significant[:3]):
                for j in significant[a_index + 1:3]:
                    a, b = folds[i], folds[j]
                    keys.add(_pair("x", a[:3], b))
                    keys.add(_pair("x", a, b[:3]))
                    keys.add(_pair("y", tokens[i][:3], tokens[j][:3]))
    return list(keys)


def identifier_keys(emails: Iterable[CanonicalEmail], phones: Iterable[CanonicalPhone]) -> list[str]:
    """Exact and weak keys of emails and phones."""
    keys: set[str] = set()
    for email in emails:
        if email.canonical:
            keys.add("e" + email.canonical)
            # the mailbox name without separators: anna.nowak@wp.pl and annanowak@gmail.com share it
            local = (email.local or "").replace(".", "").replace("-", "").replace("_", "")
            if len(local) >= 4:
                keys.add("l" + local)
    for phone in phones:
        if phone.e164:
            keys.add("p" + phone.e164)
        if phone.tail:
            keys.add("t" + phone.tail)
    return sorted(keys)


def pack_name(name: NameKeys) -> str:
    """A compact string form of the parts of a name that scoring needs (the last part is what the
    fast pre-scorer compares, see _fold_text)."""
    skeletons = " ".join(",".join(sorted(s)) or "-" for s in name.skeletons)
    vowelless = "".join("1" if v else "0" for v in name.vowelless)
    return "\t".join((" ".join(name.tokens), " ".join(name.folds), skeletons, vowelless, _fold_text(name)))


def _packed_fold_text(packed: str) -> str:
    parts = packed.split("\t")
    return parts[4] if len(parts) > 4 else _fold_text(unpack_name(packed))


def packed_tokens(packed: str) -> list[str]:
    """The tokens of a packed name, without unpacking the rest."""
    tokens = packed.split("\t", 1)[0]
    return tokens.split(" ") if tokens else []


def unpack_name(packed: str) -> NameKeys:
    tokens, folds, skeletons, vowelless = packed.split("\t")[:4]
    token_list = tuple(tokens.split(" ")) if tokens else ()
    return NameKeys(
        raw="", display=tokens, tokens=token_list, folds=tuple(folds.split(" ")) if folds else (),
        skeletons=tuple(frozenset(() if s == "-" else s.split(",")) for s in skeletons.split(" ")) if skeletons else (),
        vowelless=tuple(c == "1" for c in vowelless), mixed_script=False)


def _fold_text(name: NameKeys) -> str:
    """What the fast pre-scorer compares: folds, or first Hebrew readings marked with a NUL."""
    significant = name.significant()
    if any(name.vowelless[i] for i in significant):
        return "\x00" + " ".join(name.folds[i].split(",")[0] if name.vowelless[i] else semitic_form(name.tokens[i])
                                  for i in significant)
    return " ".join(name.folds[i] for i in significant)


@dataclass(frozen=True)
class Identity:
    """Something to find again: an id, its name and identifiers as prepared by the canonicalisers."""

    id: str
    name: NameKeys | None = None
    emails: tuple[CanonicalEmail, ...] = ()
    phones: tuple[CanonicalPhone, ...] = ()


@dataclass(frozen=True)
class FieldMatch:
    field: str  # name | email | phone
    how: str  # exact | same_local_part | same_last_digits | similar
    score: float
    detail: str = ""


@dataclass(frozen=True)
class Match:
    """One candidate with a combined score and every field that contributed."""

    id: Hashable
    score: float  # 0..1
    strength: str  # strong (exact identifier) | review (name plus a weak signal) | weak
    fields: tuple[FieldMatch, ...]
    name: NameScore | None = None


class MatchIndex:
    """Identities by key, for candidate search and scoring; add and remove incrementally."""

    def __init__(self, bucket_cap: int = 200, max_candidates: int = 100, scored_candidates: int = 12) -> None:
        # buckets larger than this are too common to tell anyone apart and are skipped
        self.bucket_cap = bucket_cap
        # how many candidates, ranked by shared rare keys, are compared by fuzzy name at most
        self.max_candidates = max_candidates
        # how many of those get the full, explained score
        self.scored_candidates = scored_candidates
        # ids may be any hashable (an int costs less memory than a string at a million identities)
        self._external: list[Hashable | None] = []
        self._internal: dict[Hashable, int] = {}
        self._alive = bytearray()
        self._names: list[str | None] = []
        self._keys = Postings()
        self._count = 0
        # what each identity was indexed with: re-adding it unchanged (a case updated by a new report
        # with the same identifiers) costs nothing and leaves no dead postings behind
        self._signature: dict[Hashable, int] = {}

    def __len__(self) -> int:
        return self._count

    def __contains__(self, identity_id: str) -> bool:
        return identity_id in self._internal

    def add(self, identity: Identity) -> None:
        """Index an identity (replacing an earlier one with the same id)."""
        self.remove(identity.id)
        keys = identifier_keys(identity.emails, identity.phones)
        name = identity.name if identity.name is not None and not identity.name.empty else None
        self.add_prepared(identity.id, pack_name(name) if name else None, keys)

    def add_prepared(self, identity_id: Hashable, packed_name: str | None, identifier_key_list: list[str]) -> None:
        """Index an identity from stored, already computed forms (fast path for loading)."""
        if self._keys.loading:
            signature = None  # a bulk load adds each identity once: no signature (a million of them weigh ~100 MB)
        else:
            signature = hash((packed_name, tuple(sorted(identifier_key_list))))
        if identity_id in self._internal:
            if signature is not None and self._signature.get(identity_id) == signature:
                return
            self.remove(identity_id)
        if signature is not None:
            self._signature[identity_id] = signature
        internal = len(self._external)
        self._external.append(identity_id)
        self._internal[identity_id] = internal
        self._alive.append(1)
        name = unpack_name(packed_name) if packed_name else None
        if name is not None and packed_name is not None and packed_name.count("\t") < 4:
            packed_name = pack_name(name)  # stored by an older version: add the fold text
        self._names.append(packed_name)
        all_keys = list(identifier_key_list) + (name_index_keys(name) if name else [])
        for key in all_keys:
            self._keys.add(_h(key), internal)
        self._count += 1
        if self._keys.recent_count > 200_000:
            self.compact()

    def add_keys(self, identity_id: Hashable, identifier_key_list: list[str]) -> None:
        """Give an indexed identity more identifier keys (an entry added to a listed person)."""
        internal = self._internal[identity_id]
        self._signature.pop(identity_id, None)  # indexed with more than its signature says now
        for key in identifier_key_list:
            self._keys.add(_h(key), internal)

    def remove(self, identity_id: str) -> bool:
        """Forget an identity; its postings are skipped now and dropped at the next compaction."""
        internal = self._internal.pop(identity_id, None)
        self._signature.pop(identity_id, None)
        if internal is None:
            return False
        self._alive[internal] = 0
        self._external[internal] = None
        self._names[internal] = None
        self._count -= 1
        return True

    def compact(self) -> None:
        """Fold recent changes into the compact arrays."""
        self._keys.compact(self._alive)

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Add many identities at once: what is added inside is searchable only after the block."""
        self._keys.loading = True
        try:
            yield
        finally:
            self._keys.loading = False
            self.compact()

    def has_any(self, keys: list[str]) -> bool:
        """Whether any of these keys has postings (a cheap test before a search)."""
        return any(self._keys.size_of(_h(key)) for key in keys)

    def key_frequency(self, key: str) -> int:
        return self._keys.size_of(_h(key))

    def candidates(self, name: NameKeys | None, emails: Iterable[CanonicalEmail] = (),
                   phones: Iterable[CanonicalPhone] = ()) -> list[tuple[int, float]]:
        """Internal ids sharing keys with the query, best first, with their rarity-weighted rank."""
        return self._candidates(name, identifier_keys(emails, phones))[0]

    def _candidates(self, name: NameKeys | None, keys: list[str],
                    fetch_by_name: bool = True) -> tuple[list[tuple[int, float]], dict[int, set[str]]]:
        """Ranked candidates, and for each the identifier keys (e, l, p, t) it shares with the query."""
        shared: dict[int, set[str]] = {}
        keys = list(keys)
        if fetch_by_name and name is not None and not name.empty:
            keys += name_index_keys(name)
        total = max(self._count, 1)
        id_parts: list[np.ndarray] = []
        weight_parts: list[np.ndarray] = []
        for key in keys:
            size, ids = self._keys.bucket(_h(key), self.bucket_cap)
            if ids is None:
                continue
            weight = BOOSTS[key[0]] * math.log(1 + total / size)
            id_parts.append(ids)
            weight_parts.append(np.full(len(ids), weight))
            if key[0] in "elpt":
                for internal in ids.tolist():
                    shared.setdefault(internal, set()).add(key)
        if not id_parts:
            return [], shared
        if sum(len(ids) for ids in id_parts) <= 64:
            # a few postings: plain Python beats numpy's per-call overhead
            totals: dict[int, float] = {}
            for ids, weights in zip(id_parts, weight_parts):
                weight = float(weights[0])
                for internal in ids.tolist():
                    totals[internal] = totals.get(internal, 0.0) + weight
            ranked = sorted(totals.items(), key=lambda item: -item[1])
        else:
            all_ids = np.concatenate(id_parts)
            all_weights = np.concatenate(weight_parts)
            unique, inverse = np.unique(all_ids, return_inverse=True)
            ranks = np.bincount(inverse, weights=all_weights)
            order = np.argsort(-ranks, kind="stable")[: 4 * self.max_candidates]
            ranked = list(zip(unique[order].tolist(), ranks[order].tolist()))
        best = ranked[0][1]
        found: list[tuple[int, float]] = []
        for internal, rank in ranked:
            if not self._alive[internal]:
                continue
            if rank < 0.1 * best or len(found) >= self.max_candidates:
                break
            found.append((internal, rank))
        return found, shared

    def search(self, name: NameKeys | None, emails: tuple[CanonicalEmail, ...] = (),
               phones: tuple[CanonicalPhone, ...] = (), limit: int = 5) -> list[Match]:
        """The best-scoring identities for a query, each with an explanation."""
        return self.search_keys(name, identifier_keys(emails, phones), limit)

    def search_keys(self, name: NameKeys | None, keys: list[str], limit: int = 5,
                    exclude: Hashable | None = None, fetch_by_name: bool = True) -> list[Match]:
        """`search` with identifier keys already computed (as stored with records).

        With fetch_by_name False, candidates come from identifier keys only and the name is used
        to score them (cheap: for questions like "a similar name with a partial identifier").
        """
        found, shared = self._candidates(name, keys, fetch_by_name)
        if not found:
            return []
        shortlist = [internal for internal, _ in found if self._external[internal] != exclude]
        if name is not None and not name.empty and len(shortlist) > self.scored_candidates:
            shortlist = self._shortlist(shortlist, name, shared)
        matches = [self._score(internal, name, shared.get(internal, set()))
                   for internal in shortlist[: self.max_candidates]]
        # at equal scores, the candidate that accounts for more of the name's tokens comes first
        matches.sort(key=lambda m: (m.score, len(m.name.pairs) - m.name.unpaired if m.name else 0), reverse=True)
        return matches[:limit]

    def _shortlist(self, found: list[int], name: NameKeys, shared: dict[int, set[str]]) -> list[int]:
        """Candidates sharing an identifier, then the closest names by a fast C++ scorer."""
        with_ids = [i for i in found if i in shared]
        taken = set(with_ids)
        room = max(self.scored_candidates - len(with_ids), 4)
        significant = name.significant()
        query_forms = {
            False: " ".join(semitic_form(name.tokens[i]) if not name.vowelless[i] else name.folds[i].split(",")[0]
                            for i in significant),
            True: " ".join(name.folds[i] if not name.vowelless[i] else name.folds[i].split(",")[0]
                           for i in significant),
        }
        scored: list[tuple[float, int]] = []
        texts = {i: _packed_fold_text(self._names[i]) if self._names[i] else "" for i in found if i not in taken}
        for latin in (True, False):
            group = [i for i, text in texts.items() if (text[:1] != "\x00") == latin]
            if not group:
                continue
            choices = [texts[i].lstrip("\x00") for i in group]
            for _, score, index in process.extract(query_forms[latin], choices, scorer=fuzz.token_sort_ratio,
                                                   limit=room):
                scored.append((score, group[index]))
        scored.sort(reverse=True)
        return with_ids + [internal for _, internal in scored[:room]]

    def _score(self, internal: int, name: NameKeys | None, shared: set[str]) -> Match:
        fields: list[FieldMatch] = []
        strong = 0.0
        weak = 0.0
        for key in sorted(shared):
            kind = key[0]
            if kind == "e":
                fields.append(FieldMatch("email", "exact", 1.0))
                strong = 1.0
            elif kind == "p":
                fields.append(FieldMatch("phone", "exact", 1.0))
                strong = 1.0
            elif kind == "l":
                if not any(k[0] == "e" for k in shared):
                    fields.append(FieldMatch("email", "same_local_part", 0.6, "same mailbox name at another provider"))
                    weak = max(weak, 0.6)
            elif kind == "t":
                if not any(k[0] == "p" for k in shared):
                    fields.append(FieldMatch("phone", "same_last_digits", 0.5, "same last 8 digits"))
                    weak = max(weak, 0.5)
        name_score: NameScore | None = None
        name_value = 0.0
        packed = self._names[internal]
        if name is not None and not name.empty and packed:
            name_score = name_similarity(name, unpack_name(packed))
            name_value = name_score.score * self._rarity(name)
            if name_score.score >= 0.5:
                same_spelling = all(pair.how == "exact" for pair in name_score.pairs) and not name_score.unpaired
                fields.append(FieldMatch("name", "exact" if same_spelling else "similar", round(name_score.score, 3),
                                         ", ".join(f"{p.a}~{p.b}:{p.how}" for p in name_score.pairs)))
        if strong:
            score = min(1.0, 0.9 + 0.1 * max(name_value, weak))
            strength = "strong"
        else:
            # a name alone stays below NAME_ONLY_CEILING; a weak identifier beside a similar name lifts it
            score = NAME_ONLY_CEILING * name_value
            if weak and name_score is not None and name_score.score >= NAME_MATCH:
                score = 0.6 + 0.25 * weak + 0.15 * name_value
            elif weak:
                score = max(score, 0.4 * weak)
            strength = "review" if weak and name_score is not None and name_score.score >= NAME_MATCH else "weak"
        return Match(id=self._external[internal], score=round(score, 4), strength=strength,
                     fields=tuple(fields), name=name_score)

    def _rarity(self, name: NameKeys) -> float:
        """1.0 for rare names, down to 0.7 for names many identities share (common names prove less)."""
        significant = name.significant()
        if len(significant) < 2 or self._count < 1000:
            return 1.0
        fingerprint = "f" + " ".join(sorted(name.folds[i] for i in significant))
        share = self.key_frequency(fingerprint) / self._count
        return max(0.7, 1.0 - 30 * share)
