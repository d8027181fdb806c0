"""Text hygiene shared by the canonicalisers: caps, invisible characters, scripts."""

from __future__ import annotations

import unicodedata

# Every canonicaliser cuts its input to this many characters before any parsing or regex:
# cost stays bounded whatever arrives (a 1 MB "name" is treated as its first 400 characters).
MAX_INPUT_CHARS = 400

# Format characters (Cf: bidi controls, zero-width joiners, BOM, soft hyphen) and other
# invisibles that make two identical-looking strings differ.
_INVISIBLE_EXTRA = {"\u180e", "\u2800", "\u3164", "\uffa0", "\u115f", "\u1160"}


def cap(raw: str, limit: int = MAX_INPUT_CHARS) -> str:
    """The first `limit` characters (before anything else looks at the text)."""
    return raw[:limit]


def strip_invisible(text: str) -> str:
    """Remove format/control characters (bidi marks, zero-width spaces, BOM), keep the rest."""
    return "".join(ch for ch in text if not _is_invisible(ch))


def _is_invisible(ch: str) -> bool:
    if ch in _INVISIBLE_EXTRA:
        return True
    category = unicodedata.category(ch)
    if category == "Cf" or category == "Cs" or category == "Co":
        return True
    if category == "Cc":
        return True  # C0/C1 controls, including tabs and newlines (callers map spaces first)
    return False


def clean(raw: str, limit: int = MAX_INPUT_CHARS) -> str:
    """Capped, NFKC-normalised, invisible characters removed, whitespace collapsed to single spaces."""
    text = cap(raw, limit)
    if text.isascii() and text.isprintable():
        # most emails and phones: NFKC leaves printable ASCII as it is and it holds no invisibles
        return " ".join(text.split())
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if ch.isspace() else ch for ch in text)
    text = strip_invisible(text)
    return " ".join(text.split())


def script_of(ch: str) -> str | None:
    """A coarse script name for a letter (Latin, Cyrillic, Greek, Hebrew, Arabic, …); None for non-letters."""
    if not ch.isalpha():
        return None
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "OTHER"
    return name.split(" ", 1)[0]


def scripts(text: str) -> frozenset[str]:
    """The set of scripts the letters of `text` belong to."""
    found = set()
    for ch in text:
        script = script_of(ch)
        if script:
            found.add(script)
    return frozenset(found)
