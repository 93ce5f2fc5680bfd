#!/usr/bin/env python3
"""Keep locale/zh_Hans/LC_MESSAGES/django.po complete (see locale/GLOSSARY.md for the workflow).

    .venv/bin/python bin/translations.py status        counts; exit 1 when anything is missing
    .venv/bin/python bin/translations.py todo OUT.json  untranslated and fuzzy msgids: {msgid: ""}
    .venv/bin/python bin/translations.py fill IN.json.. write {msgid: msgstr} into the catalogue

`fill` refuses a translation whose placeholders (%(name)s, {name}, HTML tags) differ from the
msgid's, clears the fuzzy flag of what it fills and keeps the header valid for Chinese (one
plural form). For a plural entry the one Chinese form goes to msgstr[0] and is checked against
msgid_plural. Keys with a context are "context\x04msgid", as `todo` writes them.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.catalogue_checks import placeholder_mismatch  # noqa: E402

CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
HEADER = {
    "Project-Id-Version": "IPP Portal",
    "Last-Translator": "IPP Portal translators (locale/GLOSSARY.md)",
    "Language": "zh_Hans",
    "Language-Team": "Simplified Chinese",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def _key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def _current(entry: polib.POEntry) -> str:
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def missing(po: polib.POFile) -> list[polib.POEntry]:
    """Entries a reader would see in English: empty or fuzzy (obsolete ones are not shown)."""
    return [e for e in po if not e.obsolete and (not _current(e) or e.fuzzy)]


def mismatched(po: polib.POFile) -> list[tuple[polib.POEntry, str]]:
    found = []
    for entry in po:
        if entry.obsolete or not _current(entry):
            continue
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            problem = placeholder_mismatch(entry.msgid_plural or entry.msgid, form)
            if problem:
                found.append((entry, problem))
    return found


def status(po: polib.POFile) -> int:
    live = [e for e in po if not e.obsolete]
    gaps, wrong = missing(po), mismatched(po)
    print(f"{len(live)} messages, {len(live) - len(gaps)} translated, {len(gaps)} missing or fuzzy")
    for entry, problem in wrong:
        print(f"placeholders differ: {entry.msgid!r}: {problem}")
    return 1 if gaps or wrong else 0


def todo(po: polib.POFile, out: Path) -> int:
    gaps = {_key(e): "" for e in missing(po)}
    out.write_text(json.dumps(gaps, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(gaps)} messages to translate written to {out}")
    return 0


def fill(po: polib.POFile, sources: list[Path]) -> int:
    translations: dict[str, str] = {}
    for source in sources:
        translations.update(json.loads(source.read_text(encoding="utf-8")))
    filled = refused = 0
    for entry in po:
        text = translations.get(_key(entry))
        if entry.obsolete or not text:
            continue
        problem = placeholder_mismatch(entry.msgid_plural or entry.msgid, text)
        if problem:
            print(f"refused {entry.msgid!r}: {problem}")
            refused += 1
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: text}
        else:
            entry.msgstr = text
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        filled += 1
    po.metadata.update(HEADER)
    po.metadata["PO-Revision-Date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    po.metadata_is_fuzzy = False
    po.save()
    print(f"filled {filled}, refused {refused}; {len(missing(po))} still missing")
    return 1 if refused else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status")
    sub.add_parser("todo").add_argument("out", type=Path)
    sub.add_parser("fill").add_argument("sources", type=Path, nargs="+")
    args = parser.parse_args()
    po = polib.pofile(str(CATALOGUE), wrapwidth=79)
    if args.command == "todo":
        return todo(po, args.out)
    if args.command == "fill":
        return fill(po, args.sources)
    return status(po)


if __name__ == "__main__":
    sys.exit(main())
