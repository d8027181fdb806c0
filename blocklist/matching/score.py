"""Scores between two prepared names, each with the reasons a moderator can read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from blocklist.matching.names import NameKeys, fold, latin_skeletons, semitic_form

# a one-letter token (an initial, or "v." for "van") agreeing with a token's first letter
INITIAL_SCORE = 0.8
# vowel-less scripts (Hebrew) compared on consonant skeletons: the best a skeleton agreement earns
SKELETON_SCORE = 0.92
# the same surname in its feminine and masculine forms (Kowalska/Kowalski, Ivanova/Ivanov) is
# partial agreement: often spouses or siblings, not the same person
GENDER_VARIANT_SCORE = 0.75
_GENDER_SUFFIXES = [("skaya", "skiy"), ("skaya", "sky"), ("ska", "ski"), ("cka", "cki"), ("ska", "sky"),
                    ("ova", "ov"), ("eva", "ev"), ("ina", "in"), ("yna", "yn"), ("ova", "")]
# each token one side has and the other lacks (a middle name, a patronymic) costs this much
UNPAIRED_PENALTY = 0.15
# ... and more when only one token agrees: "Ava" against "Ava Fuda" is a shared first name, no more
LONE_PAIR_PENALTY = 0.25


@dataclass(frozen=True)
class TokenPair:
    a: str
    b: str
    score: float
    how: str  # exact | spelling | initial | skeleton | fuzzy


@dataclass(frozen=True)
class NameScore:
    score: float  # 0..1
    pairs: tuple[TokenPair, ...]
    unpaired: int


def token_similarity(a: NameKeys, i: int, b: NameKeys, j: int) -> tuple[float, str]:
    """How alike token i of `a` and token j of `b` are (0..1), and by which comparison."""
    ta, tb = a.tokens[i], b.tokens[j]
    if ta == tb:
        return 1.0, "exact"
    if len(ta) == 1 or len(tb) == 1:
        return (INITIAL_SCORE, "initial") if ta[0] == tb[0] else (0.0, "initial")
    if a.vowelless[i] or b.vowelless[j]:
        return _vowelless_similarity(a, i, b, j)
    if _gender_variants(ta, tb):
        return GENDER_VARIANT_SCORE, "gender_variant"
    # optimal string alignment: a swapped pair of letters (mackeznie) is one typo, not two
    plain = OSA.normalized_similarity(ta, tb)
    folded = OSA.normalized_similarity(a.folds[i], b.folds[j])
    if folded > plain:
        return folded, "spelling" if folded == 1.0 else "fuzzy"
    return plain, "fuzzy"


def _vowelless_similarity(a: NameKeys, i: int, b: NameKeys, j: int) -> tuple[float, str]:
    """Hebrew against Latin (or Hebrew): consonant skeletons first, written vowels to break ties."""
    forms_a = a.folds[i].split(",") if a.vowelless[i] else [semitic_form(a.tokens[i])]
    forms_b = b.folds[j].split(",") if b.vowelless[j] else [semitic_form(b.tokens[j])]
    reading = max(Levenshtein.normalized_similarity(x, y) for x in forms_a for y in forms_b)
    sa, sb = a.skeletons[i], b.skeletons[j]
    if sa & sb and min(len(x) for x in sa | sb) > 0:
        return SKELETON_SCORE - 0.1 * (1 - reading), "skeleton"
    best = max((Levenshtein.normalized_similarity(x, y) for x in sa for y in sb), default=0.0)
    return 0.8 * max(best, reading), "skeleton"


def _gender_variants(x: str, y: str) -> bool:
    if x[:3] != y[:3]:
        return False  # every variant shares a stem of at least three letters
    for feminine, masculine in _GENDER_SUFFIXES:
        for f, m in ((x, y), (y, x)):
            if f.endswith(feminine) and m.endswith(masculine):
                stem = f[: -len(feminine)]
                if len(stem) >= 3 and stem == (m[: -len(masculine)] if masculine else m):
                    return True
    return False


def name_similarity(a: NameKeys, b: NameKeys) -> NameScore:
    """Order-insensitive similarity of two names: tokens paired greedily, weakest pair weighs in.

    A name typed with a stray space ("Elij ah") is also compared with that space removed.
    """
    best = _similarity(a, b)
    if best.unpaired and best.score < 1.0:
        for longer, shorter, swap in ((a, b, False), (b, a, True)):
            if len(longer.tokens) > len(shorter.tokens):
                for merged in _merged_neighbours(longer):
                    candidate = _similarity(shorter, merged) if swap else _similarity(merged, shorter)
                    if candidate.score > best.score:
                        best = candidate
    return best


@lru_cache(maxsize=256)  # a query is compared with many candidates: merge its tokens once
def _merged_neighbours(name: NameKeys) -> tuple[NameKeys, ...]:
    """The name with each pair of neighbouring Latin tokens written as one (at most three variants)."""
    variants = []
    for k in range(min(len(name.tokens) - 1, 3)):
        if name.vowelless[k] or name.vowelless[k + 1]:
            continue
        joined = name.tokens[k] + name.tokens[k + 1]
        variants.append(NameKeys(
            raw=name.raw, display=name.display,
            tokens=name.tokens[:k] + (joined,) + name.tokens[k + 2:],
            folds=name.folds[:k] + (fold(joined),) + name.folds[k + 2:],
            skeletons=name.skeletons[:k] + (latin_skeletons(joined),) + name.skeletons[k + 2:],
            vowelless=name.vowelless[:k] + (False,) + name.vowelless[k + 2:], mixed_script=name.mixed_script))
    return tuple(variants)


def _similarity(a: NameKeys, b: NameKeys) -> NameScore:
    sig_a, sig_b = a.significant(), b.significant()
    if not sig_a or not sig_b:
        return NameScore(0.0, (), len(sig_a) + len(sig_b))
    scored = []
    for i in sig_a:
        for j in sig_b:
            score, how = token_similarity(a, i, b, j)
            scored.append((score, -abs(i - j), i, j, how))
    scored.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[TokenPair] = []
    for score, _, i, j, how in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append(TokenPair(a.tokens[i], b.tokens[j], round(score, 3), how))
    unpaired = len(sig_a) + len(sig_b) - 2 * len(pairs)
    values = [p.score for p in pairs]
    mean = sum(values) / len(values)
    penalty = LONE_PAIR_PENALTY if len(pairs) == 1 else UNPAIRED_PENALTY
    combined = 0.5 * mean + 0.5 * min(values) - penalty * unpaired
    return NameScore(round(max(0.0, min(1.0, combined)), 4), tuple(pairs), unpaired)
