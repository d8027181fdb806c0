"""Alerts when the service stops keeping its own records (SECURITY AU9): the audit chain breaks,
the lookup log cannot be written, or the audit chain's head cannot be published; and when a browser
reports that a page's Content-Security-Policy refused something (SECURITY A18: injected markup, or
a page of ours that breaks its own policy).

Each process checks every few minutes; an alert goes to the admins' dashboard (one a kind an hour)
and to the log at ERROR, which is what reaches an operator when the database itself is the problem.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from blocklist.clock import Clock
from blocklist.errors import DatabaseUnavailable
from blocklist.metrics import Metrics
from blocklist.services.audit import GENESIS, AuditLog
from blocklist.services.lookup import LookupService
from blocklist.storage.lookups import AlertStore

log = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 300
# each check verifies the records appended since the last one; the whole chain (an edit of an old
# record) and the published heads are verified at the first check and then this often: a walk of
# millions of records is minutes of a process's time (`blocklist admin verify-audit` does it on demand)
FULL_CHECK_EVERY_SECONDS = 86400
# how long the lookup log or the anchor publication may fail before it is an alert, not a hiccup
STALLED_AFTER_SECONDS = 300


CSP_DIRECTIVES = frozenset({
    "default-src", "script-src", "script-src-elem", "script-src-attr", "style-src", "style-src-elem",
    "style-src-attr", "img-src", "connect-src", "font-src", "form-action", "frame-ancestors", "frame-src",
    "base-uri", "object-src", "media-src", "worker-src", "manifest-src", "child-src", "trusted-types",
    "require-trusted-types-for"})


def _clip(text: str | None, limit: int = 200) -> str:
    """A reported URL for a log line and the dashboard: bounded, without its query (it may carry anything)."""
    return (text or "").split("?", 1)[0][:limit]


class Watchdog:
    def __init__(self, alerts: AlertStore, audit: AuditLog, lookup: LookupService, clock: Clock,
                 metrics: Metrics | None = None) -> None:
        self.alerts = alerts
        self.metrics = metrics
        self.audit = audit
        self.lookup = lookup
        self.clock = clock
        self._verified = (0, GENESIS)  # the audit chain is known good up to here
        self.full_check_every = FULL_CHECK_EVERY_SECONDS
        self._last_full: float | None = None

    async def check_once(self) -> list[dict[str, Any]]:
        """Look for each problem once; returns the alerts raised."""
        raised = []
        now = time.monotonic()
        full = self._last_full is None or now - self._last_full >= self.full_check_every
        self._verified, broken = await self.audit.verify_after(*((0, GENESIS) if full else self._verified))
        if full:
            broken = broken or await self.audit.verify_anchors()
            self._last_full = now
        if broken is not None:
            raised.append(await self._alert("audit_chain_broken", f"the audit log breaks at record {broken.seq}: "
                                                                  f"{broken.problem}"))
        if self.lookup.log_failing_since is not None and now - self.lookup.log_failing_since >= STALLED_AFTER_SECONDS:
            raised.append(await self._alert("lookup_log_stalled", "lookups have not been written to the lookup log "
                                            f"for {int(now - self.lookup.log_failing_since) // 60} minutes"))
        if self.audit.anchor_failing_since is not None and now - self.audit.anchor_failing_since >= STALLED_AFTER_SECONDS:
            raised.append(await self._alert("audit_anchor_failed", "the audit chain's head could not be published "
                                            f"to BLOCKLIST_AUDIT_ANCHOR_DIR for {int(now - self.audit.anchor_failing_since) // 60} minutes"))
        return raised

    async def csp_violation(self, violation: Any) -> None:
        """A browser's CSP report: counted by directive, logged, and an alert (one an hour)."""
        directive = (violation.effective_directive or violation.violated_directive or "").split(" ")[0]
        if self.metrics is not None:
            # the label comes from whoever posts the report: only directive names, so it stays bounded
            self.metrics.csp_violations.labels(directive if directive in CSP_DIRECTIVES else "other").inc()
        detail = (f"a browser refused {_clip(violation.blocked_uri) or 'something'} under {_clip(directive) or '?'} "
                  f"on {_clip(violation.document_uri) or 'a page'}"
                  + (f" ({_clip(violation.source_file)}:{violation.line_number})" if violation.source_file else ""))
        await self._alert("csp_violation", detail, logging.WARNING)

    async def _alert(self, kind: str, detail: str, level: int = logging.ERROR) -> dict[str, Any]:
        at = self.clock()
        alert = {"_id": f"{kind}:{int(at.timestamp() // 3600)}", "kind": kind, "at": at, "detail": detail}
        log.log(level, "alert: %s", detail, extra={"alert": kind})
        try:
            await self.alerts.raise_once(alert)
        except DatabaseUnavailable:
            pass  # the log line above is the alert then
        return alert
