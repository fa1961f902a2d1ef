// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "fclog",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fclog", targets: ["fclog"]),
        .library(name: "FCLogCore", targets: ["FCLogCore"]),
        // The `lines` view for the sqlite3 shell and Datasette: `.load .build/release/libfcloglines`.
        .library(name: "fcloglines", type: .dynamic, targets: ["CFCLogLines"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]
        ),
        .target(
            name: "CFCLogLines",
            dependencies: ["CSQLite", "CZstd"]
        ),
        .target(
            name: "FCLogCore",
            dependencies: ["CSQLite", "CZlib", "CFCLogLines"],
            swiftSettings: [
                // The hot loop touches class state per line; release builds skip the runtime exclusivity checks.
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
            ]
        ),
        .executableTarget(
            name: "fclog",
            dependencies: [
                "FCLogCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Atomics", package: "swift-atomics"),
            ],
            plugins: ["BuildInfo"]
        ),
        .plugin(name: "BuildInfo", capability: .buildTool()),
        .executableTarget(
            name: "fclog-bench",
            dependencies: [
                "FCLogCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "FCLogTests",
            dependencies: ["FCLogCore", "fclog"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
