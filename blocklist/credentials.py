"""API keys, moderator tokens, and keyed hashes of identifiers.

Keys and tokens are 256-bit random secrets shown once; MongoDB keeps only a SHA-256 of
them (a fast hash is right for high-entropy secrets) under a short public lookup prefix.
Identifiers (canonical emails and phones) are turned into HMAC-SHA-256 keys with a secret
pepper that never enters the database, so exact matching works on pseudonyms. Personal data
that people must read back (what salons typed, names, notes) is sealed with AES-256-GCM under
a separate data key, also kept out of the database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass

log = logging.getLogger(__name__)

KEY_KINDS = {"secret": "sk", "publishable": "pk"}
_KIND_BY_TAG = {tag: kind for kind, tag in KEY_KINDS.items()}
MODERATOR_TAG = "mt"
PLATFORM_TAG = "pf"
# bl_<tag>_<prefix>_<secret>: the prefix finds the stored hash, the secret is never stored
_TOKEN_RE = re.compile(r"^bl_(sk|pk|mt|pf)_([a-z2-7]{10})_([A-Za-z0-9_-]{43})$")
_PREFIX_RE = re.compile(r"^(?:bl_(?:sk|pk|mt|pf)_)?([a-z2-7]{10})$")


@dataclass(frozen=True)
class IssuedToken:
    """A freshly made secret: `token` is shown once, `prefix` and `digest` are stored."""

    token: str
    prefix: str
    digest: str


@dataclass(frozen=True)
class ParsedToken:
    tag: str
    prefix: str
    digest: str

    @property
    def key_kind(self) -> str | None:
        return _KIND_BY_TAG.get(self.tag)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(tag: str) -> IssuedToken:
    """A new random token of kind `tag` (sk, pk or mt)."""
    prefix = base64.b32encode(secrets.token_bytes(10)).decode().lower()[:10]
    secret = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")
    token = f"bl_{tag}_{prefix}_{secret}"
    return IssuedToken(token=token, prefix=prefix, digest=_digest(token))


def parse_token(raw: str) -> ParsedToken | None:
    """Split a presented token into tag, prefix and digest; None when it is not one of ours."""
    if len(raw) > 80:
        return None
    match = _TOKEN_RE.match(raw)
    if not match:
        return None
    return ParsedToken(tag=match.group(1), prefix=match.group(2), digest=_digest(raw))


def normalise_prefix(raw: str) -> str | None:
    """Accept a key prefix with or without its `bl_sk_` part."""
    match = _PREFIX_RE.match(raw.strip())
    return match.group(1) if match else None


def digests_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


class _HmacSha256:
    """HMAC-SHA-256 (RFC 2104) under one key, continuing from copies of the two keyed SHA-256 states: the
    digests of hmac.new(key, message, sha256) (test_privacy checks it for keys of every length) in 60 % of
    its time. hmac's copy() wraps each copy in a Python object, and every lookup makes four keys."""

    def __init__(self, key: bytes) -> None:
        block = hashlib.sha256().block_size
        if len(key) > block:
            key = hashlib.sha256(key).digest()
        key = key.ljust(block, b"\0")
        self._inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in key))
        self._outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in key))

    def hexdigest(self, message: bytes) -> str:
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


class Pseudonymiser:
    """HMAC-SHA-256 keys of canonical identifiers under a secret pepper.

    `version` names the pepper without revealing it (documents record it beside their keys). While a
    pepper is being rotated, `previous` keys under the old one so that lookups still find what has not
    been re-keyed yet (see `blocklist admin rotate-pepper`).
    """

    def __init__(self, pepper: str, previous: str | None = None) -> None:
        self._key = pepper.encode()
        # the keyed state once; each hash continues from a copy (cheaper than keying again)
        self._mac = _HmacSha256(self._key)
        # typo neighbourhoods are hashed a dozen at a time on the lookup path: keyed BLAKE2b, a third of an HMAC
        self._typo_mac = hashlib.blake2b(key=hashlib.blake2b(b"blocklist typo keys:" + self._key, digest_size=32)
                                         .digest(), digest_size=8)
        self.version = hashlib.sha256(b"blocklist pepper version:" + self._key).hexdigest()[:12]
        self.previous = Pseudonymiser(previous) if previous and previous != pepper else None

    def key(self, kind: str, canonical: str) -> str:
        """A 128-bit hex pseudonym of `kind:canonical`; equal inputs give equal keys."""
        return self._mac.hexdigest(f"{kind}:{canonical}".encode())[:32]

    def match_keys(self, keys: list[str]) -> list[str]:
        """The match index's identifier keys (`e…`, `l…`, `p…`, `t…`) as pseudonyms that keep their kind
        letter: the index needs equal keys to be equal and the kind to weigh them, never the value."""
        return [key[0] + self._mac.hexdigest(f"match:{key}".encode())[:24] for key in keys]


    def typo_hash(self, text: str) -> int:
        """A 64-bit keyed pseudonym of a typo-neighbourhood text (matching/email.typo_neighbourhood)."""
        mac = self._typo_mac.copy()  # (keyed once: a copy skips hashing the key block again)
        mac.update(text.encode())
        return int.from_bytes(mac.digest(), "big")

    def typo_keys(self, neighbourhood: list[tuple[str, str]], gates: list[str]) -> list[str]:
        """A listed mailbox's typo neighbourhood and gates as stored match keys: `v`, what the deletion took
        away, and the pseudonym in hex; `w` and the gate's pseudonym (the kind letters keep their meaning for
        the indexes, never the text)."""
        return ([f"v{deleted}{self.typo_hash(text):016x}" for deleted, text in neighbourhood]
                + [f"w{self.typo_hash(text):016x}" for text in gates])


SEALED_PREFIX = "enc:"


class UnreadableField(ValueError):
    """A stored value that does not open: not sealed by us, altered, or sealed under a key this process
    lacks. The message never carries the value."""


class FieldCipher:
    """AES-256-GCM for personal data at rest. A sealed value reads `enc:<key version>:<base64>` (nonce
    and ciphertext). Every value is sealed, whatever it looks like: text a stranger typed that happens to
    start with `enc:` is sealed like any other, so what is stored under the prefix is always ours.
    Values without the prefix are returned as they are (written before sealing, or kept in clear)."""

    def __init__(self, data_keys: str) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        self._keys: dict[str, AESGCM] = {}
        self.version = ""
        for part in data_keys.split(","):
            version, _, encoded = part.strip().partition(":")
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            if not version.isdigit() or len(key) != 32:
                raise ValueError("each data key is '<version>:<32 bytes in urlsafe base64>'")
            self._keys[version] = AESGCM(key)
            self.version = self.version or version  # the first one seals; all of them open

    @staticmethod
    def generate(version: int = 1) -> str:
        return f"{version}:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")

    def seal(self, value: str | None) -> str | None:
        if value is None:
            return None
        nonce = secrets.token_bytes(12)
        sealed = self._keys[self.version].encrypt(nonce, str(value).encode("utf-8", "surrogatepass"), None)
        return f"{SEALED_PREFIX}{self.version}:" + base64.b64encode(nonce + sealed).decode()

    def open(self, value: str | None) -> str | None:
        """The plain value; raises UnreadableField when a sealed-looking value does not open."""
        if not isinstance(value, str) or not value.startswith(SEALED_PREFIX):
            return value
        version, _, encoded = value[len(SEALED_PREFIX):].partition(":")
        key = self._keys.get(version)  # only a version this process holds: never key material from the value
        if key is None:
            raise UnreadableField("sealed under an unknown data key version")
        try:
            raw = base64.b64decode(encoded, validate=True)
            if len(raw) < 12 + 16:
                raise ValueError("too short")
            return key.decrypt(raw[:12], raw[12:], None).decode("utf-8", "surrogatepass")
        except Exception:  # binascii.Error, InvalidTag, UnicodeDecodeError: all mean "not ours, or altered"
            raise UnreadableField("does not open under the data key") from None

    def seal_bytes(self, data: bytes, context: bytes) -> tuple[str, bytes]:
        """(key version, nonce + ciphertext) of `data`; `context` is authenticated too (it must match
        on opening: a chunk cannot be swapped for another one)."""
        nonce = secrets.token_bytes(12)
        return self.version, nonce + self._keys[self.version].encrypt(nonce, data, context)

    def open_bytes(self, version: str, sealed: bytes, context: bytes) -> bytes:
        """The data sealed by `seal_bytes`; raises if it was altered, or sealed under another context
        or a key this process does not have."""
        key = self._keys.get(version)
        if key is None:
            raise ValueError(f"no data key of version {version}")
        return key.decrypt(sealed[:12], sealed[12:], context)
