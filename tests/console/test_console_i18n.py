"""Every console text has its English translation (Indonesian is the source text)."""

from __future__ import annotations

import re
from pathlib import Path

from sync.server.console.i18n import EN, translate

CONSOLE = Path(__file__).resolve().parents[2] / "sync" / "server" / "console"
PATTERNS = [re.compile(p) for p in (
    r'''\b_\(\s*"((?:[^"\\]|\\.)+)"''', r"""\b_\(\s*'((?:[^'\\]|\\.)+)'""",
    r'''ConsoleError\(\s*\d+,\s*"((?:[^"\\]|\\.)+)"''', r'''_refuse\(ctx,\s*\d+,\s*"((?:[^"\\]|\\.)+)"''',
    r'''error_page\(request,\s*\d+,\s*"((?:[^"\\]|\\.)+)"''', r'''\d{3}: "([^"]+)"''',
)]


def console_texts() -> set[str]:
    found: set[str] = set()
    for path in [*CONSOLE.glob("*.py"), *CONSOLE.glob("templates/*.html")]:
        text = path.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            found.update(m.group(1) for m in pattern.finditer(text))
    app = (CONSOLE.parent / "app.py").read_text(encoding="utf-8")
    found.update(re.findall(r'"(Halaman tidak ditemukan\.|Metode tidak diizinkan\.|Permintaan tidak sah\.|'
                            r'Server sedang sibuk\. Coba lagi sebentar lagi\.)"', app))
    return found


def test_every_console_text_has_an_english_translation() -> None:
    texts = console_texts()
    assert len(texts) > 120
    missing = sorted(t for t in texts if t not in EN and not t.startswith("{"))
    assert missing == []


def test_translation_keeps_parameters() -> None:
    for source, english in EN.items():
        assert set(re.findall(r"\{(\w+)\}", source)) == set(re.findall(r"\{(\w+)\}", english)), source
    assert translate("en", "Kantor tidak dikenal: {value}.", value="X") == "Unknown office: X."
    assert translate("id", "Kantor tidak dikenal: {value}.", value="X") == "Kantor tidak dikenal: X."
