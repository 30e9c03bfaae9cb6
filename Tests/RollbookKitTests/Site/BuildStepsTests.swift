import Foundation
import Testing
@testable import RollbookKit

/// `SiteBuilder.run` as named steps: each timed, and a failure names the step it stopped in.
@Suite struct BuildStepsTests {
    static let today = Day(parsing: "2026-01-01")!

    @Test func aBuildTimesEachNamedStepInOrder() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        let r = try SiteBuilder(.init(directory: p.dir, today: Self.today)).run()
        #expect(r.steps.map(\.name) == ["output folder", "digest", "read", "check", "analyse", "theme", "render parents",
                                        "privacy check", "letters", "render intranet", "render pupils", "static files", "swap"])
        #expect(r.steps.allSatisfy { $0.seconds >= 0 })
        // Built again with nothing changed: the digest step finds the site up to date.
        let again = try SiteBuilder(.init(directory: p.dir, today: Self.today)).run()
        #expect(again.upToDate)
        #expect(again.steps.map(\.name) == ["output folder", "digest"])
        #expect(again.pages == r.pages)
    }

    @Test func aPupilNamedOnAParentsPageStopsTheBuildInThePrivacyCheckStep() throws {
        let p = try SiteTestProject(files: ["Content/campaigns/well-done.md": "---\ntitle: Well done\n---\nWell done, Amelia Jones!\n"])
        defer { p.remove() }
        let e = try #require(throws: SiteBuilder.BuildError.self) {
            _ = try SiteBuilder(.init(directory: p.dir, today: Self.today)).run()
        }
        #expect(e.step == "privacy check")
        #expect(e.error is InputError)
        #expect(e.description.contains("contains the name of pupil P1"))
        #expect(e.diagnostics.count == (e.error as! InputError).diagnostics.count)
        #expect(!p.exists("parents/index.html"))
    }

    @Test func anUnreadableRegisterStopsTheBuildInTheReadStep() throws {
        let p = try SiteTestProject(pupils: "pupil_id,forename\nP1,Amelia\n")
        defer { p.remove() }
        let e = try #require(throws: SiteBuilder.BuildError.self) {
            _ = try SiteBuilder(.init(directory: p.dir, today: Self.today)).run()
        }
        #expect(e.step == "read")
        #expect(e.description.contains("pupils.csv"))
    }

    @Test func aBadOutputFolderStopsTheBuildInItsFirstStep() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        let e = try #require(throws: SiteBuilder.BuildError.self) {
            _ = try SiteBuilder(.init(directory: p.dir, output: p.dir, today: Self.today)).run()
        }
        #expect(e.step == "output folder")
        #expect(e.description.contains("refusing to build here"))
    }
}
