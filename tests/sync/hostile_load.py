"""Worst-case request load against a real server process: its memory and its liveness meanwhile.

Used by tests/sync/test_hostile_limits.py (the acceptance bounds) and bench/bench_hostile_load.py
(the figures). The worst cases are the largest bodies each endpoint admits, shaped to cost the
most to parse, plus compression bombs: what one hostile device (or anyone, for enrollment) can send.
"""

from __future__ import annotations

import gzip
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from sync.protocol import limits


def worst_batch_body() -> bytes:
    """Just inside every limit: ~8 MiB of distinct short strings in as many values as allowed."""
    values = limits.MAX_JSON_SEPARATORS - 10
    width = max(1, (limits.MAX_INFLATED_BYTES - 64) // values - 3)
    strings = (f'"{i % 10**width:0{width}d}"' for i in range(values))
    return ('{"events":[' + ",".join(strings) + "]}").encode()


def worst_columnar_body(events: int = 5000) -> bytes:
    """A protocol-2 body just inside the JSON limits that expands into as many line objects as it can:
    ``events`` donation rows of 15 one-value-apart lines each (~75,000 lines, ~450,000 commas)."""
    per_event = (limits.MAX_JSON_SEPARATORS - 20 * events) // (6 * events)
    lines = ",".join(f'[{no},"f",null,1,null,null]' for no in range(1, per_event + 1))
    column = lambda value: "[" + ",".join([value] * events) + "]"  # noqa: E731
    donations = (f'{{"event_id":{column(chr(34) + "e" + chr(34))},"user_id":{column("null")},'
                 f'"id":{column(chr(34) + "d" + chr(34))},"receipt_number":{column(chr(34) + "r" + chr(34))},'
                 f'"total":{column("1")},"payment_method":{column(chr(34) + "tunai" + chr(34))},'
                 f'"payment_reference":{column("null")},"recorded_at":{column(chr(34) + "t" + chr(34))},'
                 f'"donor":{column("0")},"lines":{column("[" + lines + "]")},'
                 '"donors":[[null,"n",null,null,false]]}')
    head = ('{"protocol_version":2,"app_version":"t","device_id":"d","office_id":"o","first_seq":1,'
            f'"last_seq":{events},"prev_hash":"{"0" * 64}","batch_hash":"{"0" * 64}","sent_at":null,')
    return (head + f'"events":{column("0")},"donations":{donations}}}').encode()


def bomb(inflated: int = 64 * 1024 * 1024) -> bytes:
    """A gzip body inflating to ``inflated`` bytes of ``{},{},...`` (about a thousandth of that on the wire)."""
    return gzip.compress(b"[" + b"{}," * (inflated // 3) + b"{}]", compresslevel=9)


def rss_kib(pid: int, field_name: str = "VmRSS") -> int:
    match = re.search(rf"{field_name}:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
    return int(match.group(1)) if match else 0


@dataclass
class LoadResult:
    statuses: list[int] = field(default_factory=list)
    peak_rss_mib: float = 0.0
    worst_health_s: float = 0.0
    health_checks: int = 0
    health_failures: int = 0
    seconds: float = 0.0


def run_load(base_url: str, server_pid: int, token: str, *, parallel: int = 8, rounds: int = 2) -> LoadResult:
    """``parallel`` worst-case requests at once, ``rounds`` times, while /health is polled every 100 ms."""
    result = LoadResult()
    big = worst_batch_body()
    columnar = worst_columnar_body()
    bombed = bomb()
    plan = []
    for i in range(parallel):
        if i % 4 == 0:
            plan.append(("/api/v1/batches", big, {"Authorization": f"Bearer {token}"}))
        elif i % 4 == 1:  # protocol 2: columns that expand into many objects
            plan.append(("/api/v1/batches", columnar, {"Authorization": f"Bearer {token}"}))
        elif i % 4 == 2:
            plan.append(("/api/v1/batches", bombed, {"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"}))
        else:
            plan.append(("/api/v1/devices/enroll", bombed, {"Content-Encoding": "gzip"}))
    done = threading.Event()

    def watch() -> None:
        with httpx.Client(base_url=base_url, timeout=10) as http:
            while not done.is_set():
                result.peak_rss_mib = max(result.peak_rss_mib, rss_kib(server_pid) / 1024)
                started = time.monotonic()
                try:
                    ok = http.get("/api/v1/health").status_code == 200
                except httpx.HTTPError:
                    ok = False
                result.worst_health_s = max(result.worst_health_s, time.monotonic() - started)
                result.health_checks += 1
                result.health_failures += 0 if ok else 1
                time.sleep(0.1)

    def send(item: tuple[str, bytes, dict[str, str]]) -> int:
        path, body, headers = item
        with httpx.Client(base_url=base_url, timeout=120) as http:
            return http.post(path, content=body, headers={"Content-Type": "application/json", **headers}).status_code

    watcher = threading.Thread(target=watch, daemon=True)
    started = time.monotonic()
    watcher.start()
    try:
        with ThreadPoolExecutor(parallel) as pool:
            for _ in range(rounds):
                result.statuses.extend(pool.map(send, plan))
    finally:
        done.set()
        watcher.join(timeout=15)
    result.seconds = time.monotonic() - started
    result.peak_rss_mib = max(result.peak_rss_mib, rss_kib(server_pid, "VmHWM") / 1024)
    return result
