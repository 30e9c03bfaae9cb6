import ArgumentParser
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RollbookKit
import RollbookServe

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site in a browser: build into a private folder, serve it on 127.0.0.1, rebuild and reload on every change.",
        discussion: """
            Watches rollbook.yml, Data/, Content/ and Themes/; open pages reload after each rebuild, and show the \
            problems (file:line) while the build fails. Never touches the project's site/ folder. Ctrl-C stops and \
            removes the private folder. Serves this computer only (127.0.0.1): the staff pages hold pupils' data.
            """)

    @OptionGroup var project: ProjectOptions
    @Option(help: ArgumentHelp("The port (default: the first free one from 8000).", valueName: "n")) var port: UInt16?

    func run() throws {
        let session: ServeSession
        do {
            session = try ServeSession(.init(directory: project.directory, asOf: project.asOf, port: port, pseudonymise: project.pseudonymise),
                                       say: { say($0) }, warn: { warn($0) })
        } catch {
            warn("\(error)")
            Glibc.exit(2)
        }
        // Ctrl-C (and a polite kill) stop the server and remove the private folder.
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .main)
            source.setEventHandler {
                Task {
                    await session.stop()
                    say("\nStopped; removed \(session.folder).")
                    Glibc.exit(0)
                }
            }
            source.resume()
            Serve.sources.append(source)
        }
        Task {
            do {
                let url = try await session.start()
                say("Serving \(session.state.schoolName) at \(url)  (staff: \(url)intranet/index.html, parents: \(url)parents/index.html)\n"
                    + "Watching rollbook.yml, Data/, Content/ and Themes/ in \(project.directory); building in \(session.folder)."
                    + " Press Ctrl-C to stop.")
            } catch {
                await session.stop()
                warn("\(error)")
                Glibc.exit(2)
            }
        }
        dispatchMain()
    }

    nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []
}

/// A line to stdout / stderr, written at once.
func say(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }
func warn(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
