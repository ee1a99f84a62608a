"""Regenerate ``amildesk_en.ts`` from the sources and compile ``amildesk_en.qm``.

    .venv/bin/python resources/translations/update_translations.py

1. ``pyside6-lupdate`` collects every ``tr()`` / ``QCoreApplication.translate()`` /
   ``QT_TRANSLATE_NOOP`` string of ``desktop/ui`` and ``desktop/app.py`` (existing English kept);
2. every message template of ``desktop.core.errors.MESSAGES`` is added under context ``errors``
   (the UI translates them at run time from ``AmilError.template``, which lupdate cannot see);
3. ``pyside6-lrelease`` compiles the .qm that the app loads.

New strings arrive untranslated (``type="unfinished"``): translate them in ``pyside6-linguist
resources/translations/amildesk_en.ts`` (or by editing the XML), run this script again, and commit
both files. ``tests/ui/test_i18n.py`` fails while any string lacks its English.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "amildesk_en.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent


def source_files() -> list[Path]:
    files = sorted((ROOT / "desktop" / "ui").rglob("*.py"))
    return [*files, ROOT / "desktop" / "app.py"]


def run_lupdate() -> None:
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), "-locations", "none", "-target-language", "en_GB",
         *map(str, source_files()), "-ts", str(TS)],
        check=True, cwd=ROOT,
    )


def add_error_templates() -> int:
    """Ensure each MESSAGES template (context "errors") and each TERMS word (context "terms") is a live
    message; returns how many were added."""
    sys.path.insert(0, str(ROOT))
    from desktop.core.errors import MESSAGES, TERMS

    tree = ET.parse(TS)
    root = tree.getroot()
    added = _add_sources(root, "errors", MESSAGES.values()) + _add_sources(root, "terms", TERMS)
    ET.indent(tree, space="    ")
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    with TS.open("r+", encoding="utf-8") as handle:  # lupdate/linguist expect the DOCTYPE line
        text = handle.read()
        if "<!DOCTYPE TS>" not in text:
            text = text.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1)
            handle.seek(0)
            handle.write(text)
            handle.truncate()
    return added


def _add_sources(root: ET.Element, name: str, sources: Iterable[str]) -> int:
    """Make each of ``sources`` a live message of context ``name`` (new ones unfinished)."""
    context = next((c for c in root.findall("context") if c.findtext("name") == name), None)
    if context is None:
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = name
    existing = {m.findtext("source"): m for m in context.findall("message")}
    added = 0
    for template in sources:
        message = existing.get(template)
        if message is None:
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = template
            ET.SubElement(message, "translation", type="unfinished")
            added += 1
            continue
        translation = message.find("translation")
        if translation is not None and translation.get("type") in ("vanished", "obsolete"):
            translation.attrib.pop("type")  # lupdate cannot see these; they are live
    return added


def run_lrelease() -> None:
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True, cwd=ROOT)


def main() -> int:
    run_lupdate()
    added = add_error_templates()
    run_lrelease()
    print(f"{TS.relative_to(ROOT)} updated ({added} error templates and terms added); {QM.relative_to(ROOT)} built")
    return 0


if __name__ == "__main__":
    sys.exit(main())
