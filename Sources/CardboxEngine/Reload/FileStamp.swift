import Foundation

/// What `stat` says about a file or folder that changes when its content or its entries do: size,
/// modification and status-change times to the nanosecond, inode and device.
struct FileStamp: Hashable, Sendable {
    var size: Int64
    var modified: Int64
    var changed: Int64
    var inode: UInt64
    var device: UInt64
    var isFolder: Bool

    init(size: Int64, modified: Int64, changed: Int64, inode: UInt64, device: UInt64, isFolder: Bool) {
        self.size = size
        self.modified = modified
        self.changed = changed
        self.inode = inode
        self.device = device
        self.isFolder = isFolder
    }

    /// The stamp of `path`, following a symbolic link; nil when it does not exist or cannot be read.
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The stamp `info` describes.
    init(_ info: stat) {
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        inode = UInt64(info.st_ino)
        device = UInt64(info.st_dev)
        isFolder = (info.st_mode & S_IFMT) == S_IFDIR
    }
}
