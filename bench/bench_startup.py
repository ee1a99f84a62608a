"""Cold start: AmilDesk's login dialog and main window vs. a bare PySide6 QMainWindow.

Each figure is the median over fresh ``python`` processes (cold imports every time) of the time
from spawning the process to the first paint of the window. The three kinds of process take turns
(bare, login, main, bare, ...), so a change in the machine's load hits all three alike. Target: the
main window (after an automatic login on a demo office) <= bare QMainWindow + 0.25 s. Prints PASS or
FAIL and exits 1 on FAIL. The load average is printed too: on a busy 2-core machine every figure
grows, the difference most.

    .venv/bin/python bench/bench_startup.py [--runs 9] [--data-dir DIR] [--precompile]

``--precompile`` byte-compiles the project first, as an installed app (wheel, PyInstaller bundle)
always is; without it, and with PYTHONDONTWRITEBYTECODE set, every run compiles the project's
sources on import, which the bare baseline does not have to.

Uses the app's bench hooks (see ``desktop/app.py``): ``AMILDESK_BENCH_EXIT_ON_SHOW`` and
``AMILDESK_BENCH_AUTOLOGIN``. Runs headless (``QT_QPA_PLATFORM=offscreen``) unless DISPLAY is set.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: bench._verdict

from bench._verdict import status, verdict  # noqa: E402

TARGET_OVER_BARE_S = 0.25

BARE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print(f"AMILDESK_SHOWN {time.time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("bare"))
spy = FirstPaint()
window.installEventFilter(spy)
window.show()
app.exec()
"""

OURS = "import sys; from pathlib import Path; from desktop.app import run_gui; sys.exit(run_gui(Path(sys.argv[1])))"


def make_demo(data_dir: Path) -> None:
    subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data_dir), "demo",
                    "--donations", "50"], check=True, cwd=ROOT, capture_output=True)


def one_run(code: str, args: list[str], env: dict[str, str]) -> float:
    start = time.time()
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    for line in proc.stdout.splitlines():
        if line.startswith("AMILDESK_SHOWN "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"no paint reported (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


def measure(kinds: dict[str, tuple[str, list[str], dict[str, str]]], runs: int) -> dict[str, list[float]]:
    """Seconds to first paint of each kind, ``runs`` times, the kinds taking turns."""
    for code, args, env in kinds.values():
        one_run(code, args, env)  # warm the OS file cache once; Python's imports stay cold per process
    times: dict[str, list[float]] = {name: [] for name in kinds}
    for _ in range(runs):
        for name, (code, args, env) in kinds.items():
            times[name].append(one_run(code, args, env))
    for name, samples in times.items():
        print(f"{name:<34} median {statistics.median(samples) * 1000:7.1f} ms   (min {min(samples) * 1000:.1f}, "
              f"max {max(samples) * 1000:.1f}, n={runs})")
    return times


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--data-dir", type=Path, default=None, help="existing demo office (else made)")
    parser.add_argument("--precompile", action="store_true",
                        help="byte-compile desktop/ and sync/ first, as an installed app is")
    args = parser.parse_args()

    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if args.precompile:
        for package in ("desktop", "sync"):
            compileall.compile_dir(ROOT / package, quiet=1)
    with tempfile.TemporaryDirectory(prefix="amildesk-bench-") as tmp:
        data_dir = args.data_dir or Path(tmp) / "demo"
        if args.data_dir is None:
            make_demo(data_dir)
        print(f"cold start, {args.runs} fresh processes each, platform "
              f"{env.get('QT_QPA_PLATFORM') or 'default'}, project bytecode "
              f"{'precompiled' if args.precompile else 'as found'}, load average {load_average()}")
        times = measure({
            "bare QMainWindow (baseline)": (BARE, [], env),
            "AmilDesk login dialog": (OURS, [str(data_dir)], {**env, "AMILDESK_BENCH_EXIT_ON_SHOW": "login"}),
            "AmilDesk main window (auto-login)": (OURS, [str(data_dir)], {
                **env, "AMILDESK_BENCH_EXIT_ON_SHOW": "main", "AMILDESK_BENCH_AUTOLOGIN": "admin:demo12345"}),
        }, args.runs)
    bare, login, main_window = (statistics.median(samples) for samples in times.values())
    print(f"load average after: {load_average()}")
    print(f"login dialog: bare + {(login - bare) * 1000:.0f} ms ({login / bare:.2f}x); "
          f"main window: bare + {(main_window - bare) * 1000:.0f} ms ({main_window / bare:.2f}x) "
          f"(target <= bare + {TARGET_OVER_BARE_S * 1000:.0f} ms)")
    ok = main_window <= bare + TARGET_OVER_BARE_S
    print(verdict(ok))
    return status(ok)


if __name__ == "__main__":
    sys.exit(main())
