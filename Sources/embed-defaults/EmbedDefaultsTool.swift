// Writes the Swift source that embeds Rollbook's built-in files (the default theme and content)
// into the binary. Run by the EmbedDefaults build-tool plugin whenever one of those files or
// folders changes; nothing it writes is checked in.
//
// Usage: embed-defaults OUTPUT ROOT FOLDER...
// Every regular file under ROOT/FOLDER (hidden files skipped) becomes one entry of
// `DefaultFiles.all`, keyed by its `/`-separated path relative to ROOT, sorted by that path.
import Foundation

#if FUZZING
// The libFuzzer build (`scripts/fuzz.sh`) links every executable with libFuzzer, whose own `main`
// calls `LLVMFuzzerInitialize` first: the tool does its work there and exits, so the plugin runs
// it as usual.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> Int32 {
    EmbedDefaultsTool.run(CommandLine.arguments)
    exit(0)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { 0 }
#endif

/// An `@main` type rather than top-level code, so the tool also builds when SwiftPM compiles
/// executables as libraries (the libFuzzer build).
#if !FUZZING
@main
#endif
enum EmbedDefaultsTool {
    static func main() { run(CommandLine.arguments) }

    static func run(_ args: [String]) {
        guard args.count >= 3 else {
            FileHandle.standardError.write(Data("usage: embed-defaults OUTPUT ROOT FOLDER...\n".utf8))
            exit(2)
        }
        let output = args[1], root = args[2]
        let fm = FileManager.default

        /// A raw string literal that holds `text` exactly, with enough `#` to need no escaping.
        func literal(_ text: String) -> String {
            var hashes = "#"
            while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
            return hashes + "\"\"\"\n" + text + "\n\"\"\"" + hashes
        }

        var paths: [String] = []
        for top in args.dropFirst(3) {
            guard let walker = fm.enumerator(atPath: root + "/" + top) else { continue }
            while let rel = walker.nextObject() as? String {
                if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: root + "/" + top + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                    paths.append(top + "/" + rel)
                }
            }
        }
        paths.sort()

        var out = """
        // Generated at build time by the EmbedDefaults plugin from Themes/default and Content. Not checked in.
        // The binary carries these so that Rollbook works from any folder.

        enum DefaultFiles {
            /// Project-relative path and text of every built-in file.
            static let all: [(path: String, text: String)] = [

        """
        for rel in paths {
            guard let data = fm.contents(atPath: root + "/" + rel), let text = String(data: data, encoding: .utf8) else {
                FileHandle.standardError.write(Data("\(root)/\(rel): error: cannot read as UTF-8 text\n".utf8))
                exit(1)
            }
            out += "        (\"\(rel)\", \(literal(text))),\n"
        }
        out += "    ]\n}\n"
        let new = Data(out.utf8)
        // Leave the file alone when nothing changed, so the library is not recompiled for nothing.
        if fm.contents(atPath: output) != new {
            do { try new.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                FileHandle.standardError.write(Data("\(output): error: \(error)\n".utf8))
                exit(1)
            }
        }
    }
}
