import CardboxEngine
import Foundation

/// What `o` opens: a card's first http(s) link, or an image file inside its deck's folder.
public enum OpenTarget: Hashable, Sendable {
    /// An `http://` or `https://` address.
    case link(String)
    /// An image as written in the deck (`path`), which must be a file inside `folder`, the folder of
    /// the deck file that names it.
    case image(path: String, folder: String)

    /// The first link or image of `text` that `o` may open: an http(s) address, or an image given by a
    /// relative or absolute path (never a `file:` or any other scheme). Nil when there is none.
    public static func first(in texts: [StyledText], deckFile: String) -> OpenTarget? {
        for text in texts {
            for block in text.blocks {
                for span in block.spans {
                    guard let url = span.url, !url.isEmpty,
                        span.style.contains(.link) || span.style.contains(.image)
                    else { continue }
                    if isWebAddress(url) { return .link(url) }
                    if span.style.contains(.image), !url.contains(":") || url.hasPrefix("/") {
                        let folder = (deckFile as NSString).deletingLastPathComponent
                        return .image(path: url, folder: folder.isEmpty ? "." : folder)
                    }
                }
            }
        }
        return nil
    }

    /// The address or the image's path as the deck writes it.
    public var written: String {
        switch self {
        case .link(let url): url
        case .image(let path, _): path
        }
    }

    /// True for an `http://` or `https://` address with something after the scheme.
    static func isWebAddress(_ url: String) -> Bool {
        let lower = url.lowercased()
        return (lower.hasPrefix("https://") && lower.count > 8) || (lower.hasPrefix("http://") && lower.count > 7)
    }

    /// What to hand to the opener: the address, or the image's real path once it is known to be a
    /// regular file inside the deck's folder (links followed first, so none leads out of it).
    /// Otherwise, why not, as one line.
    public func resolved() -> Result<String, OpenRefusal> {
        switch self {
        case .link(let url):
            guard Self.isWebAddress(url), !url.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
            else { return .failure(OpenRefusal("not an http(s) address: \(url)")) }
            return .success(url)
        case .image(let path, let folder):
            let joined = path.hasPrefix("/") ? path : folder + "/" + path
            guard let real = Self.realPath(joined) else { return .failure(OpenRefusal("no such image: \(path)")) }
            guard let root = Self.realPath(folder), real.hasPrefix(root == "/" ? "/" : root + "/") else {
                return .failure(
                    OpenRefusal(
                        "the image \(path) is outside the deck's folder; only images beside the deck are opened"))
            }
            var info = stat()
            guard stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                return .failure(OpenRefusal("not a file: \(path)"))
            }
            return .success(real)
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
