import Foundation
import PackagePlugin

/// Embeds the default theme (`Themes/default`) and content (`Content/`) into RollbookKit: the
/// `embed-defaults` tool writes `DefaultFiles.swift` into the plugin's work folder, and reruns
/// whenever a file or folder under those two changes (a folder changes when a file is added to
/// or removed from it); it rewrites the Swift file only when its bytes change. The files in the
/// repository are the only copy.
///
/// SwiftPM keeps the list of inputs from when it last planned the build: a file created since
/// then is embedded (its folder changed), but later edits to it are noticed only once SwiftPM
/// plans again (any change to Package.swift or to a target's file list; CI always starts clean).
/// The test `embeddedDefaultsAreTheFilesOnDisk` catches a stale copy.
@main
struct EmbedDefaults: BuildToolPlugin {
    static let sources = ["Themes/default", "Content"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        var inputs: [URL] = []
        let fm = FileManager.default
        for top in Self.sources {
            let base = root.appending(path: top)
            inputs.append(base)
            guard let walker = fm.enumerator(atPath: base.path) else { continue }
            while let rel = walker.nextObject() as? String {
                if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                inputs.append(base.appending(path: rel))
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "DefaultFiles.swift")
        return [.buildCommand(
            displayName: "Embedding the default theme and content",
            executable: try context.tool(named: "embed-defaults").url,
            arguments: [output.path, root.path] + Self.sources,
            inputFiles: inputs.sorted { $0.path < $1.path },
            outputFiles: [output])]
    }
}
