import Foundation
import GRDB

/// Writes notes into a new Anki collection of schema 11 (`collection.anki21`), the layout that
/// every current Anki, AnkiDroid and AnkiMobile imports.
///
/// Note types, decks and ids are stable: the same deck exported twice gives the same note type,
/// deck and note ids and GUIDs, and a later modification time, so Anki updates its notes in place.
enum AnkiCollectionWriter {
    /// Stable note-type ids (Anki matches note types by id on import).
    static func notetypeID(_ kind: ExportNote.Kind) -> Int64 { 1_561_000_000_000 + Int64(kind.rawValue) + 1 }

    /// A positive id below 2^53 from a hash of `text`, above Anki's default deck and note-type ids.
    static func stableID(_ text: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return 1_000_000_000_000 + Int64(hash % 8_000_000_000_000_000)
    }

    static func write(_ notes: [ExportNote], to url: URL, now: Date) throws {
        let seconds = Int64(now.timeIntervalSince1970)
        let milliseconds = Int64(now.timeIntervalSince1970 * 1000)
        let queue = try DatabaseQueue(path: url.path)
        defer { try? queue.close() }
        var deckNames: [String] = []
        for note in notes {
            // Every level of a nested deck is a deck of its own in Anki.
            let levels = note.deck.components(separatedBy: "::")
            for depth in 1...levels.count {
                let name = levels.prefix(depth).joined(separator: "::")
                if !deckNames.contains(name) { deckNames.append(name) }
            }
        }
        try queue.write { db in
            try db.execute(sql: schema)
            try db.execute(
                sql: """
                    INSERT INTO col (id, crt, mod, scm, ver, dty, usn, ls, conf, models, decks, dconf, tags)
                    VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')
                    """,
                arguments: [
                    seconds / 86400 * 86400, milliseconds, milliseconds, json(configuration),
                    json(notetypes(seconds)), json(decks(deckNames, seconds)), json(deckConfigurations),
                ])
            var position = 0
            for note in notes {
                let noteID = stableID("note\u{1F}" + note.guid)
                let sortField = HTMLToMarkdown.plainText(note.fields.first ?? "")
                try db.execute(
                    sql: """
                        INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data)
                        VALUES (?, ?, ?, ?, -1, ?, ?, ?, 0, 0, '')
                        """,
                    arguments: [
                        noteID, note.guid, notetypeID(note.kind), seconds,
                        note.tags.isEmpty ? "" : " " + note.tags.joined(separator: " ") + " ",
                        note.fields.joined(separator: "\u{1F}"), sortField,
                    ])
                position += 1
                for ordinal in note.ordinals {
                    try db.execute(
                        sql: """
                            INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses,
                                left, odue, odid, flags, data)
                            VALUES (?, ?, ?, ?, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')
                            """,
                        arguments: [
                            stableID("card\u{1F}\(note.guid)\u{1F}\(ordinal)"), noteID,
                            stableID("deck\u{1F}" + note.deck),
                            ordinal, seconds, position,
                        ])
                }
            }
        }
    }

    private static func json(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    private static var configuration: [String: Any] {
        [
            "nextPos": 1, "estTimes": true, "activeDecks": [1], "sortType": "noteFld", "timeLim": 0,
            "sortBackwards": false,
            "addToCur": true, "curDeck": 1, "newSpread": 0, "dueCounts": true, "curModel": notetypeID(.basic),
            "collapseTime": 1200, "schedVer": 2, "sched2021": true, "creationOffset": 0, "dayLearnFirst": false,
        ]
    }

    private static var deckConfigurations: [String: Any] {
        [
            "1": [
                "id": 1, "mod": 0, "name": "Default", "usn": 0, "maxTaken": 60, "autoplay": true, "timer": 0,
                "replayq": true, "dyn": false,
                "new": [
                    "bury": false, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0], "order": 1,
                    "perDay": 20,
                ],
                "rev": [
                    "bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200, "hardFactor": 1.2,
                ],
                "lapse": ["delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0],
            ] as [String: Any]
        ]
    }

    private static func decks(_ names: [String], _ seconds: Int64) -> [String: Any] {
        var decks: [String: Any] = ["1": deck(id: 1, name: "Default", seconds: 0)]
        for name in names {
            let id = stableID("deck\u{1F}" + name)
            decks[String(id)] = deck(id: id, name: name, seconds: seconds)
        }
        return decks
    }

    private static func deck(id: Int64, name: String, seconds: Int64) -> [String: Any] {
        [
            "id": id, "name": name, "mod": seconds, "usn": -1, "lrnToday": [0, 0], "revToday": [0, 0],
            "newToday": [0, 0], "timeToday": [0, 0], "collapsed": false, "browserCollapsed": false, "desc": "",
            "dyn": 0, "conf": 1, "extendNew": 0, "extendRev": 0,
        ]
    }

    private static func notetypes(_ seconds: Int64) -> [String: Any] {
        let answer = "{{FrontSide}}\n\n<hr id=answer>\n\n"
        let css =
            ".card {\n    font-family: arial;\n    font-size: 20px;\n    text-align: center;\n    color: black;\n"
            + "    background-color: white;\n}\n"
        func template(_ name: String, _ ord: Int, _ question: String, _ answer: String) -> [String: Any] {
            [
                "name": name, "ord": ord, "qfmt": question, "afmt": answer, "bqfmt": "", "bafmt": "",
                "did": NSNull(), "bfont": "", "bsize": 0,
            ]
        }
        func field(_ name: String, _ ord: Int) -> [String: Any] {
            ["name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial", "size": 20]
        }
        func notetype(
            _ kind: ExportNote.Kind, _ name: String, fields: [String], templates: [[String: Any]], css: String,
            requirements: [[Any]]
        ) -> (String, [String: Any]) {
            let id = notetypeID(kind)
            return (
                String(id),
                [
                    "id": id, "name": name, "type": kind == .cloze ? 1 : 0, "mod": seconds, "usn": -1, "sortf": 0,
                    "did": NSNull(), "tmpls": templates,
                    "flds": fields.enumerated().map { field($0.element, $0.offset) }, "css": css,
                    "latexPre":
                        "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n"
                        + "\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n"
                        + "\\begin{document}\n",
                    "latexPost": "\\end{document}", "latexsvg": false, "req": requirements, "tags": [], "vers": [],
                ]
            )
        }
        let all = [
            notetype(
                .basic, "cardbox Basic", fields: ["Front", "Back"],
                templates: [template("Card 1", 0, "{{Front}}", answer + "{{Back}}")], css: css,
                requirements: [[0, "any", [0]]]),
            notetype(
                .reversed, "cardbox Basic (and reversed card)", fields: ["Front", "Back"],
                templates: [
                    template("Card 1", 0, "{{Front}}", answer + "{{Back}}"),
                    template("Card 2", 1, "{{Back}}", answer + "{{Front}}"),
                ], css: css, requirements: [[0, "any", [0]], [1, "any", [1]]]),
            notetype(
                .cloze, "cardbox Cloze", fields: ["Text", "Back Extra"],
                templates: [template("Cloze", 0, "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}")],
                css: css + ".cloze {\n    font-weight: bold;\n    color: blue;\n}\n", requirements: [[0, "any", [0]]]),
        ]
        return Dictionary(uniqueKeysWithValues: all)
    }

    /// Schema 11, as Anki 2.1 writes it.
    private static let schema = """
        CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
            ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
            models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL);
        CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
            usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
            flags integer NOT NULL, data text NOT NULL);
        CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
            mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL,
            due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
            lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL,
            flags integer NOT NULL, data text NOT NULL);
        CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
            ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL,
            type integer NOT NULL);
        CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
        CREATE INDEX ix_notes_usn ON notes (usn);
        CREATE INDEX ix_cards_usn ON cards (usn);
        CREATE INDEX ix_revlog_usn ON revlog (usn);
        CREATE INDEX ix_cards_nid ON cards (nid);
        CREATE INDEX ix_cards_sched ON cards (did, queue, due);
        CREATE INDEX ix_revlog_cid ON revlog (cid);
        CREATE INDEX ix_notes_csum ON notes (csum);
        """
}
