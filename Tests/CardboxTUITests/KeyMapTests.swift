import Foundation
import XCTest

@testable import CardboxTUI

/// The keymaps are the one declaration of the keys: the README's table must say the same.
final class KeyMapTests: XCTestCase {
    /// README's "where" column, to the keymap of that mode.
    private let places: [String: String] = [
        "tree": "Topic tree", "card": "Session", "answer shown": "Session", "browse": "Session",
        "session": "Session", "statistics": "Statistics", "search": "Search", "summary": "Summary",
        "anywhere": "Anywhere",
    ]
    private let maps: [KeyMap] = [.tree, .session, .statistics, .search, .summary, .anywhere]

    /// README spellings of keys that are not a single character.
    private let names: [String: Key] = [
        "↑": .up, "↓": .down, "←": .left, "→": .right, "PgUp": .pageUp, "PgDn": .pageDown, "Home": .home,
        "End": .end, "Enter": .enter, "Space": .space, "Esc": .escape, "Tab": .tab, "S-Tab": .backTab,
        "Ctrl-C": .ctrlC, "Backspace": .backspace,
    ]

    /// "Map: key" for every key the README's keys table lists.
    private func readmeKeys() throws -> Set<String> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try XCTUnwrap(readme.components(separatedBy: "\n## Keys\n").dropFirst().first)
            .components(separatedBy: "\n## ")[0]
        var keys = Set<String>()
        for line in section.split(separator: "\n")
        where line.hasPrefix("| ") && !line.hasPrefix("| key ") && !line.hasPrefix("| ---") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let map = try XCTUnwrap(places[cells[1]], "unknown place '\(cells[1])' in: \(line)")
            // Keys in backticks are whole (`/` is a key); the rest is split at commas and slashes.
            var cell = cells[0]
            var tokens: [String] = []
            while let open = cell.firstIndex(of: "`"),
                let close = cell[cell.index(after: open)...].firstIndex(of: "`")
            {
                tokens.append(String(cell[cell.index(after: open)..<close]))
                cell.removeSubrange(open...close)
            }
            tokens += cell.split(whereSeparator: { ", /".contains($0) }).map(String.init)
            for token in tokens {
                let key = try XCTUnwrap(
                    names[token] ?? (token.count == 1 ? Key.char(Character(token)) : nil),
                    "unknown key '\(token)' in: \(line)")
                keys.insert("\(map): \(key)")
            }
        }
        return keys
    }

    func testTheReadmeListsEveryBoundKeyAndNoOther() throws {
        var bound = Set<String>()
        for map in maps {
            for binding in map.bindings {
                for entry in binding.keys { bound.insert("\(map.title): \(entry.key)") }
            }
        }
        let listed = try readmeKeys()
        XCTAssertEqual(bound.subtracting(listed).sorted(), [], "bound, but not in the README's keys table")
        XCTAssertEqual(listed.subtracting(bound).sorted(), [], "in the README's keys table, but not bound")
    }

    func testNoKeyIsBoundTwiceInOneMode() {
        for map in maps {
            let keys = map.bindings.flatMap { $0.keys.map(\.key) }
            XCTAssertEqual(Set(keys).count, keys.count, map.title)
        }
    }

    /// Every mode's keys, search and the summary's included, and what their other keys do.
    func testTheHelpOverlayListsEveryBindingOfEveryMode() {
        let sections = HelpOverlay.sections(.unicode)
        for map in maps {
            let rows = sections.first { $0.title == map.title }?.rows.map(\.1) ?? []
            XCTAssertFalse(rows.isEmpty, "no \(map.title) section in the help")
            for binding in map.bindings + (map.otherKeys.map { [$0.binding] } ?? []) {
                XCTAssertTrue(rows.contains(binding.help), "\(map.title): \(binding.help)")
            }
        }
    }

    func testArrowPlaceholdersAreDrawnInTheThemesGlyphs() {
        XCTAssertEqual(KeyBinding.draw("{up} {down}  k j", .unicode), "↑ ↓  k j")
        XCTAssertEqual(KeyBinding.draw("{left}/{right}{up}", .ascii), "</>^")
        XCTAssertEqual(KeyBinding.draw("{ {upper} {up", .unicode), "{ {upper} {up", "not a placeholder: kept")
        XCTAssertEqual(KeyBinding.draw("{{right}}", .unicode), "{→}")
        XCTAssertEqual(KeyBinding.draw("no braces", .ascii), "no braces")
        // Every label and short label of every keymap draws as the chain of replacements drew it.
        for map in maps {
            for binding in map.bindings {
                for template in [binding.label, binding.shortLabel] {
                    let chained = template.replacingOccurrences(of: "{up}", with: "↑")
                        .replacingOccurrences(of: "{down}", with: "↓").replacingOccurrences(of: "{left}", with: "←")
                        .replacingOccurrences(of: "{right}", with: "→")
                    XCTAssertEqual(KeyBinding.draw(template, .unicode), chained, template)
                }
            }
        }
    }
}
