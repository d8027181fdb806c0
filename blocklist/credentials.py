"""API keys, moderator tokens, and keyed hashes of identifiers.

Keys and tokens are 256-bit random secrets shown once; MongoDB keeps only a SHA-256 of
them (a fast hash is right for high-entropy secrets) under a short public lookup prefix.
Identifiers (canonical emails and phones) are turned into HMAC-SHA-256 keys with a secret
pepper that never enters the database, so exact matching works on pseudonyms.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from blocklist.settings import Settings

log = logging.getLogger(__name__)

KEY_KINDS = {"secret": "sk", "publishable": "pk"}
_KIND_BY_TAG = {tag: kind for kind, tag in KEY_KINDS.items()}
MODERATOR_TAG = "mt"
# bl_<tag>_<prefix>_<secret>: the prefix finds the stored hash, the secret is never stored
_TOKEN_RE = re.compile(r"^bl_(sk|pk|mt)_([a-z2-7]{10})_([A-Za-z0-9_-]{43})$")
_PREFIX_RE = re.compile(r"^(?:bl_(?:sk|pk|mt)_)?([a-z2-7]{10})$")


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


class Pseudonymiser:
    """HMAC-SHA-256 keys of canonical identifiers under a secret pepper."""

    def __init__(self, pepper: str) -> None:
        self._key = pepper.encode()

    def key(self, kind: str, canonical: str) -> str:
        """A 128-bit hex pseudonym of `kind:canonical`; equal inputs give equal keys."""
        mac = hmac.new(self._key, f"{kind}:{canonical}".encode(), hashlib.sha256)
        return mac.hexdigest()[:32]


def with_local_secrets(settings: Settings) -> Settings:
    """Fill the pepper from the data directory (generated on first run) when none was given."""
    if settings.pepper:
        return settings
    path = Path(settings.data_dir) / "secrets.json"
    stored: dict = {}
    if path.exists():
        stored = json.loads(path.read_text())
    if not stored.get("pepper"):
        path.parent.mkdir(parents=True, exist_ok=True)
        stored["pepper"] = secrets.token_urlsafe(48)
        tmp = path.with_suffix(".tmp")
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
            json.dump(stored, handle)
        tmp.replace(path)
        log.warning("generated a local pepper in %s: production must set BLOCKLIST_PEPPER "
                    "from a secrets manager and keep it out of the database and its backups", path)
    return dataclasses.replace(settings, pepper=stored["pepper"])
