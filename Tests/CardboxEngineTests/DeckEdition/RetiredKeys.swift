import Foundation

/// First-edition card keys that a later edition dropped or merged into another card.
///
/// Read from `retired-*.tsv` files, one line per old key: `OLDKEY<TAB>merged:NEWKEY` (the content now
/// lives in the card with key NEWKEY) or `OLDKEY<TAB>dropped: reason`. Blank lines are skipped.
struct RetiredKeys {
    /// What became of a retired key.
    enum Fate: Equatable {
        case merged(into: String)
        case dropped(reason: String)
    }

    /// One line of a retired list.
    struct Entry: Equatable {
        var key: String
        var fate: Fate
        /// `file:line` of the entry.
        var location: String
    }

    /// Where a key's content is now.
    enum Resolution: Equatable {
        /// The card with this key (the key itself when it was never retired).
        case card(String)
        /// The key, or one it was merged into, was dropped.
        case dropped(key: String, reason: String)
        /// The merges lead back to a key already visited.
        case cycle([String])
    }

    var entries: [String: Entry] = [:]
    /// `file:line: what is wrong` for every malformed or repeated line.
    var problems: [String] = []

    /// Reads every `retired-*.tsv` in `folder`, in name order; a missing folder means nothing was retired.
    static func read(folder: URL) -> RetiredKeys {
        var result = RetiredKeys()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() where name.hasPrefix("retired-") && name.hasSuffix(".tsv") {
            let url = folder.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                result.problems.append("\(DeckPaths.display(url)): cannot read the file as UTF-8 text")
                continue
            }
            result.add(text: text, file: DeckPaths.display(url))
        }
        return result
    }

    /// Adds the entries of one retired list's `text`, named `file` in messages.
    mutating func add(text: String, file: String) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let location = "\(file):\(index + 1)"
            let line = line.trimmingCharacters(in: .init(charactersIn: "\r"))
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 2, !fields[0].isEmpty else {
                problems.append("\(location): expected OLDKEY<TAB>merged:NEWKEY or OLDKEY<TAB>dropped: reason")
                continue
            }
            let key = fields[0]
            let fate: Fate
            if fields[1].hasPrefix("merged:") {
                let target = fields[1].dropFirst("merged:".count).trimmingCharacters(in: .whitespaces)
                guard !target.isEmpty else {
                    problems.append("\(location): merged: needs the key of the card that took the content")
                    continue
                }
                fate = .merged(into: target)
            } else if fields[1].hasPrefix("dropped:") {
                let reason = fields[1].dropFirst("dropped:".count).trimmingCharacters(in: .whitespaces)
                guard !reason.isEmpty else {
                    problems.append("\(location): dropped: needs a one-line reason")
                    continue
                }
                fate = .dropped(reason: reason)
            } else {
                problems.append("\(location): the second field must start with merged: or dropped:")
                continue
            }
            if let earlier = entries[key] {
                problems.append("\(location): \(key) is already retired at \(earlier.location)")
                continue
            }
            entries[key] = Entry(key: key, fate: fate, location: location)
        }
    }

    /// Follows `key`'s merges to the card that holds its content now.
    func resolve(_ key: String) -> Resolution {
        var current = key
        var visited: [String] = []
        while let entry = entries[current] {
            if visited.contains(current) { return .cycle(visited + [current]) }
            visited.append(current)
            switch entry.fate {
            case .dropped(let reason): return .dropped(key: current, reason: reason)
            case .merged(let target): current = target
            }
        }
        return .card(current)
    }
}
