import Foundation
import Testing
@testable import RollbookKit
@testable import rollbook

/// `rollbook check` and `rollbook stats` on the three-school trust of `TrustTestProject`
/// (spec section 10): each school read with its own calendar and registers, outputs exact.
@Suite struct TrustCommandTests {
    let today = TrustTestProject.today

    @Test func checkCSVNamesTheSchoolAndTheFileFromTheTrustFolder() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        let o = Commands.check(directory: t.dir, asOf: nil, format: .csv, today: today)
        #expect(o.status == 1)
        #expect(o.stderr == "")
        #expect(o.stdout == """
            school,severity,rule,class,date,session,pupil_id,pupil_name,mark,file,line,message
            Alpha Primary,error,missing-mark,7A,2025-09-02,PM,P2,Ben Birch,,schools/alpha/Data/marks.csv,,Ben Birch (7A) 2025-09-02 PM has no mark
            Beta Academy,warning,mark-on-closure,3B,2025-09-01,AM,P2,Dan Dune,/,schools/beta/Data/marks.csv,8,Dan Dune (3B) 2025-09-01 AM marked / but this is not a school session (school holiday)
            Gamma School,error,register-not-taken,RB,2025-09-01,AM,,,,gamma/Data/marks.csv,,RB 2025-09-01 AM: register not taken (none of the 1 pupil on roll has a mark)
            Gamma School,error,register-not-taken,RB,2025-09-01,PM,,,,gamma/Data/marks.csv,,RB 2025-09-01 PM: register not taken (none of the 1 pupil on roll has a mark)
            Gamma School,warning,late-code-mismatch,RA,2025-09-01,PM,P1,Eve Elm,L,gamma/Data/marks.csv,3,"Eve Elm (RA) 2025-09-01 PM marked L but arrived at 13:40 (40 minutes late), after the register closed at 13:20; should be U"

            """)
    }

    @Test func checkJSONHasSchoolOnEveryFindingAndNoSharedAsOf() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        let o = Commands.check(directory: t.dir, asOf: nil, format: .json, today: today)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
        #expect(json["as_of"] is NSNull)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.map { $0["school"] as? String } == ["Alpha Primary", "Beta Academy", "Gamma School", "Gamma School", "Gamma School"])
        #expect(findings.map { $0["file"] as? String } == ["schools/alpha/Data/marks.csv", "schools/beta/Data/marks.csv",
                                                             "gamma/Data/marks.csv", "gamma/Data/marks.csv", "gamma/Data/marks.csv"])
        #expect(findings.map { $0["pupil_id"] as? String } == ["P2", "P2", nil, nil, "P1"])
        #expect(findings.map { $0["line"] as? Int } == [nil, 8, nil, nil, 3])
        let counts = try #require(json["counts"] as? [String: Int])
        #expect(counts == ["missing-mark": 1, "register-not-taken": 2, "mark-on-closure": 1, "late-code-mismatch": 1])
        let schools = try #require(json["schools"] as? [[String: Any]])
        #expect(schools.map { $0["as_of"] as? String } == ["2025-09-02", "2025-09-04", "2025-09-01"])
    }

    @Test func checkTextGroupsBySchoolWithTrustRelativePaths() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        let o = Commands.check(directory: t.dir, asOf: nil, format: .text, today: today)
        #expect(o.status == 1)
        #expect(o.stdout.hasPrefix("== Alpha Primary (schools/alpha), as of 2025-09-02\nschools/alpha/Data/marks.csv: error: [missing-mark] Ben Birch (7A) 2025-09-02 PM has no mark\n"))
        #expect(o.stdout.contains("gamma/Data/marks.csv:3: warning: [late-code-mismatch]"))
        #expect(o.stdout.hasSuffix("Test Trust: 3 schools checked.\n3 errors and 2 warnings:\n  missing-mark                 1 error\n  register-not-taken           2 errors\n  mark-on-closure              1 warning\n  late-code-mismatch           1 warning\n"))
    }

    @Test func statsBySchoolAddsTheTrustRowSummingSessions() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        let o = Commands.stats(directory: t.dir, asOf: nil, by: .school, format: .csv, today: today)
        #expect(o.status == 0)
        #expect(o.stdout == """
            school,group,class,year_group,pupils,possible,attended,present,aea,authorised,unauthorised,not_required,missing,attendance_pct,authorised_pct,unauthorised_pct,absence_pct,persistent_pupils,persistent_pct,severe_pupils,severe_pct,illness_sessions
            Alpha Primary,Alpha Primary,,,2,7,6,6,0,0,1,0,1,85.71,0.00,14.29,14.29,1,50.00,0,0.00,0
            Beta Academy,Beta Academy,,,2,6,3,3,0,3,0,0,0,50.00,50.00,0.00,50.00,1,50.00,1,50.00,3
            Gamma School,Gamma School,,,2,2,2,2,0,0,0,0,2,100.00,0.00,0.00,0.00,0,0.00,0,0.00,0
            ,Test Trust,,,6,15,11,11,0,3,1,0,3,73.33,20.00,6.67,26.67,2,40.00,1,20.00,3

            """)
    }

    @Test func statsByPupilKeepsOverlappingIdsApartBySchool() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        let o = Commands.stats(directory: t.dir, asOf: nil, by: .pupil, format: .csv, today: today)
        let lines = o.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("school,pupil_id,class,year_group,possible,attended,"))
        #expect(lines.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
                == ["Alpha Primary,P1", "Alpha Primary,P2", "Beta Academy,P1", "Beta Academy,P2", "Gamma School,P1", "Gamma School,P3"])
        #expect(lines[2].hasPrefix("Alpha Primary,P2,7A,7,3,2,2,0,0,1,0,1,66.67,0.00,33.33,true,false,"))
        #expect(lines[4].hasPrefix("Beta Academy,P2,3B,3,3,0,0,0,3,0,0,0,0.00,100.00,0.00,true,true,"))
        #expect(lines[6].hasPrefix("Gamma School,P3,RB,R,0,0,0,0,0,0,0,2,,,,false,false,"))
    }

    @Test func statsByClassHasTheSchoolFirst() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        let o = Commands.stats(directory: t.dir, asOf: nil, by: .class, format: .csv, today: today)
        #expect(o.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," } + "/" + $0.split(separator: ",")[1]) }
                == ["Alpha Primary/7A", "Beta Academy/3B", "Gamma School/RA", "Gamma School/RB"])
    }

    @Test func asOfFlagAppliesToEverySchool() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        let o = Commands.stats(directory: t.dir, asOf: Day(parsing: "2025-09-03"), by: .school, format: .json, today: today)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
        #expect(json["as_of"] as? String == "2025-09-03")
        let rows = try #require(json["rows"] as? [[String: Any]])
        // Alpha: Mon to Wed, 6 sessions a pupil, 4 + 3 marked; Beta: Wednesday only, 2 + 2 marked;
        // Gamma: Mon to Wed, P1 marked on Monday only, P3 never.
        #expect(rows.map { $0["possible"] as? Int } == [7, 4, 2, 13])
        #expect(rows.map { $0["missing"] as? Int } == [5, 0, 10, 15])
        #expect(rows.map { $0["school"] as? String } == ["Alpha Primary", "Beta Academy", "Gamma School", ""])
        #expect(rows.last?["group"] as? String == "Test Trust")
    }

    @Test func schoolsSharingANameAreToldApartByFolder() throws {
        var beta = TrustTestProject.beta
        beta["rollbook.yml"] = beta["rollbook.yml"]!.replacingOccurrences(of: "Beta Academy", with: "Alpha Primary")
        let t = try TrustTestProject(schools: ["schools/alpha": TrustTestProject.alpha, "schools/beta": beta, "gamma": TrustTestProject.gamma])
        defer { t.remove() }
        let o = Commands.stats(directory: t.dir, asOf: nil, by: .school, format: .csv, today: today)
        #expect(o.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
                == ["Alpha Primary (schools/alpha)", "Alpha Primary (schools/beta)", "Gamma School", ""])
    }
}
