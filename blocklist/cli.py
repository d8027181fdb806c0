"""`blocklist serve` and `blocklist admin …`: the only callers of Settings.from_env()."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import dataclasses
import gc
import logging
import multiprocessing
import os
import resource
import shlex
import signal
import sys
import time
from pathlib import Path
from typing import Any, Awaitable, Callable

import orjson

from blocklist import logs
from blocklist.embedded import EmbeddedServer, EmbeddedServerError
from blocklist.errors import BlocklistError, ConfigError
from blocklist.settings import Settings, with_local_secrets

log = logging.getLogger("blocklist.cli")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="blocklist", description="Shared blocklist service for salons.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1, or BLOCKLIST_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8080, or BLOCKLIST_PORT)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes sharing the port (default 1)")

    admin = commands.add_parser("admin", help="administer salons, keys and moderators")
    admin.add_argument("--new-data-dir", action="store_true",
                       help="start a new embedded database in BLOCKLIST_DATA_DIR when it holds none yet (without "
                            "this, an admin command refuses rather than quietly create a second database)")
    actions = admin.add_subparsers(dest="action", required=True)
    salon = actions.add_parser("create-salon", help="register a salon; prints its first keys")
    salon.add_argument("--name", required=True)
    salon.add_argument("--country", required=True, help="ISO 3166 alpha-2, e.g. PL")
    salon.add_argument("--origin", action="append", default=[], help="allowed web origin (repeatable)")
    platform = actions.add_parser("create-platform", help="register a booking platform; prints its key")
    platform.add_argument("--name", required=True)
    key = actions.add_parser("create-key", help="issue a new API key for a salon")
    key.add_argument("--salon", required=True)
    key.add_argument("--kind", required=True, choices=["secret", "publishable"])
    key.add_argument("--scopes", help="comma-separated, some of report:write, report:read, lookup (default: all "
                                      "the kind allows; a publishable key only looks up)")
    revoke = actions.add_parser("revoke-key", help="revoke an API key by its prefix")
    revoke.add_argument("--key-prefix", required=True)
    moderator = actions.add_parser("create-moderator", help="create a moderator account and its API token")
    moderator.add_argument("--username", required=True)
    moderator.add_argument("--role", default="moderator", choices=["moderator", "admin"])
    moderator.add_argument("--password-stdin", action="store_true", help="read a console password from stdin")
    bulk = actions.add_parser("import", help="bring an existing blocklist in: CSV (a header line) or JSON Lines with "
                                             "email, phone, name, country, scope, expiry, note; resumable")
    bulk.add_argument("file")
    bulk.add_argument("--dry-run", action="store_true",
                      help="say what would be added, what is listed already and what is refused, and change nothing")
    bulk.add_argument("--compare-raw", action="store_true",
                      help="also measure the database's raw bulk-insert rate in this run, and print both")
    stats = actions.add_parser("db-stats", help="documents in each collection (and, with --raw-rate, the database's "
                                                "raw bulk-insert rate now): what a benchmark compares before and after")
    stats.add_argument("--raw-rate", action="store_true")
    invite = actions.add_parser("invite-salon-user", help="invite someone to the salon portal (/salon/); prints "
                                                          "the link where they choose their password")
    invite.add_argument("--salon", required=True, help="the salon's id (sal_…)")
    invite.add_argument("--email", required=True)
    invite.add_argument("--role", default="owner", choices=["owner", "staff"])
    reset_mfa = actions.add_parser("reset-mfa", help="remove a moderator's second factor (a lost phone); "
                                                     "they set up a new one at their next console login")
    reset_mfa.add_argument("--username", required=True)
    actions.add_parser("verify-audit", help="check the audit log's hash chain; says where it breaks")
    actions.add_parser("rotate-pepper", help="re-key every keyed hash under BLOCKLIST_PEPPER "
                                             "(with the old one in BLOCKLIST_PEPPER_PREVIOUS)")
    actions.add_parser("write-snapshot", help="write a snapshot of the lookup index now (processes start from it)")
    actions.add_parser("apply-tombstones",
                       help="re-apply every erasure (run after restoring a backup made before some erasures)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"configuration error: {exc.variable} {exc.problem}", file=sys.stderr)
        return 2
    logs.configure(settings.log_level)
    if args.command == "serve":
        overrides: dict[str, Any] = {}
        if args.host:
            overrides["host"] = args.host
        if args.port is not None:
            overrides["port"] = args.port
        try:
            settings = dataclasses.replace(settings, **overrides)
            settings.validate()
        except ConfigError as exc:
            print(f"configuration error: {exc.problem} ({exc.variable})", file=sys.stderr)
            return 2
        if not 1 <= args.workers <= 64:
            print("--workers must be between 1 and 64", file=sys.stderr)
            return 2
        return serve(settings, args.workers)
    return admin(settings, args)


# ----------------------------------------------------------------------------------- serve

def serve(settings: Settings, workers: int) -> int:
    """Start the embedded database when needed, then the workers; stop everything on a signal."""
    settings = with_local_secrets(settings)
    embedded: EmbeddedServer | None = None
    if not settings.mongodb_uri:
        embedded = EmbeddedServer(settings.data_dir)
        try:
            uri = embedded.start()
        except EmbeddedServerError as exc:
            print(f"could not start the embedded database: {exc}", file=sys.stderr)
            return 1
        settings = dataclasses.replace(settings, mongodb_uri=uri)
        _note_served_data_dir(settings.data_dir)
    stopping = False

    def request_stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    context = multiprocessing.get_context("spawn")
    processes = [_start_worker(context, settings, i) for i in range(workers)]
    print(f"Blocklist listening on http://{settings.host}:{settings.port} ({workers} worker"
          f"{'s' if workers > 1 else ''}, database: {'embedded' if embedded else 'MONGODB_URI'})", flush=True)
    restarts: list[float] = []
    try:
        while not stopping:
            time.sleep(0.2)
            for i, process in enumerate(processes):
                if process.is_alive() or stopping:
                    continue
                restarts = [t for t in restarts if time.monotonic() - t < 60] + [time.monotonic()]
                if len(restarts) > 5 * workers:
                    log.error("workers keep exiting (last exit code %s); stopping", process.exitcode)
                    stopping = True
                    break
                log.warning("worker %s exited with code %s; starting a new one", process.pid, process.exitcode)
                processes[i] = _start_worker(context, settings, i)
    finally:
        for process in processes:
            if process.is_alive():
                os.kill(process.pid, signal.SIGINT)  # aiohttp shuts down gracefully on SIGINT
        deadline = time.monotonic() + 15
        for process in processes:
            process.join(timeout=max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
        if embedded:
            embedded.stop()
    return 0 if not restarts or len(restarts) <= 5 * workers else 1


def _start_worker(context: Any, settings: Settings, number: int) -> multiprocessing.Process:
    process = context.Process(target=_run_worker, args=(settings, number), daemon=False)
    process.start()
    return process


def _run_worker(settings: Settings, number: int = 0) -> None:
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # die with the supervisor
    if settings.pin_workers:
        _pin_to_cpu(number)
    logs.configure(settings.log_level)
    # A request allocates hundreds of short-lived objects, nearly all freed by reference counting; at the
    # default threshold (700) the cycle collector ran every few requests and cost a fifth of the lookup
    # throughput (measured with scripts/bench_lookup.py). Cycles are rare here: collect far less often.
    gc.set_threshold(100_000, 50, 100)
    from aiohttp import web

    from blocklist.app import create_app
    loop = _new_event_loop()
    asyncio.set_event_loop(loop)
    # aiohttp arms its keep-alive timer when a connection opens and again between requests, and closes
    # the connection if no whole request (line and headers) came in by then: that is the header-read
    # timeout, so a client trickling headers (slowloris) cannot hold a connection for long
    web.run_app(create_app(settings), host=settings.host, port=settings.port, reuse_port=True,
                print=None, access_log=None, loop=loop, shutdown_timeout=10,
                keepalive_timeout=settings.header_read_timeout_seconds)


def _pin_to_cpu(number: int) -> None:
    """Run on one of the CPUs this process may use (those of its container or cgroup), round robin
    (BLOCKLIST_PIN_WORKERS: for hosts where the workers have the cores to themselves)."""
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if len(allowed) > 1:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {allowed[number % len(allowed)]})


def _new_event_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
        return uvloop.new_event_loop()
    except ImportError:
        return asyncio.new_event_loop()


# ----------------------------------------------------------------------------------- admin

def _last_served_file() -> Path:
    """Where `blocklist serve` notes the data directory it runs on, for admin commands run elsewhere."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "blocklist" / "last-data-dir"


def _note_served_data_dir(data_dir: Path) -> None:
    try:
        path = _last_served_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(Path(data_dir).resolve()))
    except OSError:
        pass  # only a hint for admin commands


def _last_served_data_dir() -> str | None:
    try:
        return _last_served_file().read_text().strip() or None
    except OSError:
        return None


def _wrong_data_dir(settings: Settings, args: argparse.Namespace) -> str | None:
    """Why an admin command must not run here: the data directory holds no database (it would quietly
    start a second, empty one, and keys made there get 401 from the running server)."""
    data_dir = Path(settings.data_dir).resolve()
    if settings.mongodb_uri or args.new_data_dir or (data_dir / "secrets.json").exists():
        return None
    served = _last_served_data_dir()
    words = sys.argv[sys.argv.index("admin"):] if "admin" in sys.argv else ["admin", "…"]
    hint = (f"The last `blocklist serve` on this machine used {served}: run\n  BLOCKLIST_DATA_DIR={shlex.quote(served)} "
            f"blocklist {' '.join(shlex.quote(word) for word in words)}\n"
            if served and served != str(data_dir) else
            "Run it with the BLOCKLIST_DATA_DIR the server uses (./scripts/run prints it), or from the directory "
            "the server was started in.\n")
    return (f"no Blocklist database in {data_dir}: this command would create a new, empty one, and what it "
            f"makes would not reach the running server.\n{hint}"
            "(To start a new database there on purpose, add --new-data-dir: blocklist admin --new-data-dir …)")


def admin(settings: Settings, args: argparse.Namespace) -> int:
    """Run one admin action against MONGODB_URI, or the embedded database of the data directory."""
    problem = _wrong_data_dir(settings, args)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    settings = with_local_secrets(settings)
    password = None
    if getattr(args, "password_stdin", False):
        password = sys.stdin.readline().rstrip("\r\n")
    embedded: EmbeddedServer | None = None
    if not settings.mongodb_uri:
        embedded = EmbeddedServer(settings.data_dir)
        try:
            uri, started = embedded.attach_or_start()
        except EmbeddedServerError as exc:
            print(f"could not start the embedded database: {exc}", file=sys.stderr)
            return 1
        if not started:
            embedded = None  # a running `blocklist serve` owns it
        settings = dataclasses.replace(settings, mongodb_uri=uri)
    try:
        return asyncio.run(_admin(settings, args, password))
    finally:
        if embedded:
            embedded.stop()


async def _admin(settings: Settings, args: argparse.Namespace, password: str | None) -> int:
    from blocklist.clock import utcnow
    from blocklist.metrics import Metrics
    from blocklist.runtime import Runtime

    runtime = Runtime(settings, utcnow, Metrics())
    try:
        await runtime.start(serving=False)
        if runtime.database_state != "ok":
            print("the database is not reachable", file=sys.stderr)
            return 1
        action: Callable[[], Awaitable[Any]] = {
            "create-salon": lambda: _create_salon(runtime, args),
            "create-platform": lambda: _create_platform(runtime, args),
            "create-key": lambda: _create_key(runtime, args),
            "revoke-key": lambda: _revoke_key(runtime, args),
            "create-moderator": lambda: _create_moderator(runtime, args, password),
            "reset-mfa": lambda: _reset_mfa(runtime, args),
            "invite-salon-user": lambda: _invite_salon_user(runtime, args),
            "import": lambda: _import(runtime, args),
            "db-stats": lambda: _db_stats(runtime, args),
            "verify-audit": lambda: _verify_audit(runtime),
            "apply-tombstones": lambda: _apply_tombstones(runtime),
            "rotate-pepper": lambda: _rotate_pepper(runtime),
            "write-snapshot": lambda: _write_snapshot(runtime),
        }[args.action]
        result = await action()
        if isinstance(result, int):
            return result
        print(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())
        return 0
    except BlocklistError as exc:
        print(orjson.dumps({"error": {"code": exc.code, "message": exc.message, "details": exc.details}}).decode(),
              file=sys.stderr)
        return 1
    finally:
        await runtime.close()


async def _reset_mfa(runtime, args: argparse.Namespace) -> dict:
    moderator = await runtime.accounts.find_moderator(args.username)
    if moderator is None:
        print(f"no moderator named {args.username!r}", file=sys.stderr)
        return 1
    await runtime.accounts.reset_mfa("admin:cli", moderator.id)
    return {"moderator_id": moderator.id, "username": moderator.username, "second_factor": "removed"}


async def _write_snapshot(runtime) -> dict:
    return await runtime.write_snapshot()


async def _rotate_pepper(runtime) -> dict:
    if runtime.pseudonymiser.previous is None:
        print("set BLOCKLIST_PEPPER to the new pepper and BLOCKLIST_PEPPER_PREVIOUS to the old one first",
              file=sys.stderr)
        return 2
    return await runtime.rotate_pepper()


async def _apply_tombstones(runtime) -> dict:
    return {"documents_erased_again": await runtime.subjects.apply_tombstones()}


async def _create_salon(runtime, args) -> dict:
    created = await runtime.accounts.create_salon(args.name, args.country, args.origin)
    return {"salon_id": created.salon.id, "secret_key": created.secret_key,
            "publishable_key": created.publishable_key}


async def _create_platform(runtime, args) -> dict:
    platform, key = await runtime.accounts.create_platform(args.name)
    return {"platform_id": platform.id, "platform_key": key}


async def _create_key(runtime, args) -> dict:
    scopes = [s.strip() for s in args.scopes.split(",") if s.strip()] if args.scopes else None
    issued = await runtime.accounts.create_key(args.salon, args.kind, scopes=scopes)
    return {"key": issued.token, "scopes": sorted(issued.scopes)}


async def _revoke_key(runtime, args) -> dict:
    await runtime.accounts.revoke_key(args.key_prefix)
    return {"revoked": args.key_prefix}


async def _create_moderator(runtime, args, password: str | None) -> dict:
    moderator, token = await runtime.accounts.create_moderator(args.username, args.role, password)
    return {"moderator_id": moderator.id, "token": token}


async def _import(runtime, args) -> dict:
    from blocklist.services.imports import file_digest, read_rows

    path = args.file
    if not os.path.isfile(path):
        print(f"no such file: {path}", file=sys.stderr)
        return 2  # type: ignore[return-value]
    started = time.monotonic()

    def progress(result) -> None:
        rate = result.this_run / max(time.monotonic() - started, 1e-9)
        print(f"line {result.lines:,}: {result.added:,} added, {result.merged:,} listed already, "
              f"{result.refused:,} refused ({rate:,.0f} identities/s)", file=sys.stderr, flush=True)

    try:
        with open(path, encoding="utf-8-sig", newline="") as source:
            result = await runtime.imports.run("admin:cli", os.path.basename(path), file_digest(path),
                                               read_rows(source, path), args.dry_run, progress)
    except UnicodeDecodeError as exc:
        print(f"{path} is not UTF-8 text (byte {exc.start} of a read block); save it as UTF-8 and run again "
              "(what was imported before stays, and the next run goes on from there)", file=sys.stderr)
        return 2  # type: ignore[return-value]
    answer = result.view()
    # the most memory this process held at once: the import reads its file a batch at a time
    answer["peak_memory_mb"] = _peak_memory_mb()
    if args.compare_raw:
        answer["raw_bulk_inserts_per_second"] = round(await runtime.raw_bulk_rate(), 1)
        answer["fraction_of_raw"] = round(answer["identities_per_second"] / answer["raw_bulk_inserts_per_second"], 3) \
            if answer["identities_per_second"] else None
    return answer


def _peak_memory_mb() -> int:
    """This process's high-water mark of resident memory. Linux's VmHWM starts afresh at exec; ru_maxrss keeps the
    parent's (a CLI started from a 4 GB process would report 4 GB)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


async def _db_stats(runtime, args) -> dict:
    counts = await runtime.document_counts()
    answer: dict[str, Any] = {"documents": sum(counts.values()), "collections": counts}
    if args.raw_rate:
        answer["raw_bulk_inserts_per_second"] = round(await runtime.raw_bulk_rate(), 1)
    return answer


async def _invite_salon_user(runtime, args) -> dict:
    invitation = await runtime.portal.invite("admin:cli", args.salon, args.email, args.role)
    return {"salon_user_id": invitation.user.id, "email": invitation.user.email, "role": invitation.user.role.value,
            "invitation_link": invitation.link, "emailed": invitation.mailed}


async def _verify_audit(runtime) -> int:
    checked, broken = await runtime.audit.verify()
    if broken is None:
        anchors = len(runtime.audit.anchors())
        print(f"audit log intact: {checked} records verified"
              + (f", and {anchors} published heads match" if anchors else
                 " (no published heads to check against: set BLOCKLIST_AUDIT_ANCHOR_DIR)"))
        return 0
    print(f"audit log broken at record {broken.seq}: {broken.problem} ({checked} records before it are intact)")
    return 1
