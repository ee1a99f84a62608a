"""``python -m desktop [--data-dir DIR]``: open the app (the ``amildesk`` CLI has the other commands)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("AmilDesk", "AmilDesk"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop", description="AmilDesk")
    parser.add_argument("--data-dir", type=Path, default=None, help="office data folder")
    parser.add_argument("--demo-hint", action="store_true", help="show the demo login on the login dialog")
    args = parser.parse_args(argv)
    from desktop.app import run_gui

    return run_gui(args.data_dir or default_data_dir(), demo_hint=args.demo_hint)


if __name__ == "__main__":
    sys.exit(main())
