from pathlib import Path

import pytest

from blocklist.errors import ConfigError
from blocklist.settings import Settings


def test_settings_defaults_when_environment_is_empty():
    settings = Settings.from_env({})
    assert settings.mongodb_uri is None
    assert settings.db_name == "blocklist"
    assert settings.data_dir == Path("./data")
    assert settings.port == 8080


def test_settings_reads_documented_variables():
    settings = Settings.from_env({
        "MONGODB_URI": "mongodb://db.internal:27017/?replicaSet=rs0", "BLOCKLIST_DB": "salons_prod",
        "BLOCKLIST_DATA_DIR": "/var/lib/blocklist", "BLOCKLIST_PORT": "9000", "BLOCKLIST_ACCESS_LOG": "off",
        "BLOCKLIST_SYNC_INTERVAL_SECONDS": "0.25",
    })
    assert settings.mongodb_uri == "mongodb://db.internal:27017/?replicaSet=rs0"
    assert settings.db_name == "salons_prod"
    assert settings.data_dir == Path("/var/lib/blocklist")
    assert settings.port == 9000
    assert settings.access_log is False
    assert settings.sync_interval_seconds == 0.25


@pytest.mark.parametrize("variable, value, fragment", [
    ("BLOCKLIST_PORT", "eighty", "whole number"),
    ("BLOCKLIST_PORT", "70000", "between 0 and 65535"),
    ("BLOCKLIST_ACCESS_LOG", "maybe", "true or false"),
    ("BLOCKLIST_DB", "bad.name", "database name"),
    ("BLOCKLIST_REPORT_RATE_PER_MINUTE", "0", "positive"),
    ("BLOCKLIST_SYNC_INTERVAL_SECONDS", "5", "between"),
    ("BLOCKLIST_PEPPER", "short", "at least 32"),
    ("MONGODB_URI", "postgres://x", "mongodb://"),
    ("BLOCKLIST_LOG_LEVEL", "LOUD", "DEBUG"),
])
def test_settings_bad_value_names_the_variable(variable, value, fragment):
    with pytest.raises(ConfigError) as raised:
        Settings.from_env({variable: value})
    assert raised.value.variable == variable
    assert fragment in raised.value.problem
