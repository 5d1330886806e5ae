/// File and folder names made from deck and media names that can never leave the import folder.
enum SafeName {
    /// One path component: no separators, control characters or leading dots; never empty, `.` or
    /// `..`; at most 100 bytes of UTF-8.
    static func component(_ name: String, fallback: String = "untitled") -> String {
        var result = ""
        for scalar in name.unicodeScalars {
            if scalar == "/" || scalar == "\\" || scalar == ":" || scalar.value < 0x20 || scalar.value == 0x7F
                || "<>\"|?*".unicodeScalars.contains(scalar)
            {
                result.unicodeScalars.append("-")
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        result = result.trimmingCharacters(in: .whitespaces)
        while result.hasPrefix(".") { result.removeFirst() }
        while result.utf8.count > 100 { result.removeLast() }
        result = result.trimmingCharacters(in: .whitespaces)
        return result.isEmpty ? fallback : result
    }

    /// A media file name: letters, digits, `.`, `_` and `-` only, so that it needs no escaping in a
    /// Markdown link; the extension is kept.
    static func media(_ name: String) -> String {
        var result = ""
        for scalar in name.unicodeScalars {
            let ok = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
            result.unicodeScalars.append(ok || scalar == "." || scalar == "_" || scalar == "-" ? scalar : "-")
        }
        while result.hasPrefix(".") || result.hasPrefix("-") { result.removeFirst() }
        while result.utf8.count > 100 { result.removeFirst() }
        return result.isEmpty ? "file" : result
    }
}
