"""A fault-injecting TCP proxy for sync tests: 127.0.0.1 only, bounded, threads.

Between the client and the server it can cut a connection in the middle of a request (the server
never sees the batch) or in the middle of a response (the server committed, the client never hears
the ack: the case that causes duplicates in naive sync), stall a connection for a while (client
timeouts), and throttle bandwidth. Faults are drawn per HTTP request (the proxy spots where a
request starts) from a seeded RNG, and can be switched off for a clean final sync.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from dataclasses import dataclass


@dataclass
class Faults:
    drop_request: float = 0.0  # probability a connection is cut while sending upstream
    drop_response: float = 0.0  # probability it is cut while sending the answer back
    stall: float = 0.0  # probability a connection stalls for ``stall_seconds`` first
    stall_seconds: float = 2.0
    throttle_bps: int | None = None  # bytes per second each way, None = unlimited
    cut_window: int = 64 * 1024  # a request is cut after a random number of bytes below this


class FaultProxy:
    """``FaultProxy(target_port).start()``; clients connect to ``proxy.port``."""

    MAX_CONNECTIONS = 64

    def __init__(self, target_port: int, *, seed: int = 1, faults: Faults | None = None) -> None:
        self.target = ("127.0.0.1", target_port)
        self.faults = faults or Faults()
        self.rng = random.Random(seed)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.stats = {"connections": 0, "dropped_request": 0, "dropped_response": 0, "stalled": 0}

    def start(self) -> FaultProxy:
        thread = threading.Thread(target=self._accept_loop, name="faultproxy", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def set_faults(self, faults: Faults | None) -> None:
        self.faults = faults or Faults()

    def close(self) -> None:
        self._stop.set()
        self.listener.close()
        with self._lock:
            for sock in list(self._open):
                _close(sock)
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            with self._lock:
                if len(self._open) >= 2 * self.MAX_CONNECTIONS:
                    _close(client)
                    continue
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            thread.start()
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            _close(client)
            return
        with self._lock:
            self.stats["connections"] += 1
            self._open.update((client, upstream))
        state = _ConnState()
        pumps = [
            threading.Thread(target=self._pump, args=(client, upstream, state, True), daemon=True),
            threading.Thread(target=self._pump, args=(upstream, client, state, False), daemon=True),
        ]
        for pump in pumps:
            pump.start()
        for pump in pumps:
            pump.join(timeout=600)
        with self._lock:
            self._open.difference_update((client, upstream))
        _close(client)
        _close(upstream)

    def _roll(self, state: _ConnState, head: bytes) -> bool:
        """A new request starts: draw its fault. Returns True to stall it first."""
        f = self.faults
        with self._lock:
            roll = self.rng.random()
            stall = self.rng.random() < f.stall
            length = len(head)
            marker = head.lower().find(b"content-length:")
            if marker >= 0:
                value = head[marker + 15 : head.find(b"\r\n", marker)].strip()
                length = head.find(b"\r\n\r\n") + 4 + (int(value) if value.isdigit() else 0)
            if roll < f.drop_request:
                state.up_cut_at = state.up_sent + self.rng.randrange(1, max(2, min(length, f.cut_window)))
            elif roll < f.drop_request + f.drop_response:
                state.down_cut_at = state.down_sent + self.rng.randrange(1, 300)
            if stall:
                self.stats["stalled"] += 1
        return stall

    def _pump(self, src: socket.socket, dst: socket.socket, state: _ConnState, upward: bool) -> None:
        try:
            src.settimeout(1.0)
        except OSError:  # the other direction already closed both sockets
            return
        while not self._stop.is_set():
            try:
                data = src.recv(16384)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            if upward and data[:8].split(b" ", 1)[0] in _METHODS and self._roll(state, data):
                self._stop.wait(self.faults.stall_seconds)
            sent = state.up_sent if upward else state.down_sent
            cut_at = state.up_cut_at if upward else state.down_cut_at
            if cut_at is not None and sent + len(data) >= cut_at:
                with contextlib.suppress(OSError):
                    dst.sendall(data[: max(0, cut_at - sent)])
                with self._lock:
                    self.stats["dropped_request" if upward else "dropped_response"] += 1
                break
            try:
                bps = self.faults.throttle_bps
                if bps:
                    for start in range(0, len(data), 4096):
                        dst.sendall(data[start : start + 4096])
                        time.sleep(min(4096, len(data) - start) / bps)
                else:
                    dst.sendall(data)
            except OSError:
                break
            if upward:
                state.up_sent += len(data)
            else:
                state.down_sent += len(data)
        # Closing both ends is how a cut (or a finished side) shows up on the other.
        _close(src)
        _close(dst)


_METHODS = {b"GET", b"POST", b"PUT", b"HEAD", b"DELETE"}


@dataclass
class _ConnState:
    """Byte counters of one proxied connection and where the current request's fault cuts it."""

    up_sent: int = 0
    down_sent: int = 0
    up_cut_at: int | None = None
    down_cut_at: int | None = None


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
