import CZstd
import Foundation

/// Streaming zstd decompression with a ceiling on what it may produce.
///
/// Anki's frames do not state their decompressed size, so the input is fed in chunks and the output
/// handed on in chunks; more than `limit` bytes of output is an error (a zip bomb), not a crash.
final class ZstdDecoder {
    private let stream: OpaquePointer
    private let limit: Int
    private let what: String
    private var produced = 0
    private var lastResult = 0
    private var output = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())

    init(limit: Int, what: String) throws {
        guard let stream = ZSTD_createDStream() else { throw AnkiError("out of memory while decompressing \(what)") }
        self.stream = stream
        self.limit = limit
        self.what = what
        ZSTD_initDStream(stream)
    }

    deinit { ZSTD_freeDStream(stream) }

    /// Decompresses `chunk`, passing each piece of output to `sink`.
    func feed(_ chunk: Data, sink: (Data) throws -> Void) throws {
        try chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var input = ZSTD_inBuffer(src: raw.baseAddress, size: raw.count, pos: 0)
            while input.pos < input.size {
                try step(&input, sink: sink)
            }
        }
    }

    /// Checks that the stream ended on a complete frame.
    func finish() throws {
        if lastResult != 0 { throw AnkiError("\(what) is truncated (its zstd frame does not end)") }
    }

    private func step(_ input: inout ZSTD_inBuffer, sink: (Data) throws -> Void) throws {
        let count = output.count
        let result = output.withUnsafeMutableBytes { buffer -> Int in
            var out = ZSTD_outBuffer(dst: buffer.baseAddress, size: count, pos: 0)
            let code = ZSTD_decompressStream(stream, &out, &input)
            if ZSTD_isError(code) != 0 { return -1 }
            produced += out.pos
            lastResult = code
            return out.pos
        }
        if result < 0 { throw AnkiError("\(what) is not valid zstd data") }
        if produced > limit {
            throw AnkiError("\(what) expands to more than \(ByteCountFormatter.megabytes(limit)); refusing it")
        }
        if result > 0 { try sink(Data(output[0..<result])) }
    }

    /// Decompresses a whole buffer.
    static func decompress(_ data: Data, limit: Int, what: String) throws -> Data {
        let decoder = try ZstdDecoder(limit: limit, what: what)
        var result = Data()
        try decoder.feed(data) { result.append($0) }
        try decoder.finish()
        return result
    }
}

extension ByteCountFormatter {
    /// "512 MB": a size limit as a user reads it.
    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1_000_000 ? "\(bytes / 1_000_000) MB" : "\(bytes) bytes"
    }
}
