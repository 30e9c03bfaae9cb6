import Foundation
import RollbookKit
import Testing

/// Spec section 7: `rollbook check --format json` and the exit status.
@Suite struct CheckReportTests {
    /// 7A: P2 has no PM mark (missing-mark, no line). 7B: no PM register at all.
    /// Line 5: an unknown code; line 6: an unknown pupil; line 7: a withdrawn code (a warning).
    static let school = TestSchool(marks: """
        pupil_id,date,session,mark
        P1,2025-09-01,AM,/
        P1,2025-09-01,PM,\\
        P2,2025-09-01,AM,/
        P3,2025-09-01,AM,"<b>"
        P9,2025-09-01,AM,/
        P3,2025-09-01,AM,H
        """)

    func json() throws -> [String: Any] {
        let findings = Self.school.findings()
        let text = CheckReport.json(findings, asOf: day("2025-09-01"))
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func topLevelKeys() throws {
        let j = try json()
        #expect(Set(j.keys) == ["as_of", "findings", "counts"])
        #expect(j["as_of"] as? String == "2025-09-01")
    }

    @Test func everyFindingHasTheSpecKeys() throws {
        let findings = try #require(try json()["findings"] as? [[String: Any]])
        #expect(findings.count == 5)
        let keys: Set<String> = ["rule", "severity", "pupil_id", "class", "date", "session", "mark", "message", "file", "line"]
        for f in findings { #expect(keys.isSubset(of: Set(f.keys))) }
    }

    @Test func nullWhereThereIsNothingToSay() throws {
        let findings = try #require(try json()["findings"] as? [[String: Any]])
        let missing = try #require(findings.first { $0["rule"] as? String == "missing-mark" })
        #expect(missing["severity"] as? String == "error")
        #expect(missing["pupil_id"] as? String == "P2")
        #expect(missing["class"] as? String == "7A")
        #expect(missing["date"] as? String == "2025-09-01")
        #expect(missing["session"] as? String == "PM")
        #expect(missing["mark"] is NSNull)
        #expect(missing["line"] is NSNull)
        #expect(missing["file"] as? String == "Data/marks.csv")
        let notTaken = try #require(findings.first { $0["rule"] as? String == "register-not-taken" })
        #expect(notTaken["pupil_id"] is NSNull)
        #expect(notTaken["class"] as? String == "7B")
        #expect(notTaken["line"] is NSNull)
    }

    @Test func linesAndMarksAreThoseOfTheRow() throws {
        let findings = try #require(try json()["findings"] as? [[String: Any]])
        let unknown = try #require(findings.first { $0["rule"] as? String == "unknown-code" })
        #expect(unknown["line"] as? Int == 5)
        #expect(unknown["mark"] as? String == "<b>")
        let pupil = try #require(findings.first { $0["rule"] as? String == "unknown-pupil" })
        #expect(pupil["line"] as? Int == 6)
        #expect(pupil["pupil_id"] as? String == "P9")
        #expect(pupil["class"] is NSNull)
        let withdrawn = try #require(findings.first { $0["rule"] as? String == "withdrawn-code" })
        #expect(withdrawn["severity"] as? String == "warning")
        #expect(withdrawn["line"] as? Int == 7)
    }

    @Test func countsPerRule() throws {
        let counts = try #require(try json()["counts"] as? [String: Int])
        // 7B's AM register was taken: P3's H is a valid mark (only the `<b>` row is not).
        #expect(counts == [
            "missing-mark": 1, "register-not-taken": 1, "unknown-code": 1, "unknown-pupil": 1, "withdrawn-code": 1,
        ])
    }

    @Test func noFindingsIsStillValidJSON() throws {
        let text = CheckReport.json([], asOf: day("2025-09-01"))
        let j = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((j["findings"] as? [Any])?.isEmpty == true)
        #expect((j["counts"] as? [String: Any])?.isEmpty == true)
    }

    @Test func exitStatus() throws {
        let all = Self.school.findings()
        #expect(CheckReport.exitCode(all) == 1)
        let warnings = all.filter { $0.severity == .warning }
        #expect(!warnings.isEmpty)
        #expect(CheckReport.exitCode(warnings) == 0)
        #expect(CheckReport.exitCode([]) == 0)
    }

    @Test func severitiesFollowTheSpec() throws {
        let expected: [String: Severity] = [
            "missing-mark": .error, "register-not-taken": .error, "present-despite-parent-call": .error,
            "reason-known-still-n": .warning, "unexplained-absence-overdue": .error, "unknown-code": .error,
            "withdrawn-code": .warning, "conflicting-marks": .error, "duplicate-mark": .warning,
            "unknown-pupil": .error, "mark-outside-enrolment": .error, "mark-on-closure": .warning,
            "late-code-mismatch": .warning, "invalid-row": .error,
        ]
        for (id, severity) in expected {
            let rule = try #require(Checker.rule(id: id), "no rule \(id)")
            #expect(rule.severity == severity, "\(id)")
        }
    }
}
