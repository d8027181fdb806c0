"""One settings object, read from the environment at the entry points only (and, on one machine, the secrets
generated in the data directory when the environment gives none)."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from blocklist.credentials import FieldCipher
from blocklist.errors import ConfigError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    # MongoDB connection string; None starts the embedded server in data_dir
    mongodb_uri: str | None = None
    # database name
    db_name: str = "blocklist"
    # embedded server's data (and generated local secrets)
    data_dir: Path = Path("./data")
    # where the audit chain's head is published every hour (and by `blocklist admin verify-audit`):
    # a directory on storage the database's operators cannot rewrite (another account's mount, a
    # retention-locked bucket); the verifier checks the chain against it. None: not published
    audit_anchor_dir: Path | None = None
    # address `blocklist serve` listens on
    host: str = "127.0.0.1"
    port: int = 8080
    # `blocklist serve` pins worker i to the i-th CPU it may use (round robin). Off by default: on the
    # 2-core development machine it showed no gain beyond the benchmark's run-to-run noise (±15 %)
    pin_workers: bool = False
    # log level of the JSON logs on stderr
    log_level: str = "INFO"
    # one log line per request (turn off for benchmarks; errors are logged either way)
    access_log: bool = True
    # largest request body accepted, in bytes (413 above)
    max_body_bytes: int = 64 * 1024
    # driver limits: no operation may wait on MongoDB longer than this
    mongo_timeout_ms: int = 5000
    mongo_server_selection_timeout_ms: int = 5000
    mongo_max_pool_size: int = 50
    # reports per minute one secret key may submit
    report_rate_per_minute: int = 300
    # lookups per minute one key may make, per kind of key
    lookup_rate_per_minute_secret: int = 60_000
    lookup_rate_per_minute_publishable: int = 600
    # publishable-key lookups per minute from one client address, whichever keys it uses (keys are public)
    lookup_rate_per_minute_address: int = 120
    # distinct customers one key may look up per hour (per process) before it is throttled and flagged
    # to admins as a possible scan of the blocklist
    lookup_distinct_per_hour_secret: int = 5000
    lookup_distinct_per_hour_publishable: int = 300
    # distinct customers looked up with publishable keys from one client address per hour (per process)
    lookup_distinct_per_hour_address: int = 300
    # appeals per hour one client address may file
    appeal_rate_per_hour: int = 10
    # moderator API and other authenticated reads per key per minute
    api_rate_per_minute: int = 1200
    # requests per minute a booking platform's key makes for all its salons together
    platform_rate_per_minute: int = 120_000
    # how often each process polls the revision counter to sync its lookup index
    sync_interval_seconds: float = 0.5
    # how long an Idempotency-Key is remembered
    idempotency_ttl_hours: int = 24
    # window in which no-shows at several salons count as a pattern
    no_show_window_days: int = 180
    # pending reports from this many distinct salons make a lookup challenge
    multi_salon_threshold: int = 2
    # retention: a listing lasts this long unless the moderator picks less (never more than the maximum)
    entry_default_months: int = 12
    entry_max_months: int = 24
    # reports are for recent incidents: a booking older than this is refused (SECURITY P4)
    report_incident_max_age_days: int = 60
    # unreviewed reports are deleted after this many days; dismissed and withdrawn ones lose their
    # personal data after this many
    pending_report_days: int = 90
    closed_report_days: int = 30
    # Art. 14 notices to listed people (SECURITY P12): the operator's SMTP server
    # (smtp://user:password@host:587 with STARTTLS, smtps://… for TLS from the start, smtp+plain://… for
    # a local relay without TLS), the sender address, who the controller is, and where the public pages are
    smtp_url: str = field(default="", repr=False)  # holds the SMTP password
    notice_from: str = ""
    controller: str = "the operator of this Blocklist service"
    # where a listed person reaches the controller (an email address or a postal address; shown on the
    # transparency page); unset, the notices' sender address is shown
    contact: str = ""
    public_url: str = ""
    # an HTTP SMS gateway for appeal codes to phones (blocklist/outbound.py says what it is sent);
    # unset, a person proves an email only, and an appeal with just a phone reaches moderators unverified
    sms_url: str = field(default="", repr=False)  # may hold the gateway's credentials
    sms_token: str = field(default="", repr=False)
    # requests to addresses users type (a salon's page check; webhooks) go to public https addresses only;
    # true lets plain http and private addresses through: development and tests only
    webhook_allow_private: bool = False
    # the webhook retry schedule's unit: retries after about 1, 6, 30 and 180 of it, then every 360, giving
    # up after 8640 (10 s: 10 s, 1 min, 5 min, 30 min, hourly, 24 hours); smaller only for tests
    webhook_retry_base_seconds: float = 10.0
    # a claim on a case lapses after this long without activity
    claim_timeout_minutes: int = 60
    # console sessions end after this long without a request, and after this long in any case
    console_idle_minutes: int = 15
    console_absolute_hours: int = 8
    # console cookies are marked Secure (with the __Host- prefix) and HSTS is sent; on by default,
    # off only for plain-HTTP development on 127.0.0.1 (./scripts/run turns it off)
    console_secure_cookies: bool = True
    # every console login needs a second factor (TOTP): a moderator without one can only set it up;
    # off only for development on 127.0.0.1 (./scripts/run turns it off)
    console_require_mfa: bool = True
    # secret for keyed hashes of identifiers (HMAC); None: generated in data_dir
    pepper: str | None = field(default=None, repr=False)
    # the pepper being replaced, during a rotation only (lookups also try it until rotate-pepper is done)
    pepper_previous: str | None = field(default=None, repr=False)
    # AES-256 key(s) sealing personal data at rest: "2:<base64>,1:<base64>" (the first seals, all
    # open); None: generated in data_dir
    data_key: str | None = field(default=None, repr=False)
    # trust X-Forwarded-For for client addresses (only behind a proxy you run), and how many proxies of
    # yours each append to it: the client is the address the outermost of them saw
    trust_forwarded_for: bool = False
    trusted_proxies: int = 1
    # refused credentials (401s) per client address per minute; past it, unknown credentials get 429
    # without a database read
    auth_failures_per_minute: int = 30
    # seconds a connection may take to send its request line and headers (slowloris)
    header_read_timeout_seconds: float = 10.0

    @property
    def public_base(self) -> str:
        """The address the public pages are reached at (for links people follow)."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """Build settings from BLOCKLIST_* variables; a bad value raises ConfigError naming it."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        if env.get("MONGODB_URI"):
            values["mongodb_uri"] = env["MONGODB_URI"]
        if env.get("BLOCKLIST_DB"):
            values["db_name"] = env["BLOCKLIST_DB"]
        if env.get("BLOCKLIST_DATA_DIR"):
            values["data_dir"] = Path(env["BLOCKLIST_DATA_DIR"])
        if env.get("BLOCKLIST_AUDIT_ANCHOR_DIR"):
            values["audit_anchor_dir"] = Path(env["BLOCKLIST_AUDIT_ANCHOR_DIR"])
        special = {"mongodb_uri", "db_name", "data_dir", "audit_anchor_dir"}
        for f in dataclasses.fields(cls):
            if f.name in special:
                continue
            name = "BLOCKLIST_" + f.name.upper()
            raw = env.get(name)
            if raw is None or raw == "":
                continue
            values[f.name] = _parse(name, raw, f.type)
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Raise ConfigError on values that parse but make no sense."""
        if not self.db_name or any(c in self.db_name for c in '/\\. "$\0') or len(self.db_name) > 60:
            raise ConfigError("BLOCKLIST_DB", "must be a MongoDB database name (letters, digits, _ and -)")
        if self.smtp_url:
            try:
                smtp_options(self.smtp_url)
            except ValueError as exc:
                raise ConfigError("BLOCKLIST_SMTP_URL", str(exc)) from None
            if "@" not in self.notice_from:
                raise ConfigError("BLOCKLIST_NOTICE_FROM",
                                  "must be the sender's email address when BLOCKLIST_SMTP_URL is set")
        if self.sms_url and not self.sms_url.startswith(("https://", "http://")):
            raise ConfigError("BLOCKLIST_SMS_URL", "must be the gateway's http(s):// address")
        if not 1 <= self.report_incident_max_age_days <= 730:
            raise ConfigError("BLOCKLIST_REPORT_INCIDENT_MAX_AGE_DAYS", "must be between 1 and 730")
        if not 0 <= self.port <= 65535:
            raise ConfigError("BLOCKLIST_PORT", "must be between 0 and 65535")
        if self.log_level.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError("BLOCKLIST_LOG_LEVEL", "must be DEBUG, INFO, WARNING or ERROR")
        positive = [
            "max_body_bytes", "mongo_timeout_ms", "mongo_server_selection_timeout_ms",
            "mongo_max_pool_size", "report_rate_per_minute", "lookup_rate_per_minute_secret",
            "lookup_rate_per_minute_publishable", "appeal_rate_per_hour", "lookup_distinct_per_hour_secret",
            "lookup_distinct_per_hour_publishable", "api_rate_per_minute", "lookup_rate_per_minute_address",
            "lookup_distinct_per_hour_address", "platform_rate_per_minute",
            "idempotency_ttl_hours", "no_show_window_days", "multi_salon_threshold",
            "claim_timeout_minutes", "console_idle_minutes", "console_absolute_hours", "entry_default_months",
            "entry_max_months", "pending_report_days", "closed_report_days", "auth_failures_per_minute",
        ]
        for name in positive:
            if getattr(self, name) <= 0:
                raise ConfigError("BLOCKLIST_" + name.upper(), "must be a positive number")
        if not 0.01 <= self.webhook_retry_base_seconds <= 3600:
            raise ConfigError("BLOCKLIST_WEBHOOK_RETRY_BASE_SECONDS", "must be between 0.01 and 3600")
        if not 1 <= self.trusted_proxies <= 10:
            raise ConfigError("BLOCKLIST_TRUSTED_PROXIES", "must be between 1 and 10")
        if not 1 <= self.header_read_timeout_seconds <= 120:
            raise ConfigError("BLOCKLIST_HEADER_READ_TIMEOUT_SECONDS", "must be between 1 and 120")
        if not 0.05 <= self.sync_interval_seconds <= 2:
            raise ConfigError("BLOCKLIST_SYNC_INTERVAL_SECONDS", "must be between 0.05 and 2")
        if self.entry_max_months > 24 or self.entry_default_months > self.entry_max_months:
            raise ConfigError("BLOCKLIST_ENTRY_MAX_MONTHS", "must be at most 24, and at least BLOCKLIST_ENTRY_DEFAULT_MONTHS")
        if self.idempotency_ttl_hours < 24:
            raise ConfigError("BLOCKLIST_IDEMPOTENCY_TTL_HOURS", "must be at least 24")
        if self.pepper is not None and len(self.pepper) < 32:
            raise ConfigError("BLOCKLIST_PEPPER", "must be at least 32 characters of random data")
        if self.data_key is not None:
            try:
                FieldCipher(self.data_key)
            except (ValueError, TypeError):
                raise ConfigError("BLOCKLIST_DATA_KEY", "must be '<version>:<32 random bytes in urlsafe base64>'[,…] "
                                  "(make one with: python -c 'from blocklist.credentials import FieldCipher; "
                                  "print(FieldCipher.generate())')") from None
        if self.mongodb_uri is not None and not self.mongodb_uri.startswith(("mongodb://", "mongodb+srv://")):
            raise ConfigError("MONGODB_URI", "must start with mongodb:// or mongodb+srv://")


def _parse(name: str, raw: str, type_name: object) -> object:
    text = str(type_name)
    try:
        if text == "int":
            return int(raw)
        if text == "float":
            return float(raw)
        if text == "bool":
            lowered = raw.strip().lower()
            if lowered in {"1", "true", "yes", "on"}:
                return True
            if lowered in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
    except ValueError:
        raise ConfigError(name, f"must be {'a whole number' if text == 'int' else 'a number' if text == 'float' else 'true or false'}, got {raw!r}") from None
    return raw


def smtp_options(url: str) -> dict[str, object]:
    """aiosmtplib's connection options for BLOCKLIST_SMTP_URL; ValueError says what is wrong with it."""
    from urllib.parse import unquote, urlsplit
    parts = urlsplit(url)
    schemes = {"smtp": {"start_tls": True}, "smtps": {"use_tls": True}, "smtp+plain": {"start_tls": False}}
    if parts.scheme not in schemes or not parts.hostname:
        raise ValueError("must look like smtp://user:password@host:587 (or smtps://…, smtp+plain://… for a local relay)")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("has a port that is not a number") from None
    options: dict[str, object] = {"hostname": parts.hostname, "port": port or (465 if parts.scheme == "smtps" else 587),
                                  **schemes[parts.scheme]}
    if parts.username:
        options.update(username=unquote(parts.username), password=unquote(parts.password or ""))
    return options


def with_local_secrets(settings: Settings) -> Settings:
    """Fill the pepper and the data key from the data directory (generated on first run) when the
    environment gives none: fine on one machine, never for production."""
    if settings.pepper and settings.data_key:
        return settings
    path = Path(settings.data_dir) / "secrets.json"
    stored: dict = {}
    if path.exists():
        stored = json.loads(path.read_text())
    generated = []
    if not stored.get("pepper"):
        stored["pepper"] = secrets.token_urlsafe(48)
        generated.append("BLOCKLIST_PEPPER")
    if not stored.get("data_key"):
        stored["data_key"] = FieldCipher.generate()
        generated.append("BLOCKLIST_DATA_KEY")
    if generated:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
            json.dump(stored, handle)
        tmp.replace(path)
        log.warning("generated local secrets in %s: production must set %s from a secrets manager and keep "
                    "them out of the database and its backups", path, " and ".join(generated))
    return dataclasses.replace(settings, pepper=settings.pepper or stored["pepper"],
                               data_key=settings.data_key or stored["data_key"])
