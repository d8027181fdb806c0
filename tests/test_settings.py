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


@pytest.mark.parametrize("environ, variable", [
    ({"BLOCKLIST_SMTP_URL": "http://mail.example"}, "BLOCKLIST_SMTP_URL"),
    ({"BLOCKLIST_SMTP_URL": "smtp://mail.example:port"}, "BLOCKLIST_SMTP_URL"),
    ({"BLOCKLIST_SMTP_URL": "smtp://user:pw@mail.example:587"}, "BLOCKLIST_NOTICE_FROM"),
])
def test_a_mail_server_needs_a_usable_address_and_a_sender(environ, variable):
    with pytest.raises(ConfigError) as raised:
        Settings.from_env(environ)
    assert raised.value.variable == variable


def test_smtp_url_forms():
    from blocklist.settings import smtp_options
    assert smtp_options("smtp://us%40er:p%3Aw@mail.example") == {
        "hostname": "mail.example", "port": 587, "start_tls": True, "username": "us@er", "password": "p:w"}
    assert smtp_options("smtps://mail.example")["port"] == 465
    assert smtp_options("smtp+plain://127.0.0.1:2525") == {"hostname": "127.0.0.1", "port": 2525, "start_tls": False}
