"""Pure identity matching: normalise → keys → candidates → score. No I/O, no HTTP, no database."""

from blocklist.matching.email import CanonicalEmail, canonical_email
from blocklist.matching.index import FieldMatch, Identity, Match, MatchIndex
from blocklist.matching.names import NameKeys, name_keys
from blocklist.matching.phone import CanonicalPhone, canonical_phone
from blocklist.matching.score import NameScore, name_similarity

__all__ = [
    "CanonicalEmail", "CanonicalPhone", "FieldMatch", "Identity", "Match", "MatchIndex", "NameKeys",
    "NameScore", "canonical_email", "canonical_phone", "name_keys", "name_similarity",
]
