"""Similar cases: fuzzy resemblances between open cases, for moderators (never merged automatically)."""

from __future__ import annotations

from typing import Any

from blocklist.matching import MatchIndex
from blocklist.matching.index import unpack_name
from blocklist.matching.thresholds import THRESHOLDS
from blocklist.services.changes import Changes

# a resemblance weaker than this is not worth a moderator's attention
MIN_SIMILARITY = THRESHOLDS.similar_case
MAX_SIMILAR = 5


class SimilarCases:
    """An in-memory index of this process's view of the open cases."""

    # what the index needs of a case (enough to read when following other processes' changes)
    FIELDS = ["status", "name_packed", "match_keys"]

    def __init__(self, changes: Changes) -> None:
        self.index = MatchIndex(bucket_cap=100, max_candidates=50, scored_candidates=10)
        changes.subscribe("case", self._cases_changed)  # here or in another process

    def _cases_changed(self, cases: list[dict[str, Any]]) -> None:
        for case in cases:
            self.update(case)

    def update(self, case: dict[str, Any]) -> None:
        """Add, refresh or drop a case depending on whether it is open."""
        if case.get("status") != "open":
            self.index.remove(case["_id"])
            return
        packed = next((p for p in case.get("name_packed", []) if p), None)
        self.index.add_prepared(case["_id"], packed, list(case.get("match_keys", [])))

    def find(self, case: dict[str, Any]) -> list[dict[str, Any]]:
        """Open cases resembling `case` (by name and weak identifiers), best first, with why."""
        found: dict[str, dict[str, Any]] = {}
        names = [p for p in case.get("name_packed", []) if p] or [None]
        for packed in names[:3]:
            name = unpack_name(packed) if packed else None
            for match in self.index.search_keys(name, list(case.get("match_keys", [])), limit=MAX_SIMILAR,
                                                exclude=case["_id"]):
                if match.score < MIN_SIMILARITY or match.id == case["_id"]:
                    continue
                if match.id not in found or found[match.id]["score"] < match.score:
                    found[match.id] = {"case_id": match.id, "score": match.score, "strength": match.strength,
                                       "reasons": [{"field": f.field, "how": f.how, "score": f.score}
                                                   for f in match.fields]}
        return sorted(found.values(), key=lambda s: -s["score"])[:MAX_SIMILAR]
