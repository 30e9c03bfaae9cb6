import Foundation
import RollbookTestSupport
import Testing

/// Runs the built `rollbook` executable on `Fixtures/tiny-school` and checks what it prints.
///
/// The fixture: five pupils, two weeks (1 to 12 September 2025, as_of the 12th), Wednesday 10th
/// PM closed. T1 and T2 are in 7A, T3 and T4 (joined on the 8th) in 7B, T5 (left on the 5th) in
/// 8A. Its errors, by marks.csv line: 4-5 a duplicate, 13 present despite a call before the
/// register closed, 20 an invalid date, 24 an N left for 9 school days, 27-28 a conflict, 32 an
/// unknown code `l`, 41 L at 09:30, 56 a withdrawn H, 58 a mark on the closed PM, 59 still N
/// after a parent's call, 72 and 94 marks outside enrolment, 95 an unknown pupil; contacts.csv
/// line 6 an unknown pupil; T2 has no marks for Tue 2nd PM and Fri 5th AM (missing), and 7B has
/// none for Mon 1st PM (register not taken).
@Suite struct EndToEndTests {
    static let packageRoot = RollbookBinary.packageRoot
    static let fixture = packageRoot.appendingPathComponent("Tests/RollbookKitTests/Fixtures/tiny-school").path

    typealias Result = RollbookBinary.Result

    func rollbook(_ arguments: [String], in directory: String? = nil) throws -> Result {
        try RollbookBinary.run(arguments, in: directory)
    }

    /// A copy of the fixture in a temporary folder, to spoil.
    func copyOfFixture() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollbook-e2e-school-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.fixture), to: dir)
        return dir
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func checkFindsTheKnownErrors() throws {
        let r = try rollbook(["check", Self.fixture, "--format", "json"])
        #expect(r.status == 1)
        let j = try json(r.stdout)
        #expect(j["as_of"] as? String == "2025-09-12")
        let counts = try #require(j["counts"] as? [String: Int])
        #expect(counts == [
            "missing-mark": 2, "register-not-taken": 1, "present-despite-parent-call": 1, "reason-known-still-n": 1,
            "unexplained-absence-overdue": 1, "unknown-code": 1, "withdrawn-code": 1, "conflicting-marks": 1,
            "duplicate-mark": 1, "unknown-pupil": 2, "mark-outside-enrolment": 2, "mark-on-closure": 1,
            "late-code-mismatch": 1, "invalid-row": 1,
        ])
        let findings = try #require(j["findings"] as? [[String: Any]])
        #expect(findings.count == counts.values.reduce(0, +))
        func lines(_ rule: String, file: String = "Data/marks.csv") -> [Int] {
            findings.filter { $0["rule"] as? String == rule && $0["file"] as? String == file }
                .compactMap { $0["line"] as? Int }.sorted()
        }
        #expect(lines("present-despite-parent-call") == [13])
        #expect(lines("invalid-row") == [20])
        #expect(lines("unexplained-absence-overdue") == [24])
        #expect(lines("unknown-code") == [32])
        #expect(lines("late-code-mismatch") == [41])
        #expect(lines("withdrawn-code") == [56])
        #expect(lines("mark-on-closure") == [58])
        #expect(lines("reason-known-still-n") == [59])
        #expect(lines("mark-outside-enrolment") == [72, 94])
        #expect(lines("unknown-pupil") == [95])
        #expect(lines("unknown-pupil", file: "Data/contacts.csv") == [6])
        #expect([[4], [5]].contains(lines("duplicate-mark")))
        #expect([[27], [28]].contains(lines("conflicting-marks")))

        let missing = findings.filter { $0["rule"] as? String == "missing-mark" }
        #expect(Set(missing.map { "\($0["pupil_id"] as? String ?? "?") \($0["date"] as? String ?? "?") \($0["session"] as? String ?? "?")" })
                == ["T2 2025-09-02 PM", "T2 2025-09-05 AM"])
        #expect(missing.allSatisfy { $0["line"] is NSNull && $0["mark"] is NSNull })
        let notTaken = try #require(findings.first { $0["rule"] as? String == "register-not-taken" })
        #expect(notTaken["pupil_id"] is NSNull)
        #expect(notTaken["class"] as? String == "7B")
        #expect(notTaken["date"] as? String == "2025-09-01")
        #expect(notTaken["session"] as? String == "PM")
        let contact = try #require(findings.first { $0["rule"] as? String == "unknown-pupil" && $0["file"] as? String == "Data/contacts.csv" })
        #expect(contact["pupil_id"] as? String == "T8")
        #expect(contact["session"] is NSNull)
    }

    @Test func checkAsTextIsCompilerStyle() throws {
        let r = try rollbook(["check", Self.fixture])
        #expect(r.status == 1)
        #expect(r.stdout.contains("Data/marks.csv:20: error: [invalid-row]"))
        #expect(r.stdout.contains("Data/marks.csv:56: warning: [withdrawn-code]"))
    }

    @Test func asOfOnTheCommandLineOverridesTheConfig() throws {
        // On Friday 5th, T2's N of Monday 1st is only 4 school days old.
        let r = try rollbook(["check", Self.fixture, "--format", "json", "--as-of", "2025-09-05"])
        #expect(r.status == 1)
        let j = try json(r.stdout)
        #expect(j["as_of"] as? String == "2025-09-05")
        let counts = try #require(j["counts"] as? [String: Int])
        #expect(counts["unexplained-absence-overdue"] == nil)
        #expect(counts["mark-on-closure"] == nil)
        #expect(counts["unknown-pupil"] == 2)
    }

    @Test func theFolderDefaultsToTheCurrentOne() throws {
        let here = try rollbook(["check", "--format", "json"], in: Self.fixture)
        let there = try rollbook(["check", Self.fixture, "--format", "json"])
        #expect(here.status == 1)
        #expect(here.stdout == there.stdout)
    }

    @Test func statsPerPupil() throws {
        let r = try rollbook(["stats", Self.fixture, "--format", "csv"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var rows: [String: [String: String]] = [:]
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            rows[cells[0]] = Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
        #expect(rows.keys.sorted() == ["T1", "T2", "T3", "T4", "T5"])
        func number(_ id: String, _ column: String) -> Double? { rows[id]?[column].flatMap(Double.init) }

        let t1 = try #require(rows["T1"])
        #expect(t1["possible"] == "19")
        #expect(t1["attended"] == "17")
        #expect(t1["authorised"] == "2")
        #expect(t1["illness_sessions"] == "2")
        #expect(t1["persistent"] == "true")
        #expect(t1["severe"] == "false")
        #expect(number("T1", "attendance_pct").map { abs($0 - 1700.0 / 19.0) < 0.006 } == true)

        let t2 = try #require(rows["T2"])
        #expect(t2["class"] == "7A")
        #expect(t2["possible"] == "17")
        #expect(t2["present"] == "8")
        #expect(t2["unauthorised"] == "9")
        #expect(t2["missing"] == "2")
        #expect(t2["persistent"] == "true")
        #expect(t2["severe"] == "true")
        #expect(t2["unauthorised_run_days"] == "4")
        #expect(t2["penalty_window_sessions"] == "9")
        #expect(number("T2", "unauthorised_pct").map { abs($0 - 900.0 / 17.0) < 0.006 } == true)

        let t3 = try #require(rows["T3"])
        #expect(t3["possible"] == "18")
        #expect(t3["authorised"] == "1")
        #expect(t3["unauthorised"] == "1")
        #expect(t3["missing"] == "1")

        let t4 = try #require(rows["T4"])
        #expect(t4["possible"] == "9")
        #expect(t4["not_required"] == "0")
        #expect(number("T4", "attendance_pct") == 100)
        #expect(t4["persistent"] == "false")

        #expect(rows["T5"]?["possible"] == "10")
        #expect(rows["T5"]?["year_group"] == "8")
    }

    @Test func statsForTheSchoolSumSessions() throws {
        let r = try rollbook(["stats", Self.fixture, "--by", "school", "--format", "csv"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let row = Dictionary(uniqueKeysWithValues: zip(header, cells))
        #expect(row["possible"] == "73")
        #expect(row["attended"] == "60")
    }

    @Test func onlyWarningsExitWith0() throws {
        // A clean week but for one withdrawn code (a warning); the roll saved as Windows-1252.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollbook-e2e-clean-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("Data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try (StandardCalendar.yaml + "\nas_of: 2025-09-02\n").write(to: dir.appendingPathComponent("rollbook.yml"), atomically: true, encoding: .utf8)
        let roll = Array("pupil_id,forename,surname,class,year_group\nP1,Ren".utf8) + [0xE9, 0x65] + Array(",Ash,7A,7\n".utf8)
        try Data(roll).write(to: dir.appendingPathComponent("Data/pupils.csv"))
        try """
            pupil_id,date,session,mark
            P1,2025-09-01,AM,/
            P1,2025-09-01,PM,\\
            P1,2025-09-02,AM,H
            P1,2025-09-02,PM,\\

            """.write(to: dir.appendingPathComponent("Data/marks.csv"), atomically: true, encoding: .utf8)
        let r = try rollbook(["check", dir.path, "--format", "json"])
        #expect(r.status == 0)
        let counts = try #require(try json(r.stdout)["counts"] as? [String: Int])
        #expect(counts == ["withdrawn-code": 1])
        #expect(r.stderr.contains("Data/pupils.csv: warning: "))
        let stats = try rollbook(["stats", dir.path, "--format", "json"])
        #expect(stats.status == 0)
        let rows = try #require(try json(stats.stdout)["rows"] as? [[String: Any]])
        #expect(rows.first?["possible"] as? Int == 4)
        #expect(rows.first?["authorised"] as? Int == 1)
    }

    @Test func aFolderWithoutRollbookYmlExitsWith2() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("rollbook-e2e-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        for command in ["check", "stats"] {
            let r = try rollbook([command, empty.path])
            #expect(r.status == 2, "\(command)")
            #expect(r.stdout.isEmpty)
            let errorLines = r.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
            #expect(errorLines.contains { $0.hasPrefix("rollbook.yml: error: ") }, "\(r.stderr)")
        }
    }

    @Test func aMissingRequiredColumnExitsWith2() throws {
        let school = try copyOfFixture()
        defer { try? FileManager.default.removeItem(at: school) }
        let marks = school.appendingPathComponent("Data/marks.csv")
        let text = try String(contentsOf: marks, encoding: .utf8)
        try text.replacingOccurrences(of: "pupil_id,date,session,mark,", with: "pupil_id,date,session,code,")
            .write(to: marks, atomically: true, encoding: .utf8)
        for command in ["check", "stats"] {
            let r = try rollbook([command, school.path])
            #expect(r.status == 2, "\(command)")
            let line = r.stderr.split(separator: "\n").first { $0.hasPrefix("Data/marks.csv:1: error: ") }
            #expect(line?.contains("`mark`") == true, "\(r.stderr)")
        }
    }
}
