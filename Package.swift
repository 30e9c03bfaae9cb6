// swift-tools-version:6.0
import PackageDescription

/// Stricter checking on every Swift target: `any` spelled out for existentials, and members
/// visible only from modules a file imports itself.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Rollbook",
    // Linux only (Debian, Swift 6): the code calls Glibc directly (write, rename, flock, stat).
    // No Apple platform is declared, since none is built or tested.
    products: [
        .executable(name: "rollbook", targets: ["rollbook"]),
        .library(name: "RollbookKit", targets: ["RollbookKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/swhitty/FlyingFox.git", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(name: "CSupport"),
        // Generates DefaultFiles.swift from Themes/default and Content on every build (see Plugins/EmbedDefaults).
        .executableTarget(name: "embed-defaults", swiftSettings: strict),
        .plugin(name: "EmbedDefaults", capability: .buildTool(), dependencies: ["embed-defaults"]),
        .target(
            name: "RollbookKit",
            dependencies: [
                "CCmark",
                "CSupport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict,
            plugins: ["EmbedDefaults"]
        ),
        // `rollbook serve`: the preview server, apart so the core library does not depend on FlyingFox.
        .target(
            name: "RollbookServe",
            dependencies: ["RollbookKit", .product(name: "FlyingFox", package: "FlyingFox")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "rollbook",
            dependencies: [
                "RollbookKit",
                "RollbookServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Fuzz targets: a corpus replayer normally; libFuzzer-driven when built by scripts/fuzz.sh.
        .executableTarget(
            name: "rollbook-fuzz",
            dependencies: ["RollbookKit"],
            swiftSettings: strict + [.unsafeFlags(["-parse-as-library"])]
        ),
        // What the test targets share: the runner of the built `rollbook` binary.
        .target(name: "RollbookTestSupport", path: "Tests/RollbookTestSupport", swiftSettings: strict),
        // The library's tests; those of a command's in-process work (`Commands.*`) import the CLI module.
        .testTarget(
            name: "RollbookKitTests",
            dependencies: ["RollbookKit", "rollbook", "RollbookTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        // The preview server's tests (`rollbook serve`), beside its own target.
        .testTarget(
            name: "RollbookServeTests",
            dependencies: ["RollbookKit", "RollbookServe", "rollbook", "RollbookTestSupport"],
            swiftSettings: strict
        ),
        // End-to-end and bad-input tests: the built `rollbook` binary, its output and exit status.
        .testTarget(
            name: "RollbookCLITests",
            dependencies: ["RollbookKit", "RollbookTestSupport"],
            swiftSettings: strict
        ),
    ]
)
