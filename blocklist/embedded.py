"""The embedded database: a MongoDB wire-protocol server run as a child process.

With no MONGODB_URI, `blocklist serve` starts `mongod` when one is on PATH, otherwise the
`nx-27017` server from PyPI, on a free loopback port with its data in the data directory.
The child is told by the kernel to exit when its parent dies (PR_SET_PDEATHSIG), so a
crashed parent leaves no orphan behind. A small state file lets the admin command line find
a server that `blocklist serve` already runs on the same data directory.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from blocklist.storage.database import answers_ping

log = logging.getLogger(__name__)

STATE_FILE = "embedded.json"
_PR_SET_PDEATHSIG = 1


class EmbeddedServerError(RuntimeError):
    """The embedded server could not be started."""


def free_port() -> int:
    """A TCP port on the loopback interface that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    # Runs in the child between fork and exec: ask the kernel for SIGTERM when the parent exits.
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    # Ctrl-C in a terminal goes to the whole process group; the parent stops the child itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _server_command(data_dir: Path, port: int) -> list[str]:
    mongod = shutil.which("mongod")
    if mongod:
        db_path = data_dir / "mongod"
        db_path.mkdir(parents=True, exist_ok=True)
        return [mongod, "--dbpath", str(db_path), "--bind_ip", "127.0.0.1", "--port", str(port),
                "--noscripting", "--quiet"]
    nx = shutil.which("nx-27017") or str(Path(sys.executable).with_name("nx-27017"))
    if not Path(nx).exists():
        raise EmbeddedServerError("neither mongod nor nx-27017 is installed; set MONGODB_URI or install the project")
    db_path = data_dir / "nx"
    db_path.mkdir(parents=True, exist_ok=True)
    return [nx, "--data-dir", str(db_path), "--host", "127.0.0.1", "--port", str(port),
            "--log-file", str(data_dir / "nx-27017.log"), "--pid-file", str(data_dir / "nx-27017.pid")]


class EmbeddedServer:
    """A database server child process with its data in `data_dir`."""

    def __init__(self, data_dir: Path, leftover_grace_s: float = 20) -> None:
        self.data_dir = Path(data_dir).resolve()
        # how long a server of an earlier run may take to finish shutting down before it is killed
        self.leftover_grace_s = leftover_grace_s
        self.process: subprocess.Popen | None = None
        self.uri: str | None = None

    def start(self, timeout_s: float = 60) -> str:
        """Start the server, wait until it answers ping, and return its URI."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._wait_for_previous_server()
        port = free_port()
        command = _server_command(self.data_dir, port)
        with open(self.data_dir / "embedded-server.err", "ab") as errors:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
                preexec_fn=_die_with_parent,
            )
        uri = f"mongodb://127.0.0.1:{port}/?directConnection=true"
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EmbeddedServerError(
                    f"{Path(command[0]).name} exited with code {self.process.returncode}; "
                    f"see {self.data_dir / 'embedded-server.err'}")
            if answers_ping(uri, 300):
                self.uri = uri
                self._write_state()
                log.info("embedded database started", extra={"server": Path(command[0]).name, "port": port,
                                                            "data_dir": str(self.data_dir)})
                return uri
            time.sleep(0.1)
        self.stop()
        raise EmbeddedServerError(f"embedded database did not answer ping within {timeout_s:.0f} s")

    def _wait_for_previous_server(self) -> None:
        """A server of an earlier run that is still shutting down holds the data: let it finish."""
        pid_file = self.data_dir / "nx-27017.pid"
        try:
            pid = int(pid_file.read_text().strip())
        except (OSError, ValueError):
            return
        state = self._read_state() or {}
        if state.get("pid") == pid and _pid_alive(state.get("owner")) and state.get("owner") != os.getpid():
            raise EmbeddedServerError(f"{self.data_dir} is in use by another blocklist process "
                                      f"(pid {state['owner']}); stop it or use another BLOCKLIST_DATA_DIR")
        deadline = time.monotonic() + self.leftover_grace_s
        while _pid_alive(pid) and _is_embedded_server(pid, self.data_dir) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _pid_alive(pid) and _is_embedded_server(pid, self.data_dir):
            log.warning("stopping a leftover embedded database (pid %d) that holds %s", pid, self.data_dir)
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.2)
        # the server refuses to start while its pid file names a process that exists (even a zombie)
        with contextlib.suppress(FileNotFoundError):
            pid_file.unlink()

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after a grace period)."""
        process, self.process = self.process, None
        with contextlib.suppress(FileNotFoundError):
            state = self._read_state()
            if state and process and state.get("pid") == process.pid:
                (self.data_dir / STATE_FILE).unlink()
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def _write_state(self) -> None:
        assert self.process is not None
        path = self.data_dir / STATE_FILE
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"pid": self.process.pid, "uri": self.uri, "owner": os.getpid()}))
        tmp.replace(path)

    def _read_state(self) -> dict | None:
        path = self.data_dir / STATE_FILE
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError):
            return None

    def running_uri(self) -> str | None:
        """The URI of a server another process already runs on this data directory, if any."""
        state = self._read_state()
        if not state or not isinstance(state.get("uri"), str):
            return None
        if not _pid_alive(state.get("pid")):
            return None
        return state["uri"] if answers_ping(state["uri"]) else None

    def attach_or_start(self) -> tuple[str, bool]:
        """The URI of the server already running on this data directory (a `blocklist serve` owns it), or of one
        started now; and whether it was started here, so that the caller stops it."""
        uri = self.running_uri()
        return (uri, False) if uri is not None else (self.start(), True)

    def __enter__(self) -> "EmbeddedServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _is_embedded_server(pid: int, data_dir: Path) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return "nx-27017" in cmdline and str(data_dir) in cmdline and stat.split()[2] != "Z"


def _pid_alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
