import Foundation
@testable import RollbookKit
import RollbookTestSupport
import Testing

/// A school for the insight tests (issue 15): pupils with characteristics and marks chosen per
/// pupil and session, in memory (`register()`) or as a project folder built into a site (`build()`).
struct InsightSchool {
    var yaml: String
    var asOf: String
    /// CSV rows after the header `pupil_id,forename,surname,class,year_group,dob,sex,sen,fsm,disadvantaged,eal,ethnicity,cla`.
    var pupils: [String]
    /// The mark of a pupil (id) on a slot (index into the calendar's sessions up to as_of).
    var mark: (String, Int, SchoolCalendar) -> String

    static let header = "pupil_id,forename,surname,class,year_group,dob,sex,sen,fsm,disadvantaged,eal,ethnicity,cla"

    /// Autumn 1 and 2 of 2025/26 and a Spring term, no closures: 39 + 35 + 30 school days.
    static let yaml = StandardCalendar.terms(school: "Insight & Co School")

    init(yaml: String = InsightSchool.yaml, asOf: String, pupils: [String], mark: @escaping (String, Int, SchoolCalendar) -> String) {
        self.yaml = yaml
        self.asOf = asOf
        self.pupils = pupils
        self.mark = mark
    }

    func config() throws -> ProjectConfig { try ProjectConfig.parse(yaml: yaml) }

    var pupilsCSV: String { ([InsightSchool.header] + pupils).joined(separator: "\n") + "\n" }

    func marksCSV() throws -> String {
        let cal = SchoolCalendar(config: try config(), asOf: Day(parsing: asOf)!)
        var s = "pupil_id,date,session,mark\n"
        for row in pupils {
            let id = String(row.split(separator: ",", omittingEmptySubsequences: false)[0])
            for k in 0..<cal.slotCount {
                s += "\(id),\(cal.slotDay[k].iso),\(cal.slotSession[k].text),\(mark(id, k, cal))\n"
            }
        }
        return s
    }

    func register() throws -> Register {
        let config = try config()
        return try ProjectLoader.load(config: config, asOf: Day(parsing: asOf)!,
                                      pupils: CSVFile(displayPath: "Data/pupils.csv", text: pupilsCSV),
                                      marks: CSVFile(displayPath: "Data/marks.csv", text: try marksCSV()), contacts: nil)
    }

    /// Writes the project to a fresh folder and builds its site; returns the folder.
    func build() throws -> String {
        let dir = NSTemporaryDirectory() + "rollbook-insight-\(UUID().uuidString)"
        try makeDirectory(dir + "/Data")
        try writeFile(dir + "/rollbook.yml", yaml + "\nas_of: \(asOf)\n")
        try writeFile(dir + "/Data/pupils.csv", pupilsCSV)
        try writeFile(dir + "/Data/marks.csv", try marksCSV())
        _ = try SiteBuilder(.init(directory: dir, today: Day(parsing: "2026-07-01")!)).run()
        return dir
    }

    /// Builds the site and reads the intranet page `page`, after expecting the overview's
    /// navigation to link to it as `title`: how each insight page's test starts.
    func buildPage(_ page: String, linkedAs title: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let dir = try build()
        #expect(Self.read(dir, "intranet/index.html").contains("href=\"\(page)\">\(title)</a>"), sourceLocation: sourceLocation)
        return Self.read(dir, "intranet/" + page)
    }

    static func read(_ dir: String, _ rel: String) -> String {
        String(decoding: readFileBytes(dir + "/site/" + rel) ?? [], as: UTF8.self)
    }

    /// A pupil row: `id`, class 7A, year 7, and the characteristics given.
    static func pupil(_ id: String, year: String = "7", sen: String = "", fsm: String = "", sex: String = "", cla: String = "", ethnicity: String = "") -> String {
        "\(id),F\(id),S\(id),\(year == "7" ? "7A" : year + "A"),\(year),,\(sex),\(sen),\(fsm),,,\(ethnicity),\(cla)"
    }
}
