import Foundation
@testable import RollbookKit
import Testing

/// Issue 13 item 13: values echoed from the input are bounded.
@Suite struct EchoLimitTests {
    @Test func longListsAreCappedWithACount() {
        let items = (1...100_000).map(String.init)
        let s = Escape.list(items)
        #expect(s.hasSuffix("20 … and 99 980 more"))
        #expect(s.hasPrefix("1, 2, 3"))
        #expect(s.count < 200)
        #expect(Escape.list(["1", "2"]) == "1, 2")
    }

    @Test func longValuesAreCutTo200CharactersWithTheirLength() {
        let big = String(repeating: "y", count: 1_048_576)
        #expect(Escape.capped(big) == String(repeating: "y", count: 200) + "… (1048576 characters)")
        let short = String(repeating: "z", count: 200)
        #expect(Escape.capped(short) == short)
    }

    @Test func duplicateMarkMessageListsAtMostTwentyLines() throws {
        let rows = Array(repeating: "P1,2025-09-01,AM,/", count: 5_000).joined(separator: "\n")
        let s = TestSchool(asOf: "2025-09-01", marks: csv(TestSchool.marksHeader, rows, "P2,2025-09-01,AM,/", "P3,2025-09-01,AM,/"))
        let f = try #require(s.findings(.duplicateMark).first)
        #expect(f.message.hasSuffix("20, 21 … and 4 980 more)"))
        #expect(f.message.utf8.count < 400)
    }

    @Test func hugeMarkIsCappedInTextJSONAndCSV() throws {
        let big = String(repeating: "Q", count: 1_048_576)
        let s = TestSchool(asOf: "2025-09-01", marks: csv(TestSchool.marksHeader, "P1,2025-09-01,AM,\(big)", "P2,2025-09-01,AM,/", "P3,2025-09-01,AM,/"))
        let reg = try s.register()
        let findings = Checker.check(reg)
        let f = try #require(findings.first { $0.rule == .unknownCode })
        #expect(f.mark == String(repeating: "Q", count: 200) + "… (1048576 characters)")
        let json = CheckReport.json(findings, asOf: reg.calendar.asOf)
        let csvText = CheckReport.csv(findings, register: reg)
        #expect(json.utf8.count < 5_000)
        #expect(csvText.utf8.count < 5_000)
        #expect(json.contains("… (1048576 characters)"))
    }

    @Test func aHugeContactReasonIsCappedInMessages() throws {
        let reason = String(repeating: "r", count: 300_000)
        let s = TestSchool(asOf: "2025-09-01", marks: csv(TestSchool.marksHeader, "P1,2025-09-01,AM,N", "P2,2025-09-01,AM,/", "P3,2025-09-01,AM,/"),
                           contacts: csv(TestSchool.contactsHeader, "P1,2025-09-01,AM,absence,\(reason),,phone", "P2,2025-09-01,AM,absence,\(reason),,phone"))
        let all = s.findings()
        let f = try #require(all.first { $0.rule == .reasonKnownStillN })
        #expect(f.message.contains("… (300000 characters)"))
        #expect(f.message.utf8.count < 500)
        let g = try #require(all.first { $0.rule == .presentDespiteParentCall })
        #expect(g.message.utf8.count < 500)
    }
}
