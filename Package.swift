// swift-tools-version:6.0
import PackageDescription

// libxml2's headers, for the modules that see CLibXML2's types. Not through pkg-config, which would also
// link the library into the binary (`pkg-config --cflags libxml-2.0` names the same folder).
let libxml2Headers: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-I/usr/include/libxml2"])]

let package = Package(
    name: "cardbox",
    products: [
        .executable(name: "cardbox", targets: ["cardbox"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Anki packages are zip files.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // GitHub-flavoured Markdown (tables, strikethrough, autolinks). libcmark exports the same
        // symbols, so only this one is linked.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Anki's latest package layout compresses the collection, the media index and the media with zstd.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // Anki fields are HTML: libxml2's forgiving HTML parser reads them into a tree. Only its headers
        // are used at build time (`libxml2Headers`); the library is opened with dlopen when an Anki
        // package is read, so that it and the ICU libraries it needs are not loaded at every start.
        .systemLibrary(name: "CLibXML2", providers: [.apt(["libxml2-dev"])]),
        // The one SQLite setting made through `sqlite3_config`, which is variadic and so not imported
        // into Swift (`SQLiteProcessSettings`).
        .systemLibrary(name: "CSQLiteConfig", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "CardboxEngine",
            dependencies: [
                "CCmarkGFM", "CSQLiteConfig",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C functions, for reading the state table without a Row per card.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                // The settings file (TOML).
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // Anki import and export; the engine does not depend on it, so the study path links no zip,
        // zstd or libxml2 code it never uses.
        .target(
            name: "CardboxAnki",
            dependencies: [
                "CardboxEngine", "CCmarkGFM", "CZstd", "CLibXML2",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: libxml2Headers
        ),
        .target(
            name: "CardboxTUI",
            dependencies: ["CardboxEngine", "CNcurses"]
        ),
        .executableTarget(
            name: "cardbox",
            dependencies: [
                "CardboxEngine",
                "CardboxTUI",
                "CardboxAnki",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: libxml2Headers,
            // A release binary is linked at a fixed address: as a position-independent executable the
            // loader rewrote about 87,000 addresses in it at every start (0.7 MB of pages copied and
            // written), a quarter of the page faults of `cardbox --version`. It is linked through
            // scripts/release-ld, which takes SQLite, ncurses, cmark-gfm, zstd, zlib and libstdc++ from
            // their static archives: the loader then binds no library's symbols but libc's and libm's.
            // Debug builds stay as they were.
            linkerSettings: [
                .unsafeFlags(
                    ["-Xclang-linker", "-no-pie", "-use-ld=\(Context.packageDirectory)/scripts/release-ld"],
                    .when(configuration: .release))
            ]
        ),
        .executableTarget(
            name: "CardboxBench",
            dependencies: [
                "CardboxEngine", "CardboxTUI", "CardboxTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // What the test targets and the benchmark share: temporary folders, fixed times, a seeded
        // generator, the tmux check. No XCTest, so that the benchmark can link it.
        .target(name: "CardboxTestSupport"),
        // libFuzzer target for the deck parser (`make fuzz`); a plain build makes a replayer of saved inputs.
        .executableTarget(name: "CardboxFuzz", dependencies: ["CardboxEngine"]),
        .testTarget(
            name: "CardboxEngineTests",
            dependencies: [
                "CardboxEngine", "CardboxTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            exclude: ["FuzzRegressions"]),
        .testTarget(
            name: "CardboxTUITests",
            dependencies: ["CardboxTUI", "CardboxEngine", "CardboxTestSupport"],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(
            name: "CardboxAnkiTests",
            dependencies: [
                "CardboxAnki", "CardboxEngine", "CardboxTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: libxml2Headers
        ),
        .testTarget(
            name: "CardboxCommandTests", dependencies: ["cardbox", "CardboxEngine"], swiftSettings: libxml2Headers),
        .testTarget(name: "EndToEndTests", dependencies: ["CardboxTestSupport"]),
    ]
)
