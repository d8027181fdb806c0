import json
import os
import subprocess
import sys

from tests.conftest import TEST_DATA_KEY, TEST_PEPPER


def run_cli(args, settings, stdin: str | None = None):
    env = {**os.environ, "MONGODB_URI": settings.mongodb_uri, "BLOCKLIST_DB": settings.db_name,
           "BLOCKLIST_PEPPER": TEST_PEPPER, "BLOCKLIST_DATA_KEY": TEST_DATA_KEY, "BLOCKLIST_DATA_DIR": str(settings.data_dir)}
    done = subprocess.run([sys.executable, "-m", "blocklist", *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=60)
    if done.stdout.count("\n{") or done.stdout.count("}\n{"):
        raise AssertionError(f"more than one document on stdout: {done.stdout!r} / {done.stderr!r}")
    return done


def test_cli_creates_salon_and_keys_and_revokes(settings):
    done = run_cli(["admin", "create-salon", "--name", "Studio Anna", "--country", "PL",
                    "--origin", "https://studio-anna.pl"], settings)
    assert done.returncode == 0, done.stderr
    try:
        created = json.loads(done.stdout)
    except ValueError:
        raise AssertionError(f"stdout: {done.stdout!r} stderr: {done.stderr!r}") from None
    assert set(created) == {"salon_id", "secret_key", "publishable_key"}
    assert created["secret_key"].startswith("bl_sk_") and created["publishable_key"].startswith("bl_pk_")

    done = run_cli(["admin", "create-key", "--salon", created["salon_id"], "--kind", "publishable"], settings)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["key"].startswith("bl_pk_")
    done = run_cli(["admin", "create-key", "--salon", created["salon_id"], "--kind", "secret", "--scopes",
                    "lookup, report:read"], settings)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["scopes"] == ["lookup", "report:read"]
    done = run_cli(["admin", "create-key", "--salon", created["salon_id"], "--kind", "publishable", "--scopes",
                    "report:write"], settings)
    assert done.returncode == 1 and json.loads(done.stderr)["error"]["code"] == "invalid_request"

    prefix = created["secret_key"].split("_")[2]
    done = run_cli(["admin", "revoke-key", "--key-prefix", prefix], settings)
    assert done.returncode == 0, done.stderr

    done = run_cli(["admin", "revoke-key", "--key-prefix", "zzzzzzzzzz"], settings)
    assert done.returncode == 1
    assert json.loads(done.stderr)["error"]["code"] == "not_found"


def test_cli_refuses_a_bad_country(settings):
    done = run_cli(["admin", "create-salon", "--name", "X", "--country", "Poland"], settings)
    assert done.returncode == 1
    assert "ISO 3166" in json.loads(done.stderr)["error"]["message"]


def test_cli_creates_moderator_with_password_from_stdin(settings):
    done = run_cli(["admin", "create-moderator", "--username", "mila", "--role", "admin", "--password-stdin"],
                   settings, stdin="correct horse battery staple\n")
    assert done.returncode == 0, done.stderr
    created = json.loads(done.stdout)
    assert created["moderator_id"].startswith("mod_") and created["token"].startswith("bl_mt_")
    done = run_cli(["admin", "create-moderator", "--username", "mila"], settings)
    assert done.returncode == 1 and json.loads(done.stderr)["error"]["code"] == "conflict"


async def test_cli_resets_a_moderators_second_factor(settings, runtime):
    created, _ = await runtime.accounts.create_moderator("mila", "admin", "correct horse battery staple")
    await runtime.collections.moderators.update_one({"_id": created.id}, {"$set": {"totp": {"secret": "x", "last_step": 1}}})
    assert (await runtime.accounts.store.get_moderator(created.id)).mfa
    done = run_cli(["admin", "reset-mfa", "--username", "Mila"], settings)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["second_factor"] == "removed"
    assert not (await runtime.accounts.store.get_moderator(created.id)).mfa
    assert run_cli(["admin", "reset-mfa", "--username", "nobody"], settings).returncode == 1


def test_cli_reports_a_bad_setting_by_name(settings):
    env = {**os.environ, "BLOCKLIST_PORT": "eighty"}
    done = subprocess.run([sys.executable, "-m", "blocklist", "serve"], env=env, capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 2
    assert "BLOCKLIST_PORT" in done.stderr


def test_cli_writes_an_index_snapshot(settings):
    run_cli(["admin", "create-salon", "--name", "Studio Anna", "--country", "PL"], settings)
    done = run_cli(["admin", "write-snapshot"], settings)
    assert done.returncode == 0, done.stderr
    written = json.loads(done.stdout)
    assert written["written"] is True and written["entries"] == 0
    again = run_cli(["admin", "write-snapshot"], settings)  # nothing changed: that snapshot exists already
    assert json.loads(again.stdout)["written"] is False


def test_a_pinned_worker_runs_on_one_of_the_cpus_it_may_use():
    """BLOCKLIST_PIN_WORKERS: worker i on the i-th allowed CPU, round robin (in a child: affinity sticks)."""
    code = ("import json, os; from blocklist.cli import _pin_to_cpu; before = sorted(os.sched_getaffinity(0)); "
            "_pin_to_cpu(3); print(json.dumps([before, sorted(os.sched_getaffinity(0))]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = json.loads(done.stdout)
    assert after == ([before[3 % len(before)]] if len(before) > 1 else before)


def test_cli_creates_a_booking_platform_with_its_key(settings):
    done = run_cli(["admin", "create-platform", "--name", "Versum"], settings)
    assert done.returncode == 0, done.stderr
    created = json.loads(done.stdout)
    assert set(created) == {"platform_id", "platform_key"} and created["platform_key"].startswith("bl_pf_")
    assert created["platform_key"] not in done.stderr
    prefix = created["platform_key"].split("_")[2]
    assert run_cli(["admin", "revoke-key", "--key-prefix", prefix], settings).returncode == 0
    again = run_cli(["admin", "revoke-key", "--key-prefix", prefix], settings)
    assert again.returncode != 0  # revoked already: nothing active with that prefix
