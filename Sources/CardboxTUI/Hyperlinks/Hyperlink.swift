/// OSC 8 hyperlinks: which addresses become links, when the terminal is asked to show them, and the
/// escape sequences that open and close one.
///
/// The sequence is `ESC ] 8 ; ; URL ESC \`; the address is percent-encoded to printable ASCII, so no
/// byte of a deck can end the sequence early or start another one.
public enum Hyperlink {
    /// Longest address made a link; some terminals drop longer ones.
    static let maximumLength = 2_000

    /// The address as it goes into the escape sequence, for `http`, `https` and `mailto` addresses
    /// only; nil for anything else (a relative path, an image, another scheme).
    public static func address(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") else {
            return nil
        }
        var encoded = ""
        for byte in url.utf8 {
            if (0x21...0x7E).contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded.utf8.count <= maximumLength ? encoded : nil
    }

    /// Whether to send hyperlinks: `CARDBOX_HYPERLINKS=0` (or `off`, `no`, `false`) turns them off
    /// and `1` (`on`, `yes`, `true`) on; otherwise they are on except where the terminal is known not
    /// to pass them through (the Linux console, `dumb`, old hardware terminals, GNU screen).
    public static func enabled(environment: [String: String]) -> Bool {
        switch environment["CARDBOX_HYPERLINKS"]?.lowercased() {
        case "0", "off", "no", "false": return false
        case "1", "on", "yes", "true": return true
        default: break
        }
        let term = environment["TERM"] ?? ""
        if term.isEmpty || term == "dumb" || term == "linux" { return false }
        if ["vt", "cons", "ansi", "sun", "wy"].contains(where: term.hasPrefix) { return false }
        if environment["STY"] != nil && environment["TMUX"] == nil { return false }
        return true
    }

    /// The bytes that start a link to `address` (already passed through `address(_:)`).
    static func open(_ address: String) -> String { "\u{1B}]8;;" + address + "\u{1B}\\" }

    /// The bytes that end a link.
    static let close = "\u{1B}]8;;\u{1B}\\"
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
