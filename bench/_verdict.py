"""A benchmark's verdict as its exit status: a run that prints FAIL exits 1, so scripts and CI see it.

    from bench._verdict import exit_with, finish, status, verdict

    verdict(ok)        -> "PASS" or "FAIL", for the printed lines
    status(ok)         -> 0 or 1, for a ``main() -> int`` that ends in ``sys.exit(main())``
    exit_with(ok)      raises SystemExit(0) on PASS, SystemExit(1) on FAIL (never returns)
    finish(name, ok)   prints "\\n<name>: PASS|FAIL", then exit_with(ok): the last line of a main()

``bench._sync_common.finish`` calls ``exit_with`` when this module exists.
"""

from __future__ import annotations

from typing import NoReturn


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def status(ok: bool) -> int:
    return 0 if ok else 1


def exit_with(ok: bool) -> NoReturn:
    raise SystemExit(status(ok))


def finish(name: str, ok: bool) -> NoReturn:
    print(f"\n{name}: {verdict(ok)}", flush=True)
    exit_with(ok)
