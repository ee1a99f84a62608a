"""Plain http only where it never crosses the internet; refused before any connection otherwise.

The refusal tests run the real client in an empty network namespace (``tests/sync/netns.py``): if
the client tried to connect, the answer would be a network error (no route, name not found), so
getting the refusal code proves nothing was sent, and nothing could leave the machine either way.
"""

from __future__ import annotations

import textwrap

import pytest

from sync.client import errors
from sync.client.transport import check_server_url, is_local_host, needs_insecure_flag
from tests.sync import netns
from tests.sync.conftest import Env

PUBLIC_HTTP = ["http://203.0.113.5:8080", "http://district.example", "http://[2001:db8::5]:8080/",
               "http://localhost.example", "http://127.1", "http://10.0.0.1.example"]

# Network faults do not depend on the server's database: these run on SQLite only (not again on PostgreSQL).
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.mark.parametrize(("host", "local"), [
    ("localhost", True), ("LOCALHOST", True), ("127.0.0.1", True), ("127.255.0.9", True), ("::1", True),
    ("[::1]", True), ("10.0.0.1", True), ("10.255.255.255", True), ("172.16.0.1", True),
    ("172.31.255.254", True), ("192.168.1.10", True), ("fc00::1", True), ("fd12:3456::1", True),
    ("::ffff:192.168.0.5", True),
    ("172.15.255.255", False), ("172.32.0.1", False), ("192.169.0.1", False), ("11.0.0.1", False),
    ("203.0.113.5", False), ("8.8.8.8", False), ("fe80::1", False), ("2001:db8::5", False), ("0.0.0.0", False),
    ("::ffff:8.8.8.8", False), ("127.1", False), ("2130706433", False), ("localhost.", False),
    ("localhost.example", False), ("district.example", False), ("zis.kabupaten.go.id", False),
])
def test_only_localhost_and_loopback_or_private_literals_are_local(host: str, local: bool) -> None:
    assert is_local_host(host) is local


@pytest.mark.parametrize("url", ["https://zis.kabupaten.go.id", "https://203.0.113.5:8443/", "http://127.0.0.1:8000",
                                 "http://localhost:8000", "http://[::1]:8000", "http://192.168.1.2",
                                 "HTTP://10.1.2.3:80"])
def test_https_anywhere_and_http_to_local_hosts_pass(url: str) -> None:
    check_server_url(url)
    assert not needs_insecure_flag(url)


@pytest.mark.parametrize("url", PUBLIC_HTTP)
def test_public_http_needs_the_flag(url: str) -> None:
    with pytest.raises(errors.InsecureUrlError) as caught:
        check_server_url(url)
    assert caught.value.code == "insecure_http"
    check_server_url(url, allow_insecure_http=True)
    assert needs_insecure_flag(url)


@pytest.mark.parametrize("url", ["ftp://district.example", "district.example", "http://", "http://host:port/"])
def test_other_urls_are_invalid_not_insecure(url: str) -> None:
    with pytest.raises(errors.UrlError) as caught:
        check_server_url(url, allow_insecure_http=True)
    assert caught.value.code == "url_invalid"


# Runs inside the empty namespace: each URL through SyncClient (a full sync) and enroll, with and
# without the flag; prints {url: {"client": outcome, "enroll": outcome}}, outcome = code[:reason].
_CLIENT_SCRIPT = textwrap.dedent("""
    import json, sys, tempfile
    from pathlib import Path
    from sync.client import errors
    from sync.client.client import SyncClient, enroll
    from sync.client.transport import RetryPolicy
    from tests.sync.journal import TestJournal

    allow = sys.argv[1] == "allow"
    urls = json.loads(sys.argv[2])
    policy = RetryPolicy(base_delay=0.01, max_delay=0.05, connect_timeout=1, read_timeout=1,
                         unreachable_timeout=0.5, notice_after=10)
    journal = TestJournal(Path(tempfile.mkdtemp()) / "j.sqlite3")
    journal.many_donations(3)

    def outcome(run):
        try:
            run()
        except errors.SyncFailure as exc:
            reason = exc.details.get("reason")
            return exc.code + (":" + reason if isinstance(reason, str) else "")
        return "sent"

    def sync(url):
        with SyncClient(url, "amd1_" + "x" * 43, policy=policy, allow_insecure_http=allow) as client:
            client.sync(journal)

    def spend(url):
        enroll(url, "ABCD-EFGH-JKMN", device_id=journal.device_id(), policy=policy, allow_insecure_http=allow)

    print(json.dumps({url: {"client": outcome(lambda: sync(url)), "enroll": outcome(lambda: spend(url))}
                      for url in urls}))
""")


def _in_empty_namespace(mode: str, urls: list[str]) -> dict[str, dict[str, str]]:
    import json
    import sys

    result = netns.run([sys.executable, "-c", _CLIENT_SCRIPT, mode, json.dumps(urls)], timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


@netns.needs_netns
def test_public_http_is_refused_before_any_connection() -> None:
    seen = _in_empty_namespace("refuse", PUBLIC_HTTP)
    assert seen == {url: {"client": "insecure_http", "enroll": "insecure_http"} for url in PUBLIC_HTTP}


@netns.needs_netns
def test_the_flag_lets_public_http_through_to_the_connection_stage() -> None:
    urls = ["http://203.0.113.5:8080", "http://[2001:db8::5]:8080/", "http://district.example"]
    seen = _in_empty_namespace("allow", urls)
    # A connection was tried and found no network: the refusal is gone, the link problem remains.
    assert seen == {
        "http://203.0.113.5:8080": {"client": "unreachable:no_route", "enroll": "unreachable:no_route"},
        "http://[2001:db8::5]:8080/": {"client": "unreachable:no_route", "enroll": "unreachable:no_route"},
        "http://district.example": {"client": "unreachable:name_not_found", "enroll": "unreachable:name_not_found"},
    }


@SQLITE_ONLY
def test_plain_http_to_loopback_still_syncs_with_the_real_server(env: Env) -> None:
    journal, token = env.device(env.office())
    journal.many_donations(50)
    for host in ("127.0.0.1", "localhost"):
        journal.many_donations(5)
        with env.client(token, base_url=f"http://{host}:{env.server.port}") as client:
            result = client.sync(journal)
        assert result.complete and result.acked_seq == journal.high_seq()
    assert [seq for seq, _ in env.server_events(journal.device_id())] == list(range(1, journal.high_seq() + 1))


@SQLITE_ONLY
def test_http_to_loopback_ignores_a_proxy_from_the_environment(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy would carry local plain http off the machine in clear: it is not used for it."""
    from tests.sync.serverproc import free_port

    dead_proxy = f"http://127.0.0.1:{free_port()}"  # were it used, every request would be refused
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, dead_proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    journal, token = env.device(env.office())
    journal.many_donations(5)
    with env.client(token) as client:
        assert client.sync(journal).complete


def test_tls_context_only_where_a_tls_connection_can_happen() -> None:
    """Local plain http never loads a CA bundle (no proxy, no redirect: no TLS connection can follow);
    https and non-local http (which may go through a proxy from the environment) keep verifying."""
    from sync.client import transport

    transport._tls_context.cache_clear()
    local = transport.Transport("http://127.0.0.1:9", "token")
    local.close()
    assert transport._tls_context.cache_info().currsize == 0
    for url, allow in (("https://127.0.0.1:9", False), ("http://203.0.113.5:8080", True)):
        remote = transport.Transport(url, "token", allow_insecure_http=allow)
        remote.close()
        assert transport._tls_context.cache_info().currsize == 1  # one shared context (certifi's bundle)
