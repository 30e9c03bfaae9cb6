import Foundation
@testable import RollbookKit

/// A trust folder on disk: `trust.yml` and three small schools whose calendars differ and whose
/// pupil ids overlap (P1 and P2 are in every school).
///
/// - `schools/alpha` (Alpha Primary): term from Mon 2025-09-01, as_of Tue 2025-09-02: four
///   sessions. P1 (7A) present throughout; P2 (7A) present on Monday, N on Tuesday AM and no
///   mark on Tuesday PM (missing-mark, line 9 has none).
/// - `schools/beta` (Beta Academy): term from Wed 2025-09-03, Thursday PM closed, as_of Thu
///   2025-09-04: three sessions. P1 (3B) present; P2 (3B) ill (I) on all three, and a mark on
///   Mon 2025-09-01, before the term (mark-on-closure).
/// - `gamma` (Gamma School): term from Mon 2025-09-01, as_of that day: two sessions; registers
///   PM 13:00 to 13:20. P1 (RA) present in the morning and L 40 minutes after 13:00 in the
///   afternoon (late-code-mismatch); P3 (RB) has no marks (register-not-taken, twice).
struct TrustTestProject {
    let dir: String

    static func calendar(_ name: String, termStart: String, asOf: String, closures: String = "", registers: String = "") -> String {
        """
        school:
          name: \(name)
        year:
          start: 2025-09-01
          end: 2026-07-22
        as_of: \(asOf)
        terms:
          - { name: Autumn 1, start: \(termStart), end: 2025-10-24 }
        \(closures)
        \(registers)
        """
    }

    static let pupilsHeader = "pupil_id,upn,forename,surname,class,year_group"
    static let marksHeader = "pupil_id,date,session,mark,minutes_late,recorded_at"

    static let alpha: [String: String] = [
        "rollbook.yml": calendar("Alpha Primary", termStart: "2025-09-01", asOf: "2025-09-02"),
        "Data/pupils.csv": pupilsHeader + "\nP1,A1,Ava,Ash,7A,7\nP2,A2,Ben,Birch,7A,7\n",
        "Data/marks.csv": marksHeader + """

            P1,2025-09-01,AM,/,,
            P1,2025-09-01,PM,\\,,
            P1,2025-09-02,AM,/,,
            P1,2025-09-02,PM,\\,,
            P2,2025-09-01,AM,/,,
            P2,2025-09-01,PM,\\,,
            P2,2025-09-02,AM,N,,

            """,
    ]
    static let beta: [String: String] = [
        "rollbook.yml": calendar("Beta Academy", termStart: "2025-09-03", asOf: "2025-09-04",
                                 closures: "closures:\n  - { date: 2025-09-04, session: PM, reason: Open evening }"),
        "Data/pupils.csv": pupilsHeader + "\nP1,B1,Cara,Cole,3B,3\nP2,B2,Dan,Dune,3B,3\n",
        "Data/marks.csv": marksHeader + """

            P1,2025-09-03,AM,/,,
            P1,2025-09-03,PM,\\,,
            P1,2025-09-04,AM,/,,
            P2,2025-09-03,AM,I,,
            P2,2025-09-03,PM,I,,
            P2,2025-09-04,AM,I,,
            P2,2025-09-01,AM,/,,

            """,
    ]
    static let gamma: [String: String] = [
        "rollbook.yml": calendar("Gamma School", termStart: "2025-09-01", asOf: "2025-09-01",
                                 registers: "registers:\n  am_opens: \"08:40\"\n  am_closes: \"09:00\"\n  pm_opens: \"13:00\"\n  pm_closes: \"13:20\""),
        "Data/pupils.csv": pupilsHeader + "\nP1,G1,Eve,Elm,RA,R\nP3,G3,Fin,Fir,RB,R\n",
        "Data/marks.csv": marksHeader + """

            P1,2025-09-01,AM,/,,
            P1,2025-09-01,PM,L,40,

            """,
    ]

    static let trustYAML = """
        trust:
          name: Test Trust
        schools:
          - schools/alpha
          - ./schools/beta/
          - gamma
        """

    init(trustYAML: String = TrustTestProject.trustYAML,
         schools: [String: [String: String]] = ["schools/alpha": alpha, "schools/beta": beta, "gamma": gamma],
         extra: [String: String] = [:]) throws {
        dir = NSTemporaryDirectory() + "rollbook-trust-\(UUID().uuidString)"
        try makeDirectory(dir)
        try writeFile(dir + "/trust.yml", trustYAML)
        for (folder, files) in schools {
            for (path, text) in files { try put(folder + "/" + path, text) }
        }
        for (path, text) in extra { try put(path, text) }
    }

    func put(_ rel: String, _ text: String) throws {
        let full = dir + "/" + rel
        try makeDirectory((full as NSString).deletingLastPathComponent)
        try writeFile(full, text)
    }

    func read(_ rel: String) -> String? {
        readFileBytes(dir + "/" + rel).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ rel: String) -> Bool { FileManager.default.fileExists(atPath: dir + "/" + rel) }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }

    static let today = Day(parsing: "2026-01-01")!
}
