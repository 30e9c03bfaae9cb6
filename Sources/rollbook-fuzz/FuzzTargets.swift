import RollbookKit
#if canImport(Glibc)
import Glibc
#endif

/// Fuzz entry points. The target is chosen by the environment variable ROLLBOOK_FUZZ_TARGET:
///
/// - `csv`: the bytes are a marks.csv for a fixed school; read, checked and analysed.
/// - `config`: the bytes are a rollbook.yml; parsed, and its calendar built. The seeds include
///   YAML aliases used as mapping keys (which once took minutes): libFuzzer's `-timeout` turns
///   any such slow input into a failure.
/// - `markdown`: the bytes are a campaign page or letter; front matter (aliases included in the
///   seeds) parsed, Markdown rendered.
///
/// Every input must be handled without crashing: errors are fine, traps are bugs.
enum FuzzTargets {
    static let config = try! ProjectConfig.parse(yaml: """
    school: { name: Fuzz School }
    year: { start: 2025-09-01, end: 2026-07-22 }
    terms:
      - { name: Autumn 1, start: 2025-09-03, end: 2025-10-24 }
    closures:
      - { date: 2025-10-10, reason: INSET }
      - { date: 2025-10-15, session: PM, reason: Evening }
    """)
    static let pupils = CSVFile(displayPath: "Data/pupils.csv", text: """
    pupil_id,upn,forename,surname,class,year_group,admitted,left
    P1,A1,Ann,Able,7A,7,,
    P2,A2,Ben,Bold,7A,7,2025-09-10,
    P3,A3,Cat,Calm,7B,7,,2025-10-01
    """)

    static func run(_ data: UnsafeRawBufferPointer) {
        let bytes = Array(data)
        switch target {
        case "config":
            let text = String(decoding: bytes, as: UTF8.self)
            if let c = try? ProjectConfig.parse(yaml: text) {
                let cal = SchoolCalendar(config: c, asOf: c.asOf ?? c.yearEnd)
                _ = cal.schoolDaysAfter(c.yearStart)
            }
        case "markdown":
            let text = String(decoding: bytes, as: UTF8.self)
            if let page = try? CampaignPage.parse(text, path: "Content/campaigns/fuzz.md") {
                _ = Markdown.html(page.body, topHeading: 2)
                _ = Markdown.plainText(page.title)
            }
            if let letter = try? LetterTemplate.parse(text, path: "Content/letters/fuzz.md") {
                _ = Markdown.html(letter.fill(["forename": "A*<b>"]))
            }
            _ = Markdown.html(text)
        default:
            let marks = CSVFile(displayPath: "Data/marks.csv", rawBytes: bytes)
            let contacts = CSVFile(displayPath: "Data/contacts.csv", rawBytes: bytes)
            if let reg = try? ProjectLoader.load(config: config, asOf: Day(parsing: "2025-10-24")!, pupils: pupils,
                                                 marks: marks, contacts: contacts) {
                _ = Checker.check(reg)
                _ = Statistics.allPupils(reg)
            }
        }
    }

    static let target: String = {
        guard let v = getenv("ROLLBOOK_FUZZ_TARGET") else { return "csv" }
        return String(cString: v)
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTargets.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

#if !FUZZING
/// Without libFuzzer: replays the files named on the command line (a corpus or crash files).
@main
struct Replay {
    static func main() {
        let files = CommandLine.arguments.dropFirst()
        for path in files {
            guard let bytes = readFileBytes(path) else { print("cannot read \(path)"); exit(2) }
            bytes.withUnsafeBytes { FuzzTargets.run($0) }
        }
        print("replayed \(files.count) input\(files.count == 1 ? "" : "s") on target \(FuzzTargets.target)")
    }
}
#endif
