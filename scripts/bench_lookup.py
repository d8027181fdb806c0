#!/usr/bin/env python3
"""Lookup throughput and latency against a running server, with wrk as the load generator.

1. seed:   BLOCKLIST_DATA_DIR=./bench-data scripts/seed_synthetic.py --identities 1000000 --sample sample.json
2. serve:  BLOCKLIST_DATA_DIR=./bench-data BLOCKLIST_ACCESS_LOG=false BLOCKLIST_LOOKUP_RATE_PER_MINUTE_SECRET=100000000 \
           BLOCKLIST_LOOKUP_DISTINCT_PER_HOUR_SECRET=100000000 blocklist serve --workers 2 --port 8080
3. bench:  scripts/bench_lookup.py --url http://127.0.0.1:8080 --sample sample.json --duration 30
           (then the floor, scripts/bench_http_floor.py's bare endpoint, with the same bodies right after, and
           the service's throughput as a fraction of it: the figure to compare across runs and machines;
           then an open-loop run, scripts/openloop.py, at half the service's measured throughput against the
           service and against the floor: p50/p99 where latency is not queueing)

The mix (from the seeded identities): 30% hits (the phone typed nationally, from a salon of the
number's country, or the email with another case, tag or googlemail), 20% near misses (the
mailbox name at another provider, with the name), 50% clean customers. The salons of other
countries are made once through the admin command line (run it with the server's
BLOCKLIST_DATA_DIR or MONGODB_URI) and kept beside the sample. wrk (Debian package `wrk`) drives it from a separate process
with 32 connections; the script prints throughput, p50/p99, non-2xx answers, the RSS of every
server process, and the index load time the server reports in /metrics.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

LUA = r"""
-- every request is formatted once, up front: formatting one per call (wrk.format in request())
-- cost the load generator a quarter of a core, taken from the server it shares the machine with
local requests = {}
local i = 0
init = function(args)  -- per thread, once wrk knows the host
  for line in io.lines("%(bodies)s") do  -- "<key>\t<body>"
    local tab = string.find(line, "\t", 1, true)
    local key, body = string.sub(line, 1, tab - 1), string.sub(line, tab + 1)
    requests[#requests + 1] = wrk.format("POST", "/v1/lookup", {["Authorization"] = "Bearer " .. key,
                                         ["Content-Type"] = "application/json"}, body)
  end
end
request = function()
  i = i %% #requests + 1
  return requests[i]
end
done = function(summary, latency, requests)
  io.write(string.format("JSON {\"requests\": %%d, \"seconds\": %%f, \"non2xx\": %%d, \"p50\": %%f, \"p90\": %%f, \"p99\": %%f, \"max\": %%f}\n",
    summary.requests, summary.duration / 1e6, summary.errors.status, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def bodies(identities: list[dict], count: int, rng: random.Random, key: str,
           regional_keys: dict[str, str] | None = None) -> list[str]:
    """"<key>\t<body>" lines; a number typed nationally comes from a salon of its country when
    `regional_keys` has one (a Turkish customer books at a Turkish salon), else from `key`'s."""
    national_prefix = {"PL": "", "TR": "0", "NL": "0", "RU": "8", "UA": "0", "IL": "0", "DE": "0", "GB": "0",
                       "GR": "", "CZ": ""}
    out = []
    for n in range(count):
        roll = rng.random()
        person = rng.choice(identities)
        if roll < 0.15:
            local, domain = person["email"].split("@")
            domain = "googlemail.com" if domain == "gmail.com" else domain
            subject = {"name": person["name"], "email": f"{local.upper()}+salon@{domain}"}
        elif roll < 0.30:
            import phonenumbers
            number = phonenumbers.parse(person["phone"], None)
            national = national_prefix.get(person["region"], "0") + phonenumbers.national_significant_number(number)
            subject = {"phone": national, "name": person["name"].lower()}
            out.append(f"{(regional_keys or {}).get(person['region'], key)}\t"
                       + json.dumps({"subject": subject}, ensure_ascii=False))
            continue
        elif roll < 0.50:
            local = person["email"].split("@")[0]
            subject = {"name": person["name"], "email": f"{local}@example-mail.org"}
        else:
            # random digits: numbered ones shared their last 8 digits with the seed's numbers (the
            # seed numbers its phones too), which no real clean customer does systematically
            subject = {"name": f"Klient{n} Testowy{n % 97}", "email": f"klient{n}@example.org",
                       "phone": f"+48 5{rng.randrange(10**8):08d}"}
        out.append(f"{key}\t" + json.dumps({"subject": subject}, ensure_ascii=False))
    return out


def drive(script: Path, url: str, duration: int, connections: int, threads: int = 1) -> dict:
    """Warm up (caches, connections), then run wrk with LUA's script; its summary (see `done` in LUA)."""
    subprocess.run(["wrk", "-t1", "-c8", "-d3s", "-s", str(script), url], capture_output=True, check=True)
    done = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "-s", str(script), url],
                          capture_output=True, text=True, check=True)
    return json.loads(next(line[5:] for line in done.stdout.splitlines() if line.startswith("JSON ")))


def floor_of(script: Path, duration: int, connections: int) -> dict:
    """The bare endpoint of scripts/bench_http_floor.py (no work added), driven by the same wrk script."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_http_floor  # (imports this module in turn: only its functions are used)
    return bench_http_floor.measure(0, script, duration, connections)


def open_loop(url: str | None, lines: list[str], rate: float, duration: int) -> dict:
    """scripts/openloop.py at a constant `rate` against the service (`url`), or the floor (None)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_http_floor
    import openloop
    if url is not None:
        return openloop.drive(url, lines, rate, duration)
    with bench_http_floor.floor_server(0) as floor_url:
        return openloop.drive(floor_url, lines, rate, duration)


def regional_salon_keys(sample_path: Path, regions: set[str]) -> dict[str, str]:
    """A bench salon's secret key per country, made once through the admin command line of the
    server's data directory (BLOCKLIST_DATA_DIR or MONGODB_URI) and kept beside the sample."""
    kept = sample_path.with_suffix(".salons.json")
    keys = json.loads(kept.read_text()) if kept.exists() else {}
    for region in sorted(regions - set(keys)):
        done = subprocess.run([sys.executable, "-m", "blocklist", "admin", "create-salon", "--name",
                               f"Bench salon {region}", "--country", region], capture_output=True, text=True,
                              cwd=Path(__file__).resolve().parent.parent, timeout=120)
        if done.returncode != 0:
            sys.exit(f"could not create a bench salon for {region}: {done.stderr.strip()}")
        keys[region] = json.loads(done.stdout)["secret_key"]
    kept.write_text(json.dumps(keys, indent=1))
    return keys


def server_rss(port: int) -> list[tuple[int, float]]:
    """(pid, RSS in MB) of the processes listening on the port and their database child."""
    found = []
    for status in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            cmd = status.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "multiprocessing" in cmd or "blocklist serve" in cmd or "nx-27017" in cmd:
            pid = int(status.parent.name)
            try:
                rss = int(re.search(r"VmRSS:\s+(\d+)", (status.parent / "status").read_text()).group(1)) / 1024
            except (OSError, AttributeError):
                continue
            found.append((pid, rss, cmd.strip()[:60]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--sample", type=Path, default=Path("seed-sample.json"))
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--open-loop", type=int, default=None, metavar="SECONDS",
                        help="the open-loop run's length (default: --duration); 0 skips it")
    parser.add_argument("--no-floor", action="store_true",
                        help="skip the floor run (scripts/bench_http_floor.py's bare endpoint) after the service's")
    parser.add_argument("--one-salon", action="store_true",
                        help="every lookup from the sample's (Polish) salon, as in figures before December 2026: "
                             "numbers of other countries typed nationally are then invalid numbers there")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    sample = json.loads(args.sample.read_text())
    rng = random.Random(7)
    regional = None if args.one_salon else regional_salon_keys(
        args.sample, {person["region"] for person in sample["identities"]})
    lines = bodies(sample["identities"], 20000, rng, sample["secret_key"], regional)
    with tempfile.TemporaryDirectory() as tmp:
        body_file = Path(tmp) / "bodies.jsonl"
        body_file.write_text("\n".join(lines) + "\n")
        script = Path(tmp) / "lookup.lua"
        script.write_text(LUA % {"bodies": body_file})
        result = drive(script, args.url, args.duration, args.connections, args.threads)
        # the floor right after, in this invocation, with the same bodies: this machine's speed drifts
        # ±15 % within an hour, so only a ratio measured back to back says anything
        floor = None if args.no_floor else floor_of(script, args.duration, args.connections)
    rate = result["requests"] / result["seconds"]
    # latency that matters is below saturation: a constant arrival rate at half the measured capacity,
    # the service first, then the floor at the very same offered rate
    open_seconds = args.duration if args.open_loop is None else args.open_loop
    opened = open_loop(args.url, lines, rate / 2, open_seconds) if open_seconds else None
    floor_opened = open_loop(None, lines, rate / 2, open_seconds) if open_seconds and not args.no_floor else None
    print(f"lookups: {result['requests']:,} in {result['seconds']:.1f} s = {rate:,.0f}/s "
          f"({args.connections} connections, {args.threads} wrk thread)")
    print(f"latency: p50 {result['p50']:.2f} ms, p90 {result['p90']:.2f} ms, p99 {result['p99']:.2f} ms, "
          f"max {result['max']:.1f} ms; non-2xx answers: {result['non2xx']}")
    if floor is not None:
        floor_rate = floor["requests"] / floor["seconds"]
        print(f"floor: {floor_rate:,.0f}/s (a bare aiohttp endpoint, 2 workers, the same bodies, right after); "
              f"p50 {floor['p50']:.2f} ms, p99 {floor['p99']:.2f} ms")
        print(f"ratio: the service does {rate / floor_rate:.3f} of the floor's throughput")
    for label, run in (("open loop, service", opened), ("open loop, floor", floor_opened)):
        if run is not None:
            print(f"{label}: {run['offered_per_second']:,.0f}/s offered for {run['seconds']:.0f} s, "
                  f"{run['answered']:,} of {run['sent']:,} answered; p50 {run['p50']:.2f} ms, "
                  f"p90 {run['p90']:.2f} ms, p99 {run['p99']:.2f} ms, max {run['max']:.1f} ms; "
                  f"statuses {run['statuses']}; the generator used {run['generator_cores']:.2f} of a core")
    port = int(args.url.rsplit(":", 1)[1].split("/")[0])
    for pid, rss, cmd in server_rss(port):
        print(f"rss: {rss:,.0f} MB  pid {pid}  {cmd}")
    seen = set()
    for _ in range(10):
        text = urllib.request.urlopen(f"{args.url}/metrics", timeout=5).read().decode()
        for line in text.splitlines():
            if line.startswith(("blocklist_index_load_seconds", "blocklist_index_identities")):
                seen.add(line)
    for line in sorted(seen):
        print(f"server: {line}")


if __name__ == "__main__":
    main()
