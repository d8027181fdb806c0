"""Prometheus metrics of one process, kept on the application (no global registry)."""

from __future__ import annotations

from bisect import bisect_left
from typing import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST

_LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """The counters, histograms and gauges this service exports."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._hot = _HotPathCounts()
        self.registry.register(self._hot)
        self.index_identities = Gauge(
            "blocklist_index_identities", "Identities in this process's lookup index", registry=self.registry)
        self.index_entries = Gauge(
            "blocklist_index_entries", "Entries (listed identifiers) in this process's lookup index",
            registry=self.registry)
        # the work waiting for people, read from the database when /metrics is scraped (at most every 30 s)
        self.queue_open_cases = Gauge(
            "blocklist_queue_open_cases", "Cases waiting for a moderator's decision", registry=self.registry)
        self.appeals_waiting = Gauge(
            "blocklist_appeals_waiting", "Appeals not yet resolved", registry=self.registry)
        self.notices = Gauge(
            "blocklist_notices", "Art. 14 notices, by state (waiting: queued or being sent)", ["state"],
            registry=self.registry)
        self.reports_received = Counter(
            "blocklist_reports_received", "Reports this process stored, by category", ["category"],
            registry=self.registry)
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
        self.database_up = Gauge(
            "blocklist_database_up", "1 while this process reaches the database, 0 while it does not",
            registry=self.registry)
        self.database_errors = Counter(
            "blocklist_database_errors", "Requests that failed because the database was away or too slow",
            registry=self.registry)
        self.csp_violations = Counter(
            "blocklist_csp_violations", "Content-Security-Policy violations browsers reported, by directive",
            ["directive"], registry=self.registry)

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        hot = self._hot
        key = (route, method, status)
        hot.requests[key] = hot.requests.get(key, 0) + 1
        latency = hot.latency.get((route, method))
        if latency is None:
            latency = hot.latency[(route, method)] = [0] * (len(_LATENCY_BUCKETS) + 1) + [0.0]
        latency[bisect_left(_LATENCY_BUCKETS, seconds)] += 1
        latency[-1] += seconds

    def count_lookup(self, verdict: str) -> None:
        lookups = self._hot.lookups
        lookups[verdict] = lookups.get(verdict, 0) + 1

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)


class _HotPathCounts:
    """Requests, their latency and lookup verdicts, counted in plain dicts and turned into metrics
    when scraped: prometheus_client's own counters take a lock on every increment, which the lookup
    path pays thousands of times a second (a process's event loop is one thread, so no lock is needed)."""

    def __init__(self) -> None:
        self.requests: dict[tuple[str, str, int], int] = {}
        # (route, method) -> a count per latency bucket (the last for +Inf), then the sum of seconds
        self.latency: dict[tuple[str, str], list] = {}
        self.lookups: dict[str, int] = {}

    def describe(self) -> list[Metric]:
        return []  # described by collect(); nothing to check for name clashes up front

    def collect(self) -> Iterator[Metric]:
        requests = CounterMetricFamily("blocklist_http_requests", "HTTP requests answered, by route, method and status",
                                       labels=["route", "method", "status"])
        for (route, method, status), count in list(self.requests.items()):
            requests.add_metric([route, method, str(status)], count)
        yield requests
        latency = HistogramMetricFamily("blocklist_http_request_duration_seconds",
                                        "Time to answer an HTTP request, by route", labels=["route", "method"])
        for (route, method), counts in list(self.latency.items()):
            cumulative, buckets = 0, []
            for bound, count in zip((*map(str, _LATENCY_BUCKETS), "+Inf"), counts[:-1]):
                cumulative += count
                buckets.append((bound, cumulative))
            latency.add_metric([route, method], buckets, counts[-1])
        yield latency
        lookups = CounterMetricFamily("blocklist_lookups", "Lookups answered, by verdict", labels=["verdict"])
        for verdict, count in list(self.lookups.items()):
            lookups.add_metric([verdict], count)
        yield lookups
