"""What operators get in deploy/: the Grafana dashboard and the Prometheus alerting rules are valid (promtool,
installed from Debian by ./scripts/test), the alerts fire on the series that should raise them (promtool's
unit tests), and every metric they name is one the service really exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
RULES = DEPLOY / "prometheus" / "alerts.yml"
DASHBOARD = DEPLOY / "grafana" / "blocklist.json"
PROMETHEUS_OWN = {"up"}


def promtool() -> str:
    found = shutil.which("promtool")
    assert found, "promtool is missing: ./scripts/test installs it (Debian package prometheus)"
    return found


def dashboard_queries() -> list[str]:
    return [target["expr"] for panel in json.loads(DASHBOARD.read_text())["panels"] for target in panel["targets"]]


def rule_queries() -> list[str]:
    return [rule["expr"] for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]]


def test_the_alerting_rules_are_valid_and_fire_when_they_should():
    checked = subprocess.run([promtool(), "check", "rules", str(RULES)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = subprocess.run([promtool(), "test", "rules", "alerts.test.yml"], cwd=RULES.parent, capture_output=True,
                            text=True, timeout=60)
    assert tested.returncode == 0 and "SUCCESS" in tested.stdout, tested.stdout + tested.stderr


def test_every_dashboard_query_is_valid_promql(tmp_path):
    queries = dashboard_queries()
    assert len(queries) >= 14
    # promtool checks PromQL inside rule files: each panel's query as a recording rule
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"blocklist:dashboard_query_{n}", "expr": query} for n, query in enumerate(queries)]}]}
    path = tmp_path / "dashboard-queries.yml"
    path.write_text(yaml.safe_dump(rules))
    checked = subprocess.run([promtool(), "check", "rules", str(path)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr


async def test_every_metric_the_dashboard_and_alerts_name_is_exported(client):
    exposition = await (await client.get("/metrics")).text()
    families = set(re.findall(r"^# TYPE (\S+) (\S+)$", exposition, re.M))
    exported = {name for name, _ in families}
    exported |= {f"{name}_{suffix}" for name, kind in families if kind == "histogram"
                 for suffix in ("bucket", "sum", "count")}
    named = {name for query in dashboard_queries() + rule_queries()
             for name in re.findall(r"\b(blocklist_[a-z_]+|up)\b(?=\s*[{\[)]|\s*[=<>!]|\s*$)", query)}
    assert {"blocklist_database_up", "blocklist_database_errors_total", "blocklist_index_stale_seconds",
            "blocklist_queue_open_cases", "blocklist_lookups_total"} <= named
    assert named - PROMETHEUS_OWN <= exported, sorted(named - PROMETHEUS_OWN - exported)
