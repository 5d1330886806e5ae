"""Builds Anki packages with the real Anki library, for cardbox's import tests.

Usage: make_packages.py OUT_DIR

Writes OUT_DIR/legacy.apkg (schema 11, collection.anki21), OUT_DIR/latest.apkg (schema 18,
collection.anki21b), OUT_DIR/latest.colpkg and OUT_DIR/notes.txt (Anki's plain-text export), and
OUT_DIR/summary.json, the notes as Anki holds them (ids, fields, tags, card ordinals, decks) and
the two cards answered (note id-ordinal: ease and the interval Anki gave).
"""

import json
import os
import sys
import tempfile

from anki.collection import (
    Collection,
    ExportAnkiPackageOptions,
    ExportLimit,
    DeckIdLimit,
)

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5b0000000049454e44ae426082"
)


def build(out_dir):
    work = tempfile.mkdtemp()
    col = Collection(os.path.join(work, "collection.anki2"))
    media_name = col.media.write_data("pixel one.png", PNG)

    parent = col.decks.id("Cloud ML")
    child = col.decks.id("Cloud ML::Streaming::Kinesis")

    def add(model_name, deck_id, fields, tags=()):
        model = col.models.by_name(model_name)
        note = col.new_note(model)
        for index, value in enumerate(fields):
            note.fields[index] = value
        note.tags = list(tags)
        col.add_note(note, deck_id)
        return note

    notes = [
        add(
            "Basic",
            parent,
            ["What does <b>SageMaker</b> do?", "Builds, trains and <i>deploys</i> models.<br>In the cloud &amp; more."],
            ["aws", "sagemaker"],
        ),
        add(
            "Basic (and reversed card)",
            child,
            ["Kinesis Data Firehose", "Loads streams into <u>S3</u>"],
            ["streaming"],
        ),
        add(
            "Cloze",
            child,
            ["{{c1::Kinesis Data Streams}} keeps records; {{c2::Firehose::delivery}} delivers them; {{c1::Streams}} needs consumers.", ""],
        ),
        add(
            "Basic",
            parent,
            [
                "Which list?<ul><li>one</li><li>two</li></ul>",
                f'See <a href="https://aws.amazon.com">AWS</a>, <code>x = 1</code> and <img src="{media_name}"><script>alert(1)</script>',
            ],
        ),
    ]
    # Review history: the Basic note's card answered Easy (it graduates with an interval of days), the
    # reversed note's second card answered Again.
    reviewed = {}
    for note, ordinal, ease in ((notes[0], 0, 4), (notes[1], 1, 1)):
        card = next(card for card in note.cards() if card.ord == ordinal)
        card.start_timer()
        col.sched.answerCard(card, ease)
        card = col.get_card(card.id)
        reviewed[f"{note.id}-{ordinal}"] = {"ease": ease, "ivl": card.ivl}
    summary = {
        "media": media_name,
        "reviewed": reviewed,
        "notes": [
            {
                "id": note.id,
                "guid": note.guid,
                "type": note.note_type()["name"],
                "fields": list(note.fields),
                "tags": list(note.tags),
                "ords": sorted(card.ord for card in note.cards()),
                "decks": sorted({col.decks.name(card.did) for card in note.cards()}),
            }
            for note in notes
        ],
    }
    for legacy, name in ((True, "legacy.apkg"), (False, "latest.apkg")):
        options = ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False, with_media=True, legacy=legacy)
        col.export_anki_package(
            out_path=os.path.join(out_dir, name), options=options, limit=DeckIdLimit(parent)
        )
    col.export_note_csv(
        out_path=os.path.join(out_dir, "notes.txt"),
        limit=DeckIdLimit(parent),
        with_html=True,
        with_tags=True,
        with_deck=True,
        with_notetype=True,
        with_guid=True,
    )
    # Exporting the whole collection closes it: last.
    col.export_collection_package(os.path.join(out_dir, "latest.colpkg"), include_media=True, legacy=False)
    with open(os.path.join(out_dir, "summary.json"), "w") as out:
        json.dump(summary, out)


if __name__ == "__main__":
    build(sys.argv[1])
