"""Every threshold the matching decides with, in one table: what each means and who uses it.

Name similarity is the explained score of matching/score.py (0..1); the blocklist search's is
rapidfuzz's ratio of a typed query to a listed name (0..1 here, 0..100 in rapidfuzz). They answer
different questions, which is why their numbers differ.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # two spellings are one name (Łukasz Wiśniewski ~ Lukasz Wisniewski ~ Лукаш Вишневски): a lookup's
    # "similar name with a partial identifier", and a candidate's "review" strength in the match index
    same_name: float = 0.85
    # the highest a name alone may score in a combined match: a name is never strong evidence by itself
    name_only_ceiling: float = 0.6
    # an open case is shown to moderators as resembling another from this combined match score up
    similar_case: float = 0.45
    # a moderator's search of the blocklist by name lists entries whose name is this close to the query
    search_name: float = 0.70
    # a partial identifier (mailbox name, last 8 digits) shared by more listed people than this is too
    # common to point at anyone, and is not followed by a lookup
    partial_bucket_cap: int = 200
    # listed people sharing a partial identifier whose names a lookup compares with the customer's, at most
    names_scored: int = 50
    # an email or phone reported with this many clearly different names, by at least this many salons, is
    # shared (a salon's reception number, a family's address): weak evidence about any one of those people
    shared_identifier_names: int = 3
    shared_identifier_salons: int = 2


THRESHOLDS = Thresholds()
