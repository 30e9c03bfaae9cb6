import Foundation
@testable import RollbookKit
import Testing

/// Issue 13 item 11, spec section 7: every CSV report protects text fields a spreadsheet
/// would run as formulas with a leading `'`; numbers and JSON are left alone.
@Suite struct CSVFormulaTests {
    @Test func sharedFunctionProtectsEveryFormulaStart() {
        #expect(Escape.csvCell("=SUM(A1)") == "'=SUM(A1)")
        #expect(Escape.csvCell("+44 20") == "'+44 20")
        #expect(Escape.csvCell("-2+3") == "'-2+3")
        #expect(Escape.csvCell("@cmd") == "'@cmd")
        #expect(Escape.csvCell("\tx") == "'\tx")
        #expect(Escape.csvCell("\r=1") == "\"'\r=1\"")
        #expect(Escape.csvCell("=1,2") == "\"'=1,2\"")
        #expect(Escape.csvCell("-inf") == "'-inf")
        // Numbers stay numbers.
        for n in ["-3.5", "+12", "-1e-3", "-.5", "42", "7A"] { #expect(Escape.csvCell(n) == n) }
        #expect(Escape.csvRow(["a", "=b", "-1"]) == "a,'=b,-1")
        // The data-file writer (import, sample) is unchanged.
        #expect(Escape.csv("=x") == "=x")
    }

    static let school = TestSchool(asOf: "2025-09-02", pupils: """
        pupil_id,forename,surname,class,year_group
        =HYPERLINK(1),@Amy,-Ash,+7A,7
        P2,Ben,Birch,-7A,7
        """, marks: """
        pupil_id,date,session,mark
        =HYPERLINK(1),2025-09-01,AM,/
        P2,2025-09-01,AM,=1+1
        """)

    @Test func statsCSVProtectsIdsNamesAndClasses() throws {
        let reg = try Self.school.register()
        let text = StatsReport.csv(reg, by: .pupil)
        #expect(text.contains("\n'=HYPERLINK(1),'+7A,7,"))
        #expect(text.contains(",'@Amy,'-Ash,"))
        #expect(text.contains("\nP2,'-7A,7,"))
        let byClass = StatsReport.csv(reg, by: .class)
        #expect(byClass.contains("\n'+7A,'+7A,7,"))
        // JSON keeps the values as they are.
        let json = StatsReport.json(reg, by: .pupil)
        #expect(json.contains("\"pupil_id\": \"=HYPERLINK(1)\""))
        #expect(json.contains("\"forename\": \"@Amy\""))
    }

    @Test func checkCSVProtectsTabAndCarriageReturnToo() throws {
        let reg = try Self.school.register()
        let text = CheckReport.csv(Checker.check(reg), register: reg)
        #expect(text.contains(",'=1+1,"))
        #expect(!text.contains(",=HYPERLINK"))
        // Fields can start with a tab or a carriage return only where nothing trims them.
        let f = Finding(rule: .unknownCode, severity: .error, pupilId: "P9", className: "\tcmd", mark: "\r=1", message: "-x")
        let row = CheckReport.csv([f], register: nil).split(separator: "\n", maxSplits: 1)[1]
        #expect(row == "error,unknown-code,'\tcmd,,,P9,,\"'\r=1\",,,'-x\n")
        let json = CheckReport.json(Checker.check(reg), asOf: reg.calendar.asOf)
        #expect(json.contains("\"mark\": \"=1+1\""))
    }
}
