import RollbookKit
import Testing

@Suite struct DiagnosticTests {
    @Test func oneFormatterForEveryProblem() {
        let at = FileLocation(path: "Data/marks.csv", line: 812)
        #expect(CompilerStyle.line(at, .error, rule: "missing-mark", "no mark") == "Data/marks.csv:812: error: [missing-mark] no mark")
        #expect(CompilerStyle.line(FileLocation(path: "rollbook.yml"), .warning, "odd") == "rollbook.yml: warning: odd")
        #expect(CompilerStyle.line(nil as FileLocation?, .error, "no input") == "error: no input")
        #expect(Diagnostic(path: "Data/pupils.csv", line: 3, "bad").description == "Data/pupils.csv:3: error: bad")
        #expect(Diagnostic(.warning, path: "rollbook.yml", "x").description == "rollbook.yml: warning: x")
        #expect(ImportNote(.warning, file: "school.xml", upn: "A123", "no DOB").description == "school.xml: UPN A123: warning: no DOB")
        #expect(ImportNote(.error, file: "marks.csv", line: 4, "bad date").description == "marks.csv:4: error: bad date")
    }

    @Test func aFindingPrintsThroughTheSameFormatter() throws {
        let school = TestSchool(marks: "pupil_id,date,session,mark\nP1,2025-09-01,AM,/\nP1,2025-09-01,PM,l")
        let f = try #require(school.findings(.unknownCode).first)
        #expect(f.compilerStyle == CompilerStyle.line(FileLocation(path: "Data/marks.csv", line: 3), .error, rule: "unknown-code", f.message))
        #expect(f.compilerStyle.hasPrefix("Data/marks.csv:3: error: [unknown-code] Amy Ash (7A) 2025-09-01 PM marked "))
        #expect(f.location.source == FileLocation(path: "Data/marks.csv", line: 3))
        var g = f
        g.file = "school/Data/marks.csv"
        #expect((g.file, g.line) == ("school/Data/marks.csv", 3))
    }

    @Test func ruleIdsAreTypedAndUnique() {
        #expect(RuleID(rawValue: "missing-mark") == .missingMark)
        #expect(RuleID(rawValue: "missing-mrak") == nil)
        let ids = Checker.rules.map(\.id)
        #expect(Set(ids).count == ids.count)
        for id in ids { #expect(RuleID(rawValue: id.rawValue) == id) }
        #expect(Checker.rule(id: .duplicatePupil)?.severity == .error)
    }

    @Test func severityOrdersErrorsFirst() {
        #expect(Severity.error < Severity.warning)
        #expect(Severity.allCases.map(\.rawValue) == ["error", "warning"])
    }
}
