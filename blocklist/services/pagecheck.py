""""Check my page": the service reads a salon's booking page the way a visitor's browser would get it, and
says in plain words whether the booking check is set up: the script, the salon's own publishable key,
no secret key, and the page's origin registered. The page is fetched through outbound.fetch_public
(https, public addresses only, no redirects, bounded): the address is one a user typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from blocklist.errors import BlocklistError
from blocklist.models import KeyKind, Salon, SalonPrincipal
from blocklist.outbound import Refused, fetch_public
from blocklist.services.accounts import AccountService

_SCRIPT = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']([^"']*/static/blocklist\.js)(?:\?[^"']*)?["']""", re.I)
_PUBLISHABLE = re.compile(r"bl_pk_[A-Za-z0-9_-]{10,100}")
_SECRET = re.compile(r"bl_sk_[A-Za-z0-9_-]{10,100}")


@dataclass(frozen=True)
class Finding:
    check: str  # reachable | origin | script | key | no_secret_key
    ok: bool
    text: str


class PageChecker:
    def __init__(self, accounts: AccountService, public_base: str, allow_private: bool) -> None:
        self.accounts = accounts
        self.public_base = public_base.rstrip("/")
        self.allow_private = allow_private

    async def check(self, salon: Salon, url: str) -> list[Finding]:
        parts = urlsplit(url.strip())
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        registered = origin in {o.lower() for o in salon.origins}
        findings = [Finding("origin", registered, f"{origin} is one of this salon's allowed origins" if registered else
                            f"{origin} is not among this salon's allowed origins: lookups from this page will be "
                            f"refused until it is added")]
        try:
            page = await fetch_public(url.strip(), allow_private=self.allow_private)
        except Refused as exc:
            return [Finding("reachable", False, f"the page could not be read: {exc}")] + findings
        if 300 <= page.status < 400:
            return [Finding("reachable", False, f"the page redirects to {page.location}: give the address it leads "
                                                "to (redirects are not followed)")] + findings
        if page.status != 200:
            return [Finding("reachable", False, f"the page answered {page.status}, not the booking page")] + findings
        html = page.body.decode("utf-8", "replace")
        findings.insert(0, Finding("reachable", True, "the page was read" + (
            " (only its first 512 KB)" if page.truncated else "")))
        sources = _SCRIPT.findall(html)
        ours = [s for s in sources if s.startswith(self.public_base + "/")]
        findings.append(Finding("script", bool(ours), "the booking check script is on the page" if ours else
                                f"the script is loaded from {sources[0]}, not from {self.public_base}" if sources else
                                f'the script is missing: add <script src="{self.public_base}/static/blocklist.js" '
                                'data-key="bl_pk_…" data-form="#your-form" defer></script>'))
        findings.append(await self._key(salon, set(_PUBLISHABLE.findall(html))))
        secret = bool(_SECRET.search(html))
        findings.append(Finding("no_secret_key", not secret, "no secret key is on the page" if not secret else
                                "a secret key (bl_sk_…) is on the page: anyone can read it; revoke it now and "
                                "use a publishable key (bl_pk_…) in pages"))
        return findings

    async def _key(self, salon: Salon, keys: set[str]) -> Finding:
        if not keys:
            return Finding("key", False, "no publishable key (bl_pk_…) is on the page: put one of this salon's "
                                         "in the script's data-key")
        for key in sorted(keys):
            try:
                principal = await self.accounts.authenticate(key)
            except BlocklistError:
                continue
            if (isinstance(principal, SalonPrincipal) and principal.salon.id == salon.id
                    and principal.key_kind is KeyKind.PUBLISHABLE):
                return Finding("key", True, "the page carries one of this salon's publishable keys")
        return Finding("key", False, "the page's key is not one of this salon's publishable keys (revoked, or "
                                     "another salon's)")
