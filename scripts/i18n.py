#!/usr/bin/env python3
"""Message catalogues, one per domain package (deliberate/<domain>/translations/zh).

  python scripts/i18n.py update [DOMAIN …]   extract each (or the named) domain's strings
                                            and merge them into its .po
  python scripts/i18n.py compile   compile every .po into the .mo the app loads
  python scripts/i18n.py check     list msgids used in code that have no Chinese translation
  python scripts/i18n.py set < F   apply "msgid<TAB>Chinese" lines (\\n for newlines) to
                                   every catalogue that holds the msgid

Message ids are English; Chinese is the default language and must be complete.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "deliberate"
TEMPLATES = PKG / "templates"
PYBABEL = [sys.executable, "-m", "babel.messages.frontend"]
# Strings of the package's top level and shared templates belong to core's catalogue.
CORE_EXTRA = ["deliberate/__init__.py", "deliberate/cli.py", "deliberate/config.py",
              "deliberate/templates/base.html", "deliberate/templates/_macros.html",
              "deliberate/templates/errors", "deliberate/templates/core"]


def domains() -> list[str]:
    return sorted(p.name for p in PKG.iterdir()
                  if p.is_dir() and (p / "__init__.py").exists() and p.name != "demo")


def sources(domain: str) -> list[str]:
    paths = [f"deliberate/{domain}"]
    if (TEMPLATES / domain).is_dir():
        paths.append(f"deliberate/templates/{domain}")
    if (TEMPLATES / "pdf" / domain).is_dir():
        paths.append(f"deliberate/templates/pdf/{domain}")
    if domain == "core":
        paths += CORE_EXTRA
    return paths


def update(only: list[str] | None = None) -> None:
    for domain in only or domains():
        catalog_dir = PKG / domain / "translations"
        with tempfile.TemporaryDirectory() as tmp:
            pot = Path(tmp) / "messages.pot"
            subprocess.run([*PYBABEL, "extract", "-F", "babel.cfg", "-k", "_l",
                            "--no-location", "--sort-output", "-o", str(pot),
                            *sources(domain)], cwd=ROOT, check=True)
            with pot.open("rb") as fh:
                if not list(read_po(fh)):
                    continue
            po = catalog_dir / "zh" / "LC_MESSAGES" / "messages.po"
            verb = "update" if po.exists() else "init"
            subprocess.run([*PYBABEL, verb, "-i", str(pot), "-d", str(catalog_dir),
                            "-l", "zh", *(["--no-fuzzy-matching", "--ignore-obsolete"]
                                          if verb == "update" else [])],
                           cwd=ROOT, check=True)
            print(f"{domain}: {po.relative_to(ROOT)}")


def compile_all() -> None:
    for catalog_dir in sorted(PKG.glob("*/translations")):
        subprocess.run([*PYBABEL, "compile", "-d", str(catalog_dir)], cwd=ROOT,
                       check=True)


def translated_ids() -> set[str]:
    done: set[str] = set()
    for po in PKG.glob("*/translations/zh/LC_MESSAGES/messages.po"):
        with po.open("rb") as fh:
            for msg in read_po(fh):
                if msg.id and msg.string and not msg.fuzzy:
                    key = msg.id[0] if isinstance(msg.id, tuple) else msg.id
                    done.add(key)
    return done


def conflicts() -> dict[str, set[str]]:
    """Message ids translated differently in two catalogues: the merged catalogue would
    show one of them everywhere, so a shared word must mean one thing (or get a context)."""
    seen: dict[str, set[str]] = {}
    for po in PKG.glob("*/translations/zh/LC_MESSAGES/messages.po"):
        with po.open("rb") as fh:
            for msg in read_po(fh):
                if msg.id and msg.string and not msg.fuzzy:
                    key = msg.id[0] if isinstance(msg.id, tuple) else msg.id
                    value = msg.string[0] if isinstance(msg.string, tuple) else msg.string
                    seen.setdefault(key, set()).add(value)
    return {k: v for k, v in seen.items() if len(v) > 1}


def used_ids() -> set[str]:
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    keywords = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None,
                "ngettext": (1, 2), "lazy_ngettext": (1, 2)}
    ids: set[str] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(PKG), method_map=method_map, keywords=keywords
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def missing() -> list[str]:
    return sorted(used_ids() - translated_ids())


def set_translations(lines: list[str]) -> int:
    from babel.messages.pofile import write_po

    wanted = {}
    for line in lines:
        if "\t" in line:
            msgid, msgstr = line.rstrip("\n").split("\t", 1)
            wanted[msgid.replace("\\n", "\n")] = msgstr.replace("\\n", "\n")
    applied: set[str] = set()
    for po in PKG.glob("*/translations/zh/LC_MESSAGES/messages.po"):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        changed = False
        for msg in catalog:
            key = msg.id[0] if isinstance(msg.id, tuple) else msg.id
            if key in wanted:
                msg.string = wanted[key] if not isinstance(msg.id, tuple) else (
                    wanted[key], wanted[key])
                msg.flags.discard("fuzzy")
                applied.add(key)
                changed = True
        if changed:
            with po.open("wb") as fh:
                write_po(fh, catalog, width=100, omit_header=False)
    for msgid in sorted(set(wanted) - applied):
        print(f"not in any catalogue (run update first): {msgid}", file=sys.stderr)
    return 0


def main() -> int:
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    if cmd == "update":
        update(sys.argv[2:] or None)
    elif cmd == "compile":
        compile_all()
    elif cmd == "set":
        return set_translations(sys.stdin.readlines())
    elif cmd == "check":
        gaps = missing()
        for msgid in gaps:
            print(msgid)
        clashes = conflicts()
        for msgid, values in sorted(clashes.items()):
            print(f"translated differently: {msgid!r} → {' | '.join(sorted(values))}")
        return 1 if gaps or clashes else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
