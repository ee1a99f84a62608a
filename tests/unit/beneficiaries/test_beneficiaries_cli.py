"""``amildesk beneficiaries import`` and ``amildesk balances`` as scripts run them: real processes, JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from desktop.services.beneficiary_import import TEMPLATE_HEADER
from tests.unit.beneficiaries.test_beneficiary_import import bad_rows, template_row, write_xlsx


def _module() -> str:
    """desktop.cli once it includes these commands; until then the module that provides them."""
    from desktop.cli import COMMANDS

    return "desktop.cli" if "beneficiaries" in COMMANDS else "desktop.cli_beneficiaries"


def run(*args: str, module: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", module or _module(), *args], capture_output=True, text=True,
                            timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_import_and_balances_json(tmp_path: Path) -> None:
    data = tmp_path / "kantor"
    run("--data-dir", str(data), "demo", "--donations", "6", module="desktop.cli")
    bad = bad_rows()
    rows = [bad[i][0] if i in bad else template_row(i) for i in range(200)]
    xlsx = write_xlsx(tmp_path / "mustahik.xlsx", list(TEMPLATE_HEADER), rows)

    # --data-dir after the command, as the issue writes it.
    preview = json.loads(run("beneficiaries", "import", str(xlsx), "--dry-run", "--json",
                             "--data-dir", str(data)).stdout)
    assert (preview["imported"], preview["to_import"], preview["skipped_duplicates"], preview["dry_run"]) == (
        0, 196, 0, True)
    assert [e["row"] for e in preview["errors"]] == [12, 62, 112, 162]
    assert all(set(e) >= {"row", "message"} and e["message"] for e in preview["errors"])

    report = tmp_path / "salah.csv"
    done = json.loads(run("--data-dir", str(data), "beneficiaries", "import", str(xlsx), "--json",
                          "--errors-csv", str(report)).stdout)
    assert (done["imported"], done["skipped_duplicates"], len(done["errors"])) == (196, 0, 4)
    assert report.read_text(encoding="utf-8-sig").count("\n") == 5
    again = json.loads(run("beneficiaries", "import", str(xlsx), "--json", "--data-dir", str(data)).stdout)
    assert again["imported"] == 0 and again["skipped_duplicates"] == 197

    balances = json.loads(run("balances", "--json", "--data-dir", str(data)).stdout)
    assert {"fund", "collected", "amil_share", "distributed", "deposited", "balance"} <= set(balances[0])
    zakat = next(b for b in balances if b["fund"] == "zakat_maal")
    assert zakat["balance"] == zakat["collected"] - zakat["amil_share"] - zakat["distributed"] - zakat["deposited"]
    assert sum(b["collected"] for b in balances) > 0
    assert "OK" in run("--data-dir", str(data), "verify", module="desktop.cli").stdout


def test_bad_file_exits_2_with_message(tmp_path: Path) -> None:
    data = tmp_path / "kantor"
    run("--data-dir", str(data), "demo", "--donations", "1", module="desktop.cli")
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    result = run("beneficiaries", "import", str(tmp_path / "x.pdf"), "--json", "--data-dir", str(data), check=False)
    assert result.returncode == 2 and "tidak didukung" in result.stderr and "Traceback" not in result.stderr
