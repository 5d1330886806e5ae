import Foundation

/// Assigns each Anki media file that a card uses a safe, unique name under `media/`. A class: every
/// field's conversion adds to the one table without copying it.
final class MediaNames {
    /// Anki's file name → the name written under `media/`.
    private(set) var used: [String: String] = [:]
    private var taken: Set<String> = []
    private let available: Set<String>

    init(available: [String]) {
        self.available = Set(available)
    }

    /// The safe name for a file the package has, or nil for an address that is not a packaged file.
    func name(for reference: String) -> String? {
        let decoded = reference.removingPercentEncoding ?? reference
        let original = available.contains(reference) ? reference : available.contains(decoded) ? decoded : nil
        guard let original else { return nil }
        if let name = used[original] { return name }
        let safe = SafeName.media(original)
        var candidate = safe
        var number = 2
        while taken.contains(candidate.lowercased()) {
            let ext = (safe as NSString).pathExtension
            let stem = (safe as NSString).deletingPathExtension
            candidate = ext.isEmpty ? "\(stem)-\(number)" : "\(stem)-\(number).\(ext)"
            number += 1
        }
        taken.insert(candidate.lowercased())
        used[original] = candidate
        return candidate
    }
}
