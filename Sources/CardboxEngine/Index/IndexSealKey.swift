import Foundation

/// The secret that seals index entries: 128 random bits in a file of the user's own (mode 0600),
/// beside the default progress file and outside the index folder.
///
/// An entry written with the key records the SipHash-1-3 of its checked bytes under it (its seal).
/// A start holding the same key that finds the seal right knows the entry is one this user's cardbox
/// wrote, so it takes each card's key as belonging to its question without hashing every question
/// again. Whatever can write the index folder but not this file cannot make a right seal: an entry
/// without one (crafted, damaged, or written with another key or none) has every key checked
/// against its question, as it always had.
public struct IndexSealKey: Sendable, Equatable {
    let k0: UInt64
    let k1: UInt64

    /// The key's size in bytes, which is the key file's exact size.
    static let size = 16

    init(k0: UInt64, k1: UInt64) {
        self.k0 = k0
        self.k1 = k1
    }

    /// `$XDG_STATE_HOME/cardbox/index-seal.key`, else `~/.local/state/cardbox/index-seal.key`:
    /// the folder of the default progress file, never the cache folder.
    public static func defaultFile(environment: [String: String] = ProcessEnvironment.current) -> String {
        let progress = ProgressPaths.defaultFile(environment: environment)
        let folder = progress.lastIndex(of: "/").map { String(progress[..<$0]) } ?? "."
        return folder + "/index-seal.key"
    }

    /// The key in the file at `path`, or nil unless it is a regular file (not a link) of this user,
    /// readable and writable by no one else, of exactly `size` bytes.
    static func read(at path: String) -> IndexSealKey? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid(),
            info.st_mode & 0o077 == 0, info.st_size == off_t(size)
        else { return nil }
        var words: (UInt64, UInt64) = (0, 0)
        let count = withUnsafeMutableBytes(of: &words) { pread(descriptor, $0.baseAddress, size, 0) }
        guard count == size else { return nil }
        return IndexSealKey(k0: UInt64(littleEndian: words.0), k1: UInt64(littleEndian: words.1))
    }

    /// The key in the file at `path`, made first (random, mode 0600, its folder created) when there
    /// is no file there. Nil when it cannot be read or made, or the file there is not one `read`
    /// accepts (it is left as it is): entries are then written without a seal and checked in full.
    public static func loadOrCreate(at path: String) -> IndexSealKey? {
        if let key = read(at: path) { return key }
        var info = stat()
        guard lstat(path, &info) != 0, errno == ENOENT else { return nil }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try? FileManager.default.createDirectory(
                atPath: String(path[..<slash]), withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        // Written whole under another name, then linked into place: a start at the same moment either
        // finds no key file or the whole key, and only one of two writers' keys is ever used.
        var random = SystemRandomNumberGenerator()
        let key = IndexSealKey(k0: random.next(), k1: random.next())
        let temporary = path + ".tmp-\(getpid())-\(random.next() as UInt32)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return nil }
        defer { unlink(temporary) }
        var words = (key.k0.littleEndian, key.k1.littleEndian)
        let written = withUnsafeBytes(of: &words) { write(descriptor, $0.baseAddress, size) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == size, synced else { return nil }
        _ = link(temporary, path)
        return read(at: path)
    }
}
