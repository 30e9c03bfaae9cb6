import Foundation
import Testing
@testable import RollbookKit
@testable import rollbook

@Suite("rollbook init")
struct InitTests {
    static func tempDir() -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("rollbook-init-\(UUID().uuidString)").path
        return d
    }

    @Test func newProjectChecksAndBuildsClean() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let made = Commands.initProject(directory: dir + "/school", schoolName: "Oak Hill Primary", today: Day(parsing: "2026-11-30")!)
        #expect(made.status == 0, "\(made.stderr)")
        for f in ["rollbook.yml", "Data/pupils.csv", "Data/marks.csv", "Data/contacts.csv", "Data/actions.csv",
                  "Content/campaigns/our-school-day.md", "Content/letters/illness.md", "Themes/README.md", ".gitignore"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/school/" + f), "missing \(f)")
        }
        let check = Commands.check(directory: dir + "/school", asOf: nil, format: .text, today: Day(parsing: "2026-11-30")!)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stderr.isEmpty, "\(check.stderr)")
        let build = Commands.build(directory: dir + "/school", asOf: nil, output: nil, verbose: false, today: Day(parsing: "2026-11-30")!)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.isEmpty, "\(build.stderr)")
        // The example page is on the parents' site, with the school's name and closing time filled in.
        let page = try String(contentsOfFile: dir + "/school/site/parents/our-school-day.html", encoding: .utf8)
        #expect(page.contains("Every day at Oak Hill Primary starts with the register."))
        #expect(page.contains("closes at <strong>9:15am</strong>"))
        #expect(!page.contains("{{"))
    }

    @Test func calendarIsMarkedAsAnExampleAndParses() throws {
        let p = NewProject(schoolName: "A \"quoted\" school: #1", today: Day(parsing: "2027-03-10")!)
        let yaml = p.files().first { $0.path == "rollbook.yml" }!.text
        #expect(yaml.contains("EXAMPLE CALENDAR: REPLACE IT WITH YOUR SCHOOL'S OWN TERM DATES"))
        #expect(yaml.contains("local authority"))
        let config = try ProjectConfig.parse(yaml: yaml)
        #expect(config.schoolName == "A \"quoted\" school: #1")
        #expect(config.yearStart == Day(parsing: "2026-09-01"))
        #expect(config.terms.count == 6)
        // Every term starts and ends on a weekday, in order, inside the year.
        for t in config.terms {
            #expect(t.start.isWeekday && t.end.isWeekday, "\(t)")
            #expect(config.yearStart <= t.start && t.end <= config.yearEnd)
        }
        // Summer half-term holds the late May bank holiday (2027-05-31).
        let may31 = Day(parsing: "2027-05-31")!
        #expect(!config.terms.contains { $0.start <= may31 && may31 <= $0.end })
    }

    @Test func dataFilesHaveTheSpecHeaders() throws {
        let files = Dictionary(uniqueKeysWithValues: NewProject().files().map { ($0.path, $0.text) })
        #expect(files["Data/pupils.csv"]!.hasPrefix("pupil_id,upn,forename,surname,class,year_group,admitted,left,"))
        #expect(files["Data/marks.csv"] == "pupil_id,date,session,mark,minutes_late,recorded_at\n")
        #expect(files["Data/contacts.csv"] == "pupil_id,date,session,kind,reason,received_at,channel\n")
        #expect(files["Data/actions.csv"] == "pupil_id,date,action,detail,review_by,by\n")
    }

    @Test func refusesAFolderThatIsNotEmpty() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "mine".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        let out = Commands.initProject(directory: dir, schoolName: nil)
        #expect(out.status == 2)
        #expect(out.stderr.contains("is not empty"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["notes.txt"])
        // An empty folder is fine.
        try FileManager.default.removeItem(atPath: dir + "/notes.txt")
        #expect(Commands.initProject(directory: dir, schoolName: nil).status == 0)
    }

    @Test func themesNoteListsTheDefaultThemeFiles() {
        let note = NewProject.themesNote()
        #expect(note.contains("`Themes/default/parents/page.mustache`"))
        #expect(note.contains("theme: myschool"))
    }
}
