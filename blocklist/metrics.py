"""Prometheus metrics of one process, kept on the application (no global registry)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

_LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """The counters, histograms and gauges this service exports."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "blocklist_http_requests", "HTTP requests answered, by route, method and status",
            ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram(
            "blocklist_http_request_duration_seconds", "Time to answer an HTTP request, by route",
            ["route", "method"], buckets=_LATENCY_BUCKETS, registry=self.registry)
        self.lookups = Counter(
            "blocklist_lookups", "Lookups answered, by verdict", ["verdict"], registry=self.registry)
        self.index_identities = Gauge(
            "blocklist_index_identities", "Identities in this process's lookup index", registry=self.registry)
        self.index_revision = Gauge(
            "blocklist_index_revision", "Revision this process's lookup index is synced to", registry=self.registry)
        self.index_stale_seconds = Gauge(
            "blocklist_index_stale_seconds", "Seconds since the lookup index last synced with the database",
            registry=self.registry)
        self.index_load_seconds = Gauge(
            "blocklist_index_load_seconds", "How long this process took to load its lookup index",
            registry=self.registry)
        self.rate_limited = Counter(
            "blocklist_rate_limited", "Requests refused with 429, by limit", ["limit"], registry=self.registry)

        # labelled children, looked up once (labels() costs more than the increment on the hot path)
        self._children: dict[tuple, tuple] = {}

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        children = self._children.get((route, method, status))
        if children is None:
            children = self._children[(route, method, status)] = (
                self.requests.labels(route, method, str(status)), self.latency.labels(route, method))
        children[0].inc()
        children[1].observe(seconds)

    def count_lookup(self, verdict: str) -> None:
        child = self._children.get(("lookup", verdict))
        if child is None:
            child = self._children[("lookup", verdict)] = self.lookups.labels(verdict)
        child.inc()

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)
