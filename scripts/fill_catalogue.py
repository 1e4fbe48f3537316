"""Fill the Indonesian catalogue from a Python file of translations (T and PLURAL dicts).

Used when many strings arrive at once: `python scripts/fill_catalogue.py translations.py`.
The file is authoritative for the entries it names; entries not in it are listed.
"""

import runpy
import sys

import polib

PO = "locale/id/LC_MESSAGES/django.po"


def main(path):
    source = runpy.run_path(path)
    singles, plurals = source.get("T", {}), source.get("PLURAL", {})
    catalogue = polib.pofile(PO)
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalogue.metadata["Language"] = "id"
    catalogue.metadata["Project-Id-Version"] = "RUKO PARSEL"
    catalogue.metadata["Language-Team"] = "RUKO PARSEL <ruko@localhost>"
    catalogue.metadata_is_fuzzy = False
    catalogue.header = "Indonesian catalogue of RUKO PARSEL."
    missing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        fuzzy = "fuzzy" in entry.flags  # a guess by makemessages: never trust it
        if entry.msgid_plural:
            if entry.msgid in plurals:
                entry.msgstr_plural = {0: plurals[entry.msgid]}
                fuzzy = False
        elif entry.msgid in singles:
            entry.msgstr = singles[entry.msgid]
            fuzzy = False
        if not fuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
        if not entry.translated():
            missing.append(entry.msgid)
    catalogue.save(PO)
    print(f"{len(catalogue.translated_entries())} translated, {len(missing)} missing")
    for msgid in missing:
        print("  missing:", repr(msgid))


if __name__ == "__main__":
    main(sys.argv[1])
