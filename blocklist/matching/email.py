"""Email addresses: validated (no DNS), normalised, and reduced to a provider-aware canonical key.

`J.O.H.N.Doe+salon@GoogleMail.com` and `johndoe@gmail.com` reach the same mailbox, so they get
the same canonical key. Rules are applied only where the provider is known to ignore the part
removed (Gmail dots are significant on Google Workspace domains, so those keep them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import MailChecker
from disposable_email_domains import blocklist as _DISPOSABLE
from email_validator import EmailNotValidError, validate_email

from blocklist.matching.text import clean

MAX_EMAIL_CHARS = 320

# Domains that are another name of the same mailbox namespace.
_DOMAIN_ALIASES = {
    "googlemail.com": "gmail.com",
    "protonmail.com": "proton.me", "protonmail.ch": "proton.me", "pm.me": "proton.me",
    "me.com": "icloud.com", "mac.com": "icloud.com",
    "ya.ru": "yandex.ru", "yandex.com": "yandex.ru", "yandex.by": "yandex.ru", "yandex.kz": "yandex.ru",
    "yandex.ua": "yandex.ru",
}
_GMAIL = {"gmail.com"}
_PROTON = {"proton.me"}
_YANDEX = {"yandex.ru"}
_ICLOUD = {"icloud.com"}
_MICROSOFT_PREFIXES = ("hotmail.", "outlook.", "live.", "msn.")
_YAHOO_PREFIXES = ("yahoo.",)
_YAHOO_OTHER = {"ymail.com", "rocketmail.com"}
_FASTMAIL = {"fastmail.com", "fastmail.fm", "fastmail.cn", "fastmail.co.uk", "fastmail.de", "fastmail.es",
             "fastmail.in", "fastmail.jp", "fastmail.net", "fastmail.to", "fastmail.us", "messagingengine.com"}
# Apple's Hide-My-Email relay is not in the packaged lists; it is a single, stable domain.
_EXTRA_RELAYS = {"privaterelay.appleid.com"}


@dataclass(frozen=True)
class CanonicalEmail:
    """An email as typed, its normalised form, and the key that identifies the mailbox."""

    raw: str
    normalized: str | None  # lower-case, NFC, as email-validator accepts it
    canonical: str | None  # provider-aware key: tags, Gmail dots and domain aliases folded
    valid: bool
    problem: str | None = None
    disposable: bool = False  # a throwaway-address domain (hard signal)
    masked: bool = False  # a privacy relay (stable per person and site; soft signal)

    @property
    def local(self) -> str | None:
        return self.canonical.rsplit("@", 1)[0] if self.canonical else None

    @property
    def domain(self) -> str | None:
        return self.canonical.rsplit("@", 1)[1] if self.canonical else None


def _provider_local(local: str, domain: str) -> tuple[str, str]:
    """Apply the provider's rules to the (already lower-cased) local part."""
    if domain in _GMAIL:
        return local.split("+", 1)[0].replace(".", ""), domain
    if domain in _PROTON:
        base = local.split("+", 1)[0]
        return base.replace(".", "").replace("-", "").replace("_", ""), domain
    if domain in _YANDEX:
        return local.split("+", 1)[0].replace(".", "-"), domain
    if domain in _ICLOUD or domain.startswith(_MICROSOFT_PREFIXES) or domain in _FASTMAIL:
        return local.split("+", 1)[0], domain
    if domain.startswith(_YAHOO_PREFIXES) or domain in _YAHOO_OTHER:
        return local.split("-", 1)[0], domain
    parts = domain.split(".")
    # Fastmail subdomain addressing: anything@user.fastmail.com is user@fastmail.com
    if len(parts) >= 3 and ".".join(parts[-2:]) in _FASTMAIL:
        return parts[-3], ".".join(parts[-2:])
    return local, domain


def _domain_flags(domain: str) -> tuple[bool, bool]:
    """(disposable, masked) for a domain or any parent domain of it."""
    parts = domain.split(".")
    candidates = [".".join(parts[i:]) for i in range(len(parts) - 1)]
    disposable = any(d in _DISPOSABLE for d in candidates)
    masked = not disposable and any(d in MailChecker.MailChecker.blacklist or d in _EXTRA_RELAYS for d in candidates)
    return disposable, masked


def canonical_email(raw: str) -> CanonicalEmail:
    """Validate `raw` (no DNS) and derive its canonical key; never raises."""
    if len(raw) > MAX_EMAIL_CHARS:
        return CanonicalEmail(raw=raw[:MAX_EMAIL_CHARS], normalized=None, canonical=None, valid=False,
                              problem=f"longer than {MAX_EMAIL_CHARS} characters")
    return _canonical_email(raw)


@lru_cache(maxsize=16384)  # booking pages ask about the same customers again and again (bounded: memory stays flat)
def _canonical_email(raw: str) -> CanonicalEmail:
    text = clean(raw, MAX_EMAIL_CHARS).replace(" ", "")
    if text.endswith(".") and not text.endswith(".."):
        # "anna@gmail.com." names the same domain (the root written out), and mail to it arrives
        text = text[:-1]
    if not text:
        return CanonicalEmail(raw=raw, normalized=None, canonical=None, valid=False, problem="empty")
    try:
        local, domain, ascii_domain = _validated(text)
    except EmailNotValidError as exc:
        return CanonicalEmail(raw=raw, normalized=None, canonical=None, valid=False,
                              problem=str(exc)[:200] or "not a valid email address")
    except Exception:  # the validator must never take a request down with it
        return CanonicalEmail(raw=raw, normalized=None, canonical=None, valid=False,
                              problem="not a valid email address")
    normalized = f"{local.casefold()}@{domain.lower()}"
    local = local.casefold()
    domain = ascii_domain.lower()
    domain = _DOMAIN_ALIASES.get(domain, domain)
    canon_local, canon_domain = _provider_local(local, domain)
    if not canon_local:  # "+tag@gmail.com" leaves nothing: keep the whole local part
        canon_local = local
    disposable, masked = _domain_flags(canon_domain)
    return CanonicalEmail(raw=raw, normalized=normalized,
                          canonical=f"{canon_local}@{canon_domain}", valid=True,
                          disposable=disposable, masked=masked)


# how email-validator is asked (no DNS). A quoted local part that needs no quotes ("anna"@gmail.com) is
# the same mailbox as anna@gmail.com: allowed, email-validator takes the quotes off, so both get one key
VALIDATOR_OPTIONS = {"check_deliverability": False, "allow_smtputf8": True, "allow_quoted_local": True}

# An unquoted ASCII local part ("dot-atom", RFC 5322): what nearly every address has
_DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")


def _validated(text: str) -> tuple[str, str, str]:
    """(local part, domain, ASCII domain) of a valid address; EmailNotValidError otherwise.

    email-validator spends most of its time on the domain, and domains repeat (gmail.com, wp.pl…)
    while addresses do not: a plain ASCII local part is checked here and its domain by email-validator
    once (cached); anything else (quoted or non-ASCII local parts, errors) goes through it whole.
    """
    local, at, domain = text.rpartition("@")
    if at and len(local) <= 64 and len(text) <= 254 and _DOT_ATOM.match(local):
        checked = _checked_domain(domain)
        if checked is not None:
            return local, checked[0], checked[1]
    result = validate_email(text, **VALIDATOR_OPTIONS)
    return result.local_part, result.domain, result.ascii_domain or result.domain


@lru_cache(maxsize=4096)
def _checked_domain(domain: str) -> tuple[str, str] | None:
    """(domain, ASCII domain) as email-validator normalises them, or None when it refuses the domain."""
    try:
        result = validate_email(f"a@{domain}", **VALIDATOR_OPTIONS)
    except EmailNotValidError:
        return None
    return result.domain, result.ascii_domain or result.domain


# ---------------------------------------------------------------------------- one typo away

# a mailbox name shorter than this has too few letters to tell a typo from another person's mailbox
TYPO_MIN_LOCAL = 5
# what a listed mailbox name's one-character deletion took away (see typo_neighbourhood): nothing (the name
# itself), a letter, or a digit or separator (. _ - +: the characters people number and space names with)
FULL, LETTER, DIGIT = "f", "l", "d"


def _kind_of(char: str) -> str:
    return LETTER if char.isalpha() else DIGIT


def typo_neighbourhood(email: CanonicalEmail) -> list[tuple[str, str]]:
    """The listed side of "one typo away": (what was deleted, text) for the mailbox name itself (FULL) and
    for each one-character deletion of it (LETTER or DIGIT), each text `domain|name`. Two mailboxes at one
    provider are one edit apart (a character changed, added, dropped, or two swapped) exactly when one's
    deletions and the other's meet (symmetric deletion): an index of these texts finds them without a scan."""
    local, domain = email.local, email.domain
    if not local or not domain or len(local) < TYPO_MIN_LOCAL:
        return []
    found = {(FULL, f"{domain}|{local}")}
    for i, char in enumerate(local):
        found.add((_kind_of(char), f"{domain}|{local[:i]}{local[i + 1:]}"))
    return sorted(found)


def _gate_length(length: int) -> int:
    return (length - 1) // 2


def _gates(domain: str, local: str, keep: int) -> list[str]:
    return [f"{domain}<{local[:keep]}", f"{domain}>{local[-keep:]}"]


def typo_gates(email: CanonicalEmail) -> list[str]:
    """A listed mailbox name's gates: its first and its last k characters, for the k that a mailbox name
    one character shorter, as long, or one longer is probed with (see typo_gate_probes). One edit (a
    character changed, added, dropped, or two neighbours swapped) leaves at least one gate whole, so a
    lookup whose two gates meet no listed gate needs no typo probe — and most meet none."""
    local, domain = email.local, email.domain
    if not local or not domain or len(local) < TYPO_MIN_LOCAL:
        return []
    found: list[str] = []
    for keep in sorted({_gate_length(len(local) + change) for change in (-1, 0, 1)}):
        if keep > 0:
            found += _gates(domain, local, keep)
    return found


def typo_gate_probes(email: CanonicalEmail) -> tuple[str, ...]:
    """The two gates a typed mailbox name is checked by (on every lookup: kept lean)."""
    local, _, domain = (email.canonical or "").rpartition("@")
    keep = (len(local) - 1) // 2  # _gate_length
    if not domain or len(local) < TYPO_MIN_LOCAL - 1 or keep < 1:
        return ()
    return f"{domain}<{local[:keep]}", f"{domain}>{local[-keep:]}"


def typo_probes(email: CanonicalEmail) -> list[tuple[str | None, str]]:
    """The query side: (what this deletion took from the typed name, or None for the name itself, text)."""
    local, domain = email.local, email.domain
    if not local or not domain or len(local) < TYPO_MIN_LOCAL - 1:
        return []
    probes: dict[str, str | None] = {f"{domain}|{local}": None}
    for i, char in enumerate(local):
        probes.setdefault(f"{domain}|{local[:i]}{local[i + 1:]}", _kind_of(char))
    return [(deleted, text) for text, deleted in probes.items()]


def one_typo(typed_deleted: str | None, listed_deleted: str) -> bool:
    """Whether a probe meeting a listed text is a typo of that mailbox, not the mailbox itself nor another
    person's: mailboxes differing only in a digit or a separator (anna.nowak1, anna.nowak2, annanowak,
    anna_nowak) are how people with one name tell their accounts apart, while a letter changed, dropped or
    added (or swapped for a digit: annan0wak) is how a typo, or someone dodging a block, looks."""
    if typed_deleted is None:  # the typed name is the listed one with a character dropped
        return listed_deleted == LETTER
    if listed_deleted == FULL:  # the typed name is the listed one with a character added
        return typed_deleted == LETTER
    return not (typed_deleted == DIGIT and listed_deleted == DIGIT)  # a character changed, or two swapped
