"""Imports a package into an Anki collection with the real Anki library and describes the result.

Usage: import_package.py COLLECTION PACKAGE [PACKAGE...]

Imports each PACKAGE in turn into COLLECTION (created when missing), as Anki's "Import" does with
its default options, then prints one JSON object (the last line of its output): what each import
did, what Check Database reported, the note and card counts, the deck names, the media files, and per note its GUID, note type,
fields, tags, card ordinals and decks.
"""

import json
import os
import sys

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest


def main(collection_path, packages):
    col = Collection(collection_path)
    results = []
    for package in packages:
        request = ImportAnkiPackageRequest(package_path=package, options=ImportAnkiPackageOptions())
        response = col.import_anki_package(request)
        log = response.log
        results.append(
            {
                "new": len(log.new),
                "updated": len(log.updated),
                "duplicate": len(log.duplicate),
                "conflicting": len(log.conflicting),
                "first_field_match": len(log.first_field_match),
            }
        )
    notes = []
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        cards = note.cards()
        notes.append(
            {
                "guid": note.guid,
                "type": note.note_type()["name"],
                "fields": list(note.fields),
                "tags": list(note.tags),
                "ords": sorted(card.ord for card in cards),
                "decks": sorted({col.decks.name(card.did) for card in cards}),
            }
        )
    # Anki's Check Database: what it had to fix, if anything.
    integrity, _ = col.fix_integrity()
    summary = {
        "imports": results,
        "integrity": integrity,
        "note_count": col.note_count(),
        "card_count": col.card_count(),
        "decks": sorted(deck.name for deck in col.decks.all_names_and_ids()),
        "notes": notes,
        "media": sorted(os.listdir(col.media.dir())),
    }
    col.close()
    print(json.dumps(summary))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
