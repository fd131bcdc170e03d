"""Merge the extracted template (messages.pot) into the French catalog.

French is the source language, so a new message's French text is its msgid; existing
entries keep any wording an editor changed in the catalog.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE_DIR = Path(__file__).parent / "locale"


def main() -> None:
    pot_path = LOCALE_DIR / "messages.pot"
    po_path = LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po"
    with pot_path.open("rb") as f:
        template = read_po(f)
    if po_path.exists():
        with po_path.open("rb") as f:
            catalog = read_po(f, locale="fr")
        catalog.update(template, no_fuzzy_matching=True)
    else:
        catalog = read_po(pot_path.open("rb"), locale="fr")
    for message in catalog:
        if message.pluralizable and isinstance(message.string, tuple | list) and not all(message.string):
            # French (CLDR): form 0 for 0 and 1, the other forms (millions, the rest) take the plural.
            message.string = (message.id[0],) + (message.id[1],) * (catalog.num_plurals - 1)
        elif message.id and not message.string:
            message.string = message.id
        if message.id and message.fuzzy:
            message.flags.discard("fuzzy")
    catalog.obsolete.clear()
    po_path.parent.mkdir(parents=True, exist_ok=True)
    with po_path.open("wb") as f:
        write_po(f, catalog, sort_output=True, omit_header=False, width=120)


if __name__ == "__main__":
    main()
