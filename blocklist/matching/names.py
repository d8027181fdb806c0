"""Person names: cleaned, transliterated to Latin, tokenised, and keyed across romanisation systems.

`Юлия Ковальчук`, `Yulia Kovalchuk` and `Julia Kowalczuk` are one name written three ways. Three
forms of each token make them comparable:
- `tokens`: anyascii transliteration, lower-cased *after* transliterating (Turkish İ), split on
  anything that is not a letter or digit;
- `folds`: a spelling-tolerant form for comparison (w→v, cz/ch→c, leading glides dropped, …),
  so Julia/Yulia/Iuliia and Kowalczuk/Kovalchuk agree while Anna/Joanna still differ;
- `skeletons`: consonant classes only, vowels dropped, a few variants where a letter is
  ambiguous (Hebrew vav, Latin "ch"); used as blocking keys and to compare vowel-less Hebrew.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from anyascii import anyascii

from blocklist.matching.text import clean, script_of

MAX_NAME_CHARS = 200
MAX_TOKENS = 8
MAX_SKELETON_VARIANTS = 4

# Name particles: common, short, often abbreviated ("v." for "van") or dropped.
PARTICLES = frozenset({
    "van", "von", "de", "der", "den", "het", "ter", "te", "ten", "vd", "v", "d", "da", "das", "do", "dos",
    "du", "di", "del", "della", "la", "le", "al", "el", "bin", "ben", "ibn", "bat", "st", "y", "e",
})

# Letters that look identical across scripts (UTS #39 confusables for the letters names use):
# a token mixing scripts is read as Latin, so "Аnna" (Cyrillic А) is "Anna", and flagged.
_CONFUSABLES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ո": "n", "һ": "h", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Υ": "Y",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Χ": "X",
})

# Hebrew: consonant classes per letter (niqqud stripped first). Vav and yod are vowels or
# consonants depending on the word; vav yields two skeleton variants, yod none (a glide).
_HEBREW_CLASSES = {
    "א": "", "ב": "B", "ג": "K", "ד": "D", "ה": "", "ו": "?", "ז": "S", "ח": "", "ט": "D", "י": "",
    "כ": "K", "ך": "K", "ל": "L", "מ": "M", "ם": "M", "נ": "N", "ן": "N", "ס": "S", "ע": "", "פ": "B",
    "ף": "B", "צ": "S", "ץ": "S", "ק": "K", "ר": "R", "ש": "S", "ת": "D",
}
_NIQQUD = re.compile("[\u0591-\u05c7]")
# Hebrew and Latin projected onto one rough alphabet for comparing a vowel-less spelling with a
# Latin one: written vowel letters (vav, yod) kept, "a" (rarely written in Hebrew) dropped.
_HEBREW_FORM = {
    "א": "", "ב": "v", "ג": "g", "ד": "d", "ה": "h", "ו": "?", "ז": "s", "ח": "h", "ט": "t", "י": "i",
    "כ": "h", "ך": "h", "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n", "ס": "s", "ע": "", "פ": "f",
    "ף": "f", "צ": "s", "ץ": "s", "ק": "k", "ר": "r", "ש": "s", "ת": "t",
}
_SEMITIC_DIGRAPHS = re.compile("tz|ts|sh|ch|kh|ph|th|ck")
_SEMITIC_DIGRAPH_MAP = {"tz": "s", "ts": "s", "sh": "s", "ch": "h", "kh": "h", "ph": "f", "th": "t", "ck": "k"}
_SEMITIC_LETTERS = str.maketrans({"a": "", "e": "i", "y": "i", "j": "i", "u": "o", "b": "v", "w": "v", "p": "f",
                                  "c": "k", "q": "k", "x": "ks", "z": "s"})

# Latin consonant classes for skeletons (vowels, h, y, j, w-as-glide drop out).
_LATIN_CLASSES = {
    "b": "B", "p": "B", "v": "B", "w": "B", "f": "B",
    "k": "K", "q": "K", "g": "K", "x": "KS",
    "d": "D", "t": "D",
    "s": "S", "z": "S",
    "l": "L", "r": "R", "m": "M", "n": "N",
}
# Digraphs first, longest first. "?" marks an ambiguous sound that yields variants.
_DIGRAPHS = [
    ("schtsch", "S"), ("shch", "S"), ("szcz", "S"), ("tsch", "S"), ("dzh", "S"), ("sch", "S"), ("tch", "S"),
    ("sh", "S"), ("sz", "S"), ("zh", "S"), ("cz", "S"), ("rz", "S"), ("dz", "S"), ("ts", "S"), ("tz", "S"),
    ("ch", "?ch"), ("kh", ""), ("ph", "B"), ("th", "D"), ("ck", "K"), ("gh", "K"), ("qu", "KB"),
]
_DIGRAPH_RE = re.compile("|".join(re.escape(d) for d, _ in _DIGRAPHS))
_DIGRAPH_MAP = dict(_DIGRAPHS)
_AMBIGUOUS = {"?ch": ("S", "", "K"), "?c": ("K", "S"), "?v": ("B", "")}

# Fold: spelling-tolerant Latin form for comparing tokens (vowels kept, spelling variants merged).
_FOLD_RULES = [
    ("schtsch", "s"), ("shch", "s"), ("szcz", "s"), ("tsch", "c"), ("sch", "s"), ("tch", "c"),
    ("dzh", "c"), ("sh", "s"), ("sz", "s"), ("zh", "z"), ("cz", "c"), ("ch", "c"), ("kh", "h"),
    ("ph", "f"), ("th", "t"), ("ck", "k"), ("ks", "x"), ("tz", "c"), ("ts", "c"),
    ("w", "v"), ("j", "y"), ("q", "k"),
    ("oe", "o"), ("ue", "u"), ("ae", "a"), ("ou", "u"), ("oy", "u"),
    ("iya", "ia"), ("iia", "ia"), ("yya", "ia"), ("ya", "ia"),
]
_FOLD_RE = re.compile("|".join(re.escape(d) for d, _ in _FOLD_RULES))
_FOLD_MAP = dict(_FOLD_RULES)
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True)
class NameKeys:
    """A name prepared for matching; `tokens`, `folds` and `skeletons` run in parallel."""

    raw: str
    display: str  # cleaned, in its own script
    tokens: tuple[str, ...]  # Latin, lower case
    folds: tuple[str, ...]  # spelling-tolerant comparison form per token
    skeletons: tuple[frozenset[str], ...]  # consonant-class variants per token
    vowelless: tuple[bool, ...]  # token came from a script that omits vowels (Hebrew, Arabic)
    mixed_script: bool  # a token mixed scripts (e.g. Cyrillic А inside a Latin word)

    @property
    def latin(self) -> str:
        return " ".join(self.tokens)

    @property
    def empty(self) -> bool:
        return not self.tokens

    def significant(self) -> list[int]:
        """Indices of tokens that carry identity (not particles, not initials)."""
        found = [i for i, t in enumerate(self.tokens) if t not in PARTICLES and len(t) > 1]
        return found or list(range(len(self.tokens)))


def fold(token: str) -> str:
    """Spelling-tolerant form of a Latin token (Yulia, Julia, Iuliia → ulia; Kowalczuk → kovalcuk)."""
    # a leading glide before a vowel is a transliteration choice (Ю = yu/ju/iu, Е = e/ye)
    if len(token) > 2 and token[0] in "yji" and token[1] in "aeiou":
        token = token[1:]
    token = _FOLD_RE.sub(lambda m: _FOLD_MAP[m.group(0)], token)
    if token.endswith("y") and len(token) > 2:
        token = token[:-1] + "i"
    if token.endswith(("ii", "iy", "ij")) and len(token) > 3:
        token = token[:-1]
    return _collapse(token)


def _collapse(text: str) -> str:
    out = []
    for ch in text:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def latin_skeletons(token: str) -> frozenset[str]:
    """Consonant-class skeletons of a Latin token; a few variants where a sound is ambiguous."""
    symbols: list[str] = []
    i = 0
    for match in _DIGRAPH_RE.finditer(token):
        symbols.extend(_latin_letters(token[i:match.start()], token, i))
        symbols.append(_DIGRAPH_MAP[match.group(0)])
        i = match.end()
    symbols.extend(_latin_letters(token[i:], token, i))
    return _expand(symbols)


def _latin_letters(part: str, token: str, offset: int) -> list[str]:
    out = []
    for j, ch in enumerate(part):
        if ch == "c":
            nxt = token[offset + j + 1] if offset + j + 1 < len(token) else ""
            out.append("S" if nxt in ("e", "i", "y") else "?c" if nxt == "" else "K")
        else:
            out.append(_LATIN_CLASSES.get(ch, ""))
    return out


def hebrew_skeletons(word: str) -> frozenset[str]:
    """Skeletons of a Hebrew word, read letter by letter (vav as consonant and as vowel)."""
    return _expand(["?v" if (c := _HEBREW_CLASSES.get(ch, "")) == "?" else c for ch in word])


def hebrew_forms(word: str) -> tuple[str, ...]:
    """Rough Latin readings of a Hebrew word, with vav read as "o" and as "v"."""
    letters = []
    for position, ch in enumerate(word):
        if ch == "כ" and position == 0:
            letters.append("k")  # kaf with dagesh at the start of a word
        elif ch == "ה" and position == len(word) - 1:
            letters.append("")  # a final he is silent
        else:
            letters.append(_HEBREW_FORM.get(ch, ""))
    forms = {""}
    for letter in letters:
        options = ("o", "v") if letter == "?" else (letter,)
        forms = {f + o for f in forms for o in options}
        if len(forms) > MAX_SKELETON_VARIANTS:
            forms = set(sorted(forms)[:MAX_SKELETON_VARIANTS])
    return tuple(sorted(_collapse(f) for f in forms))


def semitic_form(token: str) -> str:
    """A Latin token projected onto the alphabet of `hebrew_forms` (Yosef → iosif, Baruch → vroh)."""
    token = _SEMITIC_DIGRAPHS.sub(lambda m: _SEMITIC_DIGRAPH_MAP[m.group(0)], token)
    if len(token) > 2 and token.endswith("h") and token[-2] in "aeiou":
        token = token[:-1]  # Sarah, Leah: the final h is a silent he
    return _collapse(token.translate(_SEMITIC_LETTERS))


def _expand(symbols: list[str]) -> frozenset[str]:
    choices = [_AMBIGUOUS.get(s, (s,)) for s in symbols]
    variants: list[str] = []
    for combo in product(*choices):
        variants.append(_collapse("".join(combo)))
        if len(variants) >= MAX_SKELETON_VARIANTS:
            break
    return frozenset(variants)


def _dominant_script(word: str) -> str | None:
    counts: dict[str, int] = {}
    for ch in word:
        script = script_of(ch)
        if script:
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def _token_parts(display: str) -> tuple[list[tuple[str, str | None, str | None]], bool]:
    """The name's Latin tokens, each with the Hebrew word it was read from (None for other scripts) and
    its word's script; and whether a word mixed scripts."""
    parts: list[tuple[str, str | None, str | None]] = []
    mixed = False
    for word in display.split(" "):
        if word.isascii():  # most names: Latin letters in one script, nothing to transliterate
            parts.extend((token, None, "LATIN") for token in _TOKEN_SPLIT.split(word.lower().replace("'", ""))
                         if token)
            if len(parts) >= MAX_TOKENS:
                break
            continue
        word_scripts = {s for s in map(script_of, word) if s}
        if len(word_scripts) > 1 and "LATIN" in word_scripts:
            mixed = True
            word = word.translate(_CONFUSABLES)
        script = _dominant_script(word)
        if script == "HEBREW":
            word = _NIQQUD.sub("", word)
            for part in re.split(r"[^\u05d0-\u05ea]+", word):
                if part:
                    parts.append((_TOKEN_SPLIT.sub("", anyascii(part).lower()) or part, part, script))
            continue
        if script == "GREEK":
            word = word.replace("ου", "u").replace("Ου", "U").replace("ΟΥ", "U")
        latin = anyascii(word).lower().replace("'", "").replace("\u2019", "")
        parts.extend((token, None, script) for token in _TOKEN_SPLIT.split(latin) if token)
        if len(parts) >= MAX_TOKENS:
            break
    return parts[:MAX_TOKENS], mixed


@lru_cache(maxsize=16384)  # bounded: a process meets many customers once
def _name_keys(raw: str) -> NameKeys:
    display = clean(raw, MAX_NAME_CHARS)
    parts, mixed = _token_parts(display)
    folds: list[str] = []
    skeletons: list[frozenset[str]] = []
    vowelless: list[bool] = []
    for token, hebrew, script in parts:
        if hebrew is not None:
            folds.append(",".join(hebrew_forms(hebrew)))
            skeletons.append(hebrew_skeletons(hebrew))
            vowelless.append(True)
        else:
            folds.append(fold(token))
            skeletons.append(latin_skeletons(token))
            vowelless.append(script in ("ARABIC", "SYRIAC"))
    return NameKeys(raw=raw[:MAX_NAME_CHARS], display=display, tokens=tuple(token for token, _, _ in parts),
                    folds=tuple(folds), skeletons=tuple(skeletons), vowelless=tuple(vowelless), mixed_script=mixed)


@lru_cache(maxsize=16384)
def _name_tokens(raw: str) -> tuple[str, ...]:
    return tuple(token for token, _, _ in _token_parts(clean(raw, MAX_NAME_CHARS))[0])


def name_tokens(raw: str) -> tuple[str, ...]:
    """`name_keys(raw).tokens` without the spelling keys: enough to see that two names are written the
    same (the usual case), at a fraction of the cost."""
    return _name_tokens(raw[: MAX_NAME_CHARS * 2])


def name_keys(raw: str) -> NameKeys:
    """Prepare a person's name for matching; never raises, bounded cost on any input."""
    return _name_keys(raw[: MAX_NAME_CHARS * 2])
