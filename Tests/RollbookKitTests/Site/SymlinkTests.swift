import Foundation
@testable import RollbookKit
import Testing

/// Issue 13 item 14: symbolic links under `Themes/` and `Content/`. A link that stays inside the
/// project is followed; one that leads out of it (or nowhere, or round in a loop) is skipped
/// with a warning naming it, and never followed.
@Suite struct SymlinkTests {
    let fm = FileManager.default

    /// A project folder and, beside it, a folder outside the project.
    func makeProject() throws -> (tmp: String, project: String, outside: String) {
        let tmp = NSTemporaryDirectory() + "rollbook-symlinks-\(UUID().uuidString)"
        let project = tmp + "/project", outside = tmp + "/outside"
        for d in [project + "/Shared/campaigns", project + "/Themes/default/assets", outside + "/campaigns"] {
            try fm.createDirectory(atPath: d, withIntermediateDirectories: true)
        }
        try "---\ntitle: Shared page\n---\nInside.\n".write(toFile: project + "/Shared/campaigns/shared.md", atomically: true, encoding: .utf8)
        try "---\ntitle: Secret\n---\nOutside.\n".write(toFile: outside + "/campaigns/secret.md", atomically: true, encoding: .utf8)
        try "body{}".write(toFile: outside + "/evil.css", atomically: true, encoding: .utf8)
        try "p{}".write(toFile: project + "/Shared/extra.css", atomically: true, encoding: .utf8)
        return (tmp, project, outside)
    }

    @Test func aContentFolderLinkedInsideTheProjectIsFollowed() throws {
        let (tmp, project, _) = try makeProject()
        defer { try? fm.removeItem(atPath: tmp) }
        try fm.createSymbolicLink(atPath: project + "/Content", withDestinationPath: "Shared")
        let listing = ProjectTree.list(project: project, top: "Content")
        #expect(listing.files.map(\.path) == ["Content/campaigns/shared.md", "Content/extra.css"])
        #expect(listing.warnings.isEmpty)
        var sources = SourceFiles(builtIn: false)
        try sources.overlay(directory: project, top: "Content")
        #expect(sources.files["Content/campaigns/shared.md"]?.contains("Inside.") == true)
    }

    @Test func linksOutOfTheProjectAreNeverFollowedAndNamedInAWarning() throws {
        let (tmp, project, outside) = try makeProject()
        defer { try? fm.removeItem(atPath: tmp) }
        try fm.createDirectory(atPath: project + "/Content/campaigns", withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: project + "/Content/campaigns/secret.md", withDestinationPath: outside + "/campaigns/secret.md")
        try fm.createSymbolicLink(atPath: project + "/Content/more", withDestinationPath: "../../outside/campaigns")
        try fm.createSymbolicLink(atPath: project + "/Content/campaigns/shared.md", withDestinationPath: "../../Shared/campaigns/shared.md")
        try fm.createSymbolicLink(atPath: project + "/Content/gone.md", withDestinationPath: "nowhere.md")
        try fm.createSymbolicLink(atPath: project + "/Themes/default/assets/evil.css", withDestinationPath: outside + "/evil.css")
        try fm.createSymbolicLink(atPath: project + "/Themes/default/loop", withDestinationPath: "..")

        let content = ProjectTree.list(project: project, top: "Content")
        #expect(content.files.map(\.path) == ["Content/campaigns/shared.md"])
        let real = ProjectTree.realPath(outside)!
        #expect(content.warnings.map(\.description) == [
            "Content/campaigns/secret.md: warning: a symbolic link to `\(real)/campaigns/secret.md`, outside the project folder; not followed, skipped",
            "Content/gone.md: warning: a symbolic link that leads nowhere (to `nowhere.md`); skipped",
            "Content/more: warning: a symbolic link to `\(real)/campaigns`, outside the project folder; not followed, skipped",
        ])
        let themes = ProjectTree.list(project: project, top: "Themes")
        #expect(themes.files.isEmpty)
        #expect(themes.warnings.map(\.path) == ["Themes/default/assets/evil.css", "Themes/default/loop"])

        var sources = SourceFiles(builtIn: false)
        try sources.overlay(directory: project, top: "Content")
        try sources.overlay(directory: project, top: "Themes")
        #expect(sources.files.keys.sorted() == ["Content/campaigns/shared.md"])
        #expect(sources.warnings.count == 5)
    }

    @Test func aContentLinkOutOfTheProjectIsSkippedWhole() throws {
        let (tmp, project, outside) = try makeProject()
        defer { try? fm.removeItem(atPath: tmp) }
        try fm.createSymbolicLink(atPath: project + "/Content", withDestinationPath: outside)
        let listing = ProjectTree.list(project: project, top: "Content")
        #expect(listing.files.isEmpty)
        #expect(listing.warnings.map(\.path) == ["Content"])
    }

    @Test func theDigestSeesFilesBehindLinksInsideTheProjectOnly() throws {
        let (tmp, project, outside) = try makeProject()
        defer { try? fm.removeItem(atPath: tmp) }
        try TestSchool.standardConfig.write(toFile: project + "/rollbook.yml", atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: project + "/Content", withDestinationPath: "Shared")
        try fm.createSymbolicLink(atPath: project + "/Themes/default/assets/evil.css", withDestinationPath: outside + "/evil.css")
        let config = try ProjectLoader.loadConfig(directory: project)
        func digest() -> String { BuildManifest.digest(directory: project, config: config, linked: LinkedProjects(config: config, directory: project), asOf: day("2025-09-05"), pseudonymise: false) }
        let before = digest()
        try "---\ntitle: Shared page\n---\nChanged.\n".write(toFile: project + "/Shared/campaigns/shared.md", atomically: true, encoding: .utf8)
        let afterInside = digest()
        #expect(afterInside != before)
        try "body{color:red}".write(toFile: outside + "/evil.css", atomically: true, encoding: .utf8)
        #expect(digest() == afterInside)
    }
}
