import Foundation
import RollbookKit
import Testing

/// Spec section 7: `rollbook stats --format csv`.
@Suite struct StatsReportTests {
    static let specColumns = [
        "pupil_id", "class", "year_group", "possible", "attended", "present", "aea", "authorised", "unauthorised",
        "not_required", "missing", "attendance_pct", "authorised_pct", "unauthorised_pct", "persistent", "severe",
        "unauthorised_run_days", "penalty_window_sessions", "illness_sessions", "compulsory_school_age",
    ]

    /// P1: 2 of 3 possible (66.67 %); P2: all present; P3: nothing possible.
    static let school = TestSchool(asOf: "2025-09-02", marks: """
        pupil_id,date,session,mark
        P1,2025-09-01,AM,/
        P1,2025-09-01,PM,I
        P1,2025-09-02,AM,L
        P1,2025-09-02,PM,X
        P2,2025-09-01,AM,/
        P2,2025-09-01,PM,\\
        P2,2025-09-02,AM,/
        P2,2025-09-02,PM,\\
        P3,2025-09-01,AM,X
        P3,2025-09-01,PM,X
        P3,2025-09-02,AM,X
        P3,2025-09-02,PM,X
        """)

    func table() throws -> (header: [String], rows: [String: [String: String]]) {
        let text = StatsReport.csv(try Self.school.register(), by: .pupil)
        let lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var rows: [String: [String: String]] = [:]
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(cells.count == header.count)
            rows[cells[0]] = Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
        return (header, rows)
    }

    @Test func theHeaderHasEverySpecColumnInOrder() throws {
        let header = try table().header
        let positions = Self.specColumns.map { header.firstIndex(of: $0) }
        #expect(!positions.contains(nil), "missing: \(Self.specColumns.filter { !header.contains($0) })")
        let found = positions.compactMap { $0 }
        #expect(found == found.sorted())
        #expect(Array(header.prefix(Self.specColumns.count)) == Self.specColumns)
    }

    @Test func oneRowPerPupil() throws {
        #expect(try table().rows.keys.sorted() == ["P1", "P2", "P3"])
    }

    @Test func valuesBooleansAndPercentages() throws {
        let rows = try table().rows
        let p1 = try #require(rows["P1"])
        #expect(p1["class"] == "7A")
        #expect(p1["year_group"] == "7")
        #expect(p1["possible"] == "3")
        #expect(p1["attended"] == "2")
        #expect(p1["present"] == "2")
        #expect(p1["authorised"] == "1")
        #expect(p1["not_required"] == "1")
        #expect(p1["missing"] == "0")
        #expect(p1["illness_sessions"] == "1")
        #expect(p1["persistent"] == "true")
        #expect(p1["severe"] == "false")
        let pct = try #require(p1["attendance_pct"])
        #expect(pct.hasPrefix("66.66") || pct.hasPrefix("66.67"))
        #expect(Double(pct).map { abs($0 - 200.0 / 3.0) < 0.01 } == true)
        let p2 = try #require(rows["P2"])
        #expect(p2["persistent"] == "false")
        #expect(p2["attendance_pct"].flatMap(Double.init) == 100)
        #expect(p2["unauthorised_pct"].flatMap(Double.init) == 0)
        let p3 = try #require(rows["P3"])
        #expect(p3["possible"] == "0")
        #expect(p3["persistent"] == "false")
        #expect(p3["severe"] == "false")
    }

    @Test func percentagesCarryAtLeastTwoDecimals() throws {
        let rows = try table().rows
        for (id, row) in rows where id != "P3" {
            for column in ["attendance_pct", "authorised_pct", "unauthorised_pct"] {
                let v = try #require(row[column])
                let decimals = v.split(separator: ".", omittingEmptySubsequences: false)
                #expect(decimals.count == 2 && decimals[1].count >= 2 && Double(v) != nil, "\(id) \(column) = \(v)")
            }
        }
    }

    @Test func booleansAreTrueOrFalse() throws {
        for (_, row) in try table().rows {
            #expect(["true", "false"].contains(row["persistent"] ?? ""))
            #expect(["true", "false"].contains(row["severe"] ?? ""))
        }
    }

    @Test func jsonIsValidAndHasTheSameRows() throws {
        let text = StatsReport.json(try Self.school.register(), by: .pupil)
        let j = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let rows = try #require(j["rows"] as? [[String: Any]])
        #expect(rows.count == 3)
        let p1 = try #require(rows.first { $0["pupil_id"] as? String == "P1" })
        #expect(p1["possible"] as? Int == 3)
        #expect(p1["persistent"] as? Bool == true)
        let p3 = try #require(rows.first { $0["pupil_id"] as? String == "P3" })
        #expect(p3["attendance_pct"] is NSNull)
    }
}
