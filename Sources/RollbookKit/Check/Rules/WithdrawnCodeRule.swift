/// `withdrawn-code` (warning): a marks.csv row dated on or after 19 August 2024 uses `H`, `J`,
/// `F` or `Y`, codes the DfE withdrew then. One finding per row, whatever its date relative to
/// `as_of`. The mark still counts, in its old category.
public struct WithdrawnCodeRule: CheckRule {
    public let id = "withdrawn-code"
    public let severity = Severity.warning
    public let summary = "A code the DfE withdrew in August 2024 (H, J, F, Y)."

    public init() {}

    static let replacement = [
        "H": "C (leave in exceptional circumstances) or G (holiday not agreed)",
        "J": "J1 (interview)",
        "F": "G (holiday not agreed) or C",
        "Y": "Y1 to Y7 (unable to attend, by cause)",
    ]

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        return reg.withdrawnCodeRows.map { r in
            let known = r.pupil >= 0
            let who = known ? reg.pupils[Int(r.pupil)].label : "pupil \(r.unknownId)"
            let use = Self.replacement[r.markText].map { "; use \($0)" } ?? ""
            return Finding(rule: id, severity: severity,
                           pupilId: known ? reg.pupils[Int(r.pupil)].id : r.unknownId,
                           pupil: known ? Int(r.pupil) : nil, className: known ? reg.pupils[Int(r.pupil)].className : nil,
                           date: r.date, session: r.session, mark: r.markText,
                           message: "\(who) \(r.date.iso) \(r.session.text) marked \(r.markText), withdrawn from 19 August 2024\(use)",
                           file: reg.marksPath, line: r.line)
        }
    }
}
