"""Salons, API keys, moderators, and turning a presented credential into a principal."""

from __future__ import annotations

import asyncio
import functools
import re
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

import phonenumbers
import pyotp

from blocklist.clock import Clock
from blocklist.credentials import (
    KEY_KINDS,
    MODERATOR_TAG,
    PLATFORM_TAG,
    digests_equal,
    issue_token,
    normalise_prefix,
    parse_token,
)
from blocklist.errors import Conflict, InvalidRequest, NotFound, Unauthorized
from blocklist.models import (
    DEFAULT_SCOPES,
    KeyKind,
    Moderator,
    ModeratorPrincipal,
    Page,
    Platform,
    PlatformPrincipal,
    Principal,
    Role,
    Salon,
    SalonPrincipal,
)
from blocklist.services.audit import AuditLog
from blocklist.services.changes import Changes
from blocklist.services.credentials import MAX_PASSWORD_LENGTH, PASSWORDS, Credentials
from blocklist.storage.accounts import AccountStore, UsernameTaken
from blocklist.storage.platforms import PlatformStore

# ASVS 5.0 appendix C minimum for argon2id: t=2, m=19 MiB, p=1
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
MIN_PASSWORD_LENGTH = 12


def new_id(kind: str) -> str:
    """A random, non-sequential id such as `sal_3f2a…` (128 bits)."""
    return f"{kind}_{uuid.uuid4().hex}"


def validate_country(raw: str) -> str:
    """An ISO 3166 alpha-2 code that phone numbers can be parsed for."""
    code = raw.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidRequest("country must be an ISO 3166-1 alpha-2 code such as PL, NL or TR",
                             [{"field": "country", "problem": f"unknown country code {raw[:10]!r}"}])
    return code


def validate_origin(raw: str) -> str:
    """A web origin (`https://host[:port]`), normalised as browsers send it in `Origin`."""
    problem = None
    try:
        parts = urlsplit(raw.strip())
        if parts.scheme not in {"https", "http"} or not parts.hostname:
            problem = "must be an http(s) origin such as https://studio-anna.pl"
        elif parts.path not in {"", "/"} or parts.query or parts.fragment or parts.username:
            problem = "must be an origin only: scheme, host and port, no path"
        elif parts.scheme == "http" and parts.hostname not in {"localhost", "127.0.0.1"}:
            problem = "must use https (http is allowed only for localhost)"
    except ValueError:
        problem = "is not a URL"
    if problem:
        raise InvalidRequest(f"origin {raw[:100]!r} {problem}", [{"field": "origin", "problem": problem}])
    port = f":{parts.port}" if parts.port and parts.port not in {80, 443} else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidRequest(f"password must be at least {MIN_PASSWORD_LENGTH} characters",
                             [{"field": "password", "problem": "too short"}])
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidRequest(f"password must be at most {MAX_PASSWORD_LENGTH} characters",
                             [{"field": "password", "problem": "too long"}])
    if password.lower() in _common_passwords():
        raise InvalidRequest("this password is among the 30,000 most common ones; choose another",
                             [{"field": "password", "problem": "too common"}])


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    """zxcvbn's list of the most used passwords (from leaked password sets), loaded on first use."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS
    return frozenset(FREQUENCY_LISTS["passwords"])


@dataclass(frozen=True)
class CreatedSalon:
    salon: Salon
    secret_key: str
    publishable_key: str


@dataclass(frozen=True)
class IssuedKey:
    """A key as issued: the key itself (shown once) and what it may do."""

    token: str
    scopes: frozenset[str]


class AccountService:
    """Admin operations on salons, keys and moderators, and authentication of requests."""

    def __init__(self, store: AccountStore, audit: AuditLog, changes: Changes, clock: Clock,
                 cache_seconds: float, platforms: PlatformStore | None = None) -> None:
        self.store = store
        self.platforms = platforms
        self.moderator_credentials = Credentials(store.moderator_credentials, audit, clock, "moderator")
        # (platform key prefix, salon id) -> the salon principal a platform key acts as, and when it was read
        self._acting: dict[tuple[str, str], tuple[SalonPrincipal, float]] = {}
        self.audit = audit
        self.changes = changes
        self.clock = clock
        # origins registered by any salon: a CORS preflight carries no key, so it is checked against all
        self.known_origins: frozenset[str] = frozenset()
        for kind in ("salon", "key", "moderator"):  # changed accounts, here or in another process
            changes.subscribe(kind, lambda ids, kind=kind: self.forget({kind: set(ids)}))
        self.cache_seconds = cache_seconds
        # digest -> (principal, monotonic time cached)
        self._cache: dict[str, tuple[Principal, float]] = {}
        # loads in flight, by token: callers that miss the cache together wait for one load (a restarted
        # process met by a booking platform's 32 connections at once read the same key 32 times)
        self._loading: dict[str, asyncio.Task] = {}
        # how many times the cache was emptied: a load that began before a revocation is not cached
        self._generation = 0
        self._refreshing: set[str] = set()
        self._background: set[asyncio.Task] = set()
        # well-formed credentials found to be no one's -> monotonic time: asked again within
        # cache_seconds they are refused without a database read (until a key or token is issued)
        self._unknown: dict[str, float] = {}

    async def create_salon(self, name: str, country: str, origins: list[str], actor: str = "admin:cli",
                           platform_id: str | None = None) -> CreatedSalon:
        """Register a salon with one secret and one publishable key (a platform's salon: the platform acts for
        it with its own key)."""
        name = name.strip()
        if not 1 <= len(name) <= 200:
            raise InvalidRequest("salon name must be 1 to 200 characters",
                                 [{"field": "name", "problem": "length must be 1..200"}])
        salon = Salon(id=new_id("sal"), name=name, country=validate_country(country),
                      origins=tuple(dict.fromkeys(validate_origin(o) for o in origins)), created_at=self.clock(),
                      platform_id=platform_id)
        await self.store.insert_salon(salon)
        secret_key = await self._issue_key(salon.id, KeyKind.SECRET)
        publishable_key = await self._issue_key(salon.id, KeyKind.PUBLISHABLE)
        # every process learns the salon's origins (CORS) and forgets what it knew of its keys
        await self.changes.ids_changed("salon", [salon.id], self.clock())
        await self.audit.append(actor, "salon.created", salon.id, {"country": salon.country})
        return CreatedSalon(salon, secret_key, publishable_key)

    async def _issue_key(self, salon_id: str, kind: KeyKind, scopes: frozenset[str] | None = None) -> str:
        issued = issue_token(KEY_KINDS[kind.value])
        await self.store.insert_key(issued.prefix, issued.digest, salon_id, kind, self.clock(),
                                    DEFAULT_SCOPES[kind] if scopes is None else scopes)
        return issued.token

    async def create_key(self, salon_id: str, kind: str, actor: str = "admin:cli",
                         scopes: list[str] | None = None) -> IssuedKey:
        """A new key for a salon, with some of its kind's scopes (all of them by default); the key itself
        is returned once and never stored."""
        if kind not in KEY_KINDS:
            raise InvalidRequest("kind must be secret or publishable", [{"field": "kind", "problem": "unknown kind"}])
        allowed = DEFAULT_SCOPES[KeyKind(kind)]
        chosen = allowed if scopes is None else frozenset(scopes)
        if not chosen or not chosen <= allowed:
            raise InvalidRequest(f"a {kind} key's scopes are some of: {', '.join(sorted(allowed))}",
                                 [{"field": "scopes", "problem": "empty" if not chosen else
                                   f"not for a {kind} key: {', '.join(sorted(chosen - allowed))[:200]}"}])
        if await self.store.get_salon(salon_id) is None:
            raise NotFound(f"no salon {salon_id[:80]!r}")
        token = await self._issue_key(salon_id, KeyKind(kind), chosen)
        prefix = parse_token(token).prefix  # type: ignore[union-attr]
        await self.changes.ids_changed("key", [prefix], self.clock())  # no process keeps it as unknown
        await self.audit.append(actor, "key.created", salon_id, {"key_prefix": prefix, "kind": kind,
                                                                 "scopes": sorted(chosen)})
        return IssuedKey(token, chosen)

    # ------------------------------------------------------------------ booking platforms

    async def create_platform(self, name: str, actor: str = "admin:cli") -> tuple[Platform, str]:
        """A booking platform and its key (returned once)."""
        assert self.platforms is not None
        name = name.strip()
        if not 1 <= len(name) <= 200:
            raise InvalidRequest("platform name must be 1 to 200 characters",
                                 [{"field": "name", "problem": "length must be 1..200"}])
        platform = Platform(id=new_id("plt"), name=name, created_at=self.clock())
        await self.platforms.insert(platform)
        issued = issue_token(PLATFORM_TAG)
        await self.platforms.insert_key(issued.prefix, issued.digest, platform.id, self.clock())
        await self.audit.append(actor, "platform.created", platform.id, {"name": name})
        return platform, issued.token

    async def all_platforms(self) -> list[Platform]:
        assert self.platforms is not None
        return await self.platforms.all()

    async def revoke_platform_key(self, raw_prefix: str, actor: str = "admin:cli") -> None:
        assert self.platforms is not None
        prefix = normalise_prefix(raw_prefix)
        if prefix is None or not await self.platforms.revoke_key(prefix, self.clock()):
            raise NotFound("no active platform key with that prefix")
        await self.changes.ids_changed("key", [prefix], self.clock())
        await self.audit.append(actor, "platform_key.revoked", prefix)

    async def platform_salons(self, platform: Platform, limit: int, cursor: str | None) -> Page:
        from blocklist.services.reports import decode_cursor, next_page
        after = decode_cursor(cursor, (datetime, str)) if cursor else None
        salons, next_cursor = next_page(await self.store.salons_of_platform(platform.id, limit + 1, after),  # type: ignore[arg-type]
                                        limit, lambda s: (s.created_at, s.id))
        return Page(salons, next_cursor)

    async def acting_for(self, principal: PlatformPrincipal, salon_id: str) -> SalonPrincipal:
        """A platform key acting for one of its salons, as that salon's secret key would; another platform's
        salon, or a salon of no platform, is NotFound (it might as well not exist). Cached like keys."""
        cached = self._acting.get((principal.key_prefix, salon_id))
        if cached and time.monotonic() - cached[1] < self.cache_seconds:
            return cached[0]
        salon = await self.store.get_salon(salon_id[:80]) if salon_id else None
        if salon is None or salon.platform_id != principal.platform.id:
            raise NotFound("no such salon of this platform (Blocklist-Salon)")
        acting = SalonPrincipal(salon=salon, key_prefix=principal.key_prefix, key_kind=KeyKind.SECRET,
                                via_platform=principal.platform.id)
        if len(self._acting) > 50_000:
            self._acting.clear()
        self._acting[(principal.key_prefix, salon_id)] = (acting, time.monotonic())
        return acting

    async def revoke_key(self, raw_prefix: str, actor: str = "admin:cli", salon_id: str | None = None) -> None:
        """Revoke a key by its prefix; it is refused from then on. With `salon_id`, only a key of that salon
        (another salon's key is as unknown as one that never was)."""
        prefix = normalise_prefix(raw_prefix)
        if prefix is None:
            raise InvalidRequest("not a key prefix", [{"field": "key_prefix", "problem": "malformed"}])
        if salon_id is not None:
            found = await self.store.find_key(prefix)
            if found is None or found[0].salon_id != salon_id:
                raise NotFound(f"no key with prefix {prefix}")
        key = await self.store.revoke_key(prefix, self.clock())
        if key is None and self.platforms is not None and await self.platforms.find_key(prefix):
            return await self.revoke_platform_key(prefix, actor)  # (one command revokes any key)
        if key is None:
            raise NotFound(f"no key with prefix {prefix}")
        await self.changes.ids_changed("key", [prefix], self.clock())
        await self.audit.append(actor, "key.revoked", key.salon_id, {"key_prefix": prefix})

    async def set_origins(self, salon_id: str, origins: list[str], actor: str) -> Salon:
        """The origins (booking pages) a salon's publishable keys answer; every process learns them (CORS)."""
        origins = list(dict.fromkeys(validate_origin(o) for o in origins))
        salon = await self.store.update_salon(salon_id, {"origins": origins})
        if salon is None:
            raise NotFound("no such salon")
        await self.changes.ids_changed("salon", [salon_id], self.clock())
        await self.audit.append(actor, "salon.origins_changed", salon_id, {"origins": origins})
        return salon

    async def set_salon_policy(self, salon_id: str, challenge_as_block: bool, multi_salon_threshold: int | None,
                               no_show_window_days: int | None, actor: str) -> Salon:
        """Override the lookup defaults for one salon (None: the service default)."""
        problems = []
        if multi_salon_threshold is not None and not 1 <= multi_salon_threshold <= 20:
            problems.append({"field": "multi_salon_threshold", "problem": "must be 1..20"})
        if no_show_window_days is not None and not 1 <= no_show_window_days <= 730:
            problems.append({"field": "no_show_window_days", "problem": "must be 1..730"})
        if problems:
            raise InvalidRequest("the policy has invalid values", problems)
        policy = {"challenge_as_block": challenge_as_block, "multi_salon_threshold": multi_salon_threshold,
                  "no_show_window_days": no_show_window_days}
        salon = await self.store.update_salon(salon_id, {"policy": policy})
        if salon is None:
            raise NotFound("no such salon")
        await self.changes.ids_changed("salon", [salon_id], self.clock())
        await self.audit.append(actor, "salon.policy_changed", salon_id, policy)
        return salon

    async def create_moderator(self, username: str, role: str, password: str | None,
                               actor: str = "admin:cli") -> tuple[Moderator, str]:
        """A moderator account and its first API token (returned once)."""
        username = username.strip().lower()
        if not _USERNAME_RE.match(username):
            raise InvalidRequest("username must be 3 to 40 characters: letters, digits, . _ -",
                                 [{"field": "username", "problem": "invalid"}])
        if role not in {r.value for r in Role}:
            raise InvalidRequest("role must be moderator or admin", [{"field": "role", "problem": "unknown role"}])
        password_hash = None
        if password is not None:
            validate_password(password)
            password_hash = PASSWORDS.hash(password)
        moderator = Moderator(id=new_id("mod"), username=username, role=Role(role), created_at=self.clock())
        try:
            await self.store.insert_moderator(moderator, password_hash)
        except UsernameTaken:
            raise Conflict(f"username {username!r} is taken") from None
        token = await self.issue_moderator_token(moderator.id)
        await self.audit.append(actor, "moderator.created", moderator.id, {"role": role})
        return moderator, token

    async def issue_moderator_token(self, moderator_id: str) -> str:
        issued = issue_token(MODERATOR_TAG)
        await self.store.insert_token(issued.prefix, issued.digest, moderator_id, self.clock())
        await self.changes.ids_changed("moderator", [issued.prefix], self.clock())
        return issued.token

    async def moderator_changed(self, moderator_id: str) -> None:
        """A moderator was disabled, enabled or lost a factor: every process reads them again."""
        await self.changes.ids_changed("moderator", [moderator_id], self.clock())

    async def revoke_moderator_token(self, raw_prefix: str, actor: str) -> None:
        prefix = normalise_prefix(raw_prefix)
        if prefix is None or not await self.store.revoke_token(prefix, self.clock()):
            raise NotFound("no active token with that prefix")
        await self.changes.ids_changed("moderator", [prefix], self.clock())
        await self.audit.append(actor, "moderator_token.revoked", prefix)

    async def authenticate(self, token: str) -> Principal:
        """The salon or moderator a bearer token belongs to; Unauthorized otherwise.

        Principals are cached so that a request does not wait for the database: a revocation or a
        salon change anywhere clears the cache (this process at once, others through the change
        log), and an entry older than `cache_seconds` is refreshed in the background while the
        cached one keeps answering.
        """
        # keyed by the token as presented (held only in this process's memory, like the request itself):
        # a cached caller costs one dict lookup, not a parse and a SHA-256
        cached = self._cache.get(token)
        now = time.monotonic()
        if cached:
            if now - cached[1] >= self.cache_seconds and token not in self._refreshing:
                self._refreshing.add(token)
                task = asyncio.create_task(self._refresh(token))
                self._background.add(task)
                task.add_done_callback(self._background.discard)
            return cached[0]
        parsed = parse_token(token)
        if parsed is None:
            raise Unauthorized("the API key or token is not valid")
        refused_at = self._unknown.get(token)
        if refused_at is not None:
            if now - refused_at < self.cache_seconds:
                raise Unauthorized("the API key or token is not valid")
            del self._unknown[token]
        load = self._loading.get(token)
        if load is None:
            load = self._loading[token] = asyncio.create_task(self._load_and_cache(token, parsed))
            load.add_done_callback(functools.partial(self._load_done, token))
        # shielded: a caller that hangs up does not cancel the load the others wait for
        return await asyncio.shield(load)

    def is_cached(self, token: str) -> bool:
        return token in self._cache

    async def _load_and_cache(self, token: str, parsed) -> Principal:
        generation = self._generation
        try:
            principal = await self._load_principal(parsed)
        except Unauthorized:
            if generation == self._generation:
                if len(self._unknown) > 10_000:
                    self._unknown.clear()
                self._unknown[token] = time.monotonic()
            raise
        if generation == self._generation:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[token] = (principal, time.monotonic())
        return principal

    def _load_done(self, token: str, load: asyncio.Task) -> None:
        if self._loading.get(token) is load:  # (forget_cached may have let go of it already)
            del self._loading[token]
        if not load.cancelled():
            load.exception()  # seen here, so a load every caller gave up on is not reported as unretrieved

    async def _load_principal(self, parsed) -> Principal:
        invalid = Unauthorized("the API key or token is not valid")
        if parsed.tag == PLATFORM_TAG:
            found_platform_key = await self.platforms.find_key(parsed.prefix) if self.platforms else None
            if not found_platform_key or found_platform_key[2] is not None or not digests_equal(found_platform_key[1],
                                                                                                  parsed.digest):
                raise invalid
            platform = await self.platforms.get(found_platform_key[0])  # type: ignore[union-attr]
            if platform is None:
                raise invalid
            return PlatformPrincipal(platform, parsed.prefix)
        if parsed.tag == MODERATOR_TAG:
            found = await self.store.find_token(parsed.prefix)
            if not found or found[2] is not None or not digests_equal(found[1], parsed.digest):
                raise invalid
            moderator = await self.store.get_moderator(found[0])
            if moderator is None or moderator.disabled:
                raise invalid
            return ModeratorPrincipal(moderator)
        found_key = await self.store.find_key(parsed.prefix)
        if not found_key:
            raise invalid
        key, digest = found_key
        if key.revoked_at is not None or not digests_equal(digest, parsed.digest) or key.kind.value != parsed.key_kind:
            raise invalid
        salon = await self.store.get_salon(key.salon_id)
        if salon is None:
            raise invalid
        return SalonPrincipal(salon=salon, key_prefix=key.prefix, key_kind=key.kind, scopes=key.scopes)

    async def _refresh(self, token: str) -> None:
        try:
            parsed = parse_token(token)
            assert parsed is not None  # it was parsed before it was cached
            await self._load_and_cache(token, parsed)
        except Unauthorized:
            self._cache.pop(token, None)
        except Exception:  # the database is away: keep answering from the cache, try again later
            pass
        finally:
            self._refreshing.discard(token)

    # ------------------------------------------------------------------ second factor (TOTP, RFC 6238)
    # (services/credentials.py does the work, for moderators as for anyone who logs in to a page)

    async def begin_mfa(self, moderator: Moderator) -> None:
        """A new TOTP secret for the moderator's authenticator app (not in force until confirmed)."""
        await self.moderator_credentials.begin_mfa(moderator.id)

    async def pending_mfa_secret(self, moderator: Moderator) -> str | None:
        return await self.moderator_credentials.pending_mfa_secret(moderator.id)

    async def confirm_mfa(self, principal: ModeratorPrincipal, code: str) -> list[str] | None:
        """The pending secret in force when `code` comes from it: the recovery codes (shown once), or None."""
        codes = await self.moderator_credentials.confirm_mfa(principal.moderator.id, principal.actor, code)
        if codes is not None:
            await self.moderator_changed(principal.moderator.id)
        return codes

    async def new_recovery_codes(self, principal: ModeratorPrincipal) -> list[str]:
        return await self.moderator_credentials.new_recovery_codes(principal.moderator.id, principal.actor)

    async def recovery_codes_left(self, moderator: Moderator) -> int:
        return await self.moderator_credentials.recovery_codes_left(moderator.id)

    async def find_moderator(self, username: str) -> Moderator | None:
        found = await self.store.find_moderator_by_username(username.strip().lower()[:40])
        return found[0] if found else None

    async def reset_mfa(self, actor: str, moderator_id: str) -> None:
        """Remove a moderator's second factor (a lost phone): they set up a new one at their next login."""
        if not await self.moderator_credentials.reset_mfa(actor, moderator_id):
            raise NotFound("no such moderator")
        await self.moderator_changed(moderator_id)

    def forget(self, refs: dict[str, set[str]]) -> None:
        """Drop the cached principals the changed accounts touch: `refs` names key prefixes ("key"),
        salon ids ("salon") and moderator ids or token prefixes ("moderator"). Everyone else stays
        cached, so creating a salon during a database outage does not turn every other salon away."""
        keys, salons, moderators = refs.get("key", set()), refs.get("salon", set()), refs.get("moderator", set())
        if not (keys or salons or moderators):
            return
        self._generation += 1
        self._unknown.clear()  # a key or token just issued may be one of them
        self._loading.clear()
        self._acting.clear()  # (few: read again at the next request)
        for token, (principal, _) in list(self._cache.items()):
            if isinstance(principal, SalonPrincipal):
                touched = principal.key_prefix in keys or principal.salon.id in salons
            elif isinstance(principal, PlatformPrincipal):
                touched = principal.key_prefix in keys
            else:
                parsed = parse_token(token)
                touched = principal.moderator.id in moderators or (parsed is not None and parsed.prefix in moderators)
            if touched:
                del self._cache[token]

    async def reload_origins(self) -> None:
        """Read every salon's origins again (after a salon changed, here or in another process)."""
        self.known_origins = await self.store.all_origins()

    def forget_cached(self) -> None:
        """Drop cached principals (after a change to keys or salons, here or in another process). Loads in
        flight answer the callers already waiting, are not cached, and take no new callers: a key presented
        after its revocation is read again."""
        self._generation += 1
        self._cache.clear()
        self._unknown.clear()
        self._loading.clear()




def otpauth_uri(username: str, secret: str) -> str:
    """What an authenticator app reads (typed in, or from a QR code of it)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="Blocklist")
