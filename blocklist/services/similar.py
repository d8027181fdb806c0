"""Similar cases: fuzzy resemblances between open cases, for moderators (never merged automatically)."""

from __future__ import annotations

from typing import Any

from blocklist.matching import MatchIndex
from blocklist.matching.index import unpack_name
from blocklist.matching.thresholds import THRESHOLDS
from blocklist.models import Erased, IndexedCase
from blocklist.services.changes import Changes

# a resemblance weaker than this is not worth a moderator's attention
MIN_SIMILARITY = THRESHOLDS.similar_case
MAX_SIMILAR = 5


class SimilarCases:
    """An in-memory index of this process's view of the open cases."""

    def __init__(self, changes: Changes) -> None:
        self.index = MatchIndex(bucket_cap=100, max_candidates=50, scored_candidates=10)
        changes.subscribe("case", self._cases_changed)  # here or in another process

    def _cases_changed(self, cases: list[IndexedCase | Erased]) -> None:
        for case in cases:
            self.update(case)

    def update(self, case: IndexedCase | Erased) -> None:
        """Add, refresh or drop a case depending on whether it is open."""
        if isinstance(case, Erased) or case.status != "open":
            self.index.remove(case.id)
            return
        packed = next((p for p in case.name_packed if p), None)
        self.index.add_prepared(case.id, packed, list(case.match_keys))

    def find(self, case: IndexedCase) -> list[dict[str, Any]]:
        """Open cases resembling `case` (by name and weak identifiers), best first, with why."""
        found: dict[str, dict[str, Any]] = {}
        names = [p for p in case.name_packed if p] or [None]
        for packed in names[:3]:
            name = unpack_name(packed) if packed else None
            for match in self.index.search_keys(name, list(case.match_keys), limit=MAX_SIMILAR, exclude=case.id):
                if match.score < MIN_SIMILARITY or match.id == case.id:
                    continue
                if match.id not in found or found[match.id]["score"] < match.score:
                    found[match.id] = {"case_id": match.id, "score": match.score, "strength": match.strength,
                                       "reasons": [{"field": f.field, "how": f.how, "score": f.score}
                                                   for f in match.fields]}
        return sorted(found.values(), key=lambda s: -s["score"])[:MAX_SIMILAR]
