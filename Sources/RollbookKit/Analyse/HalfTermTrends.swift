/// This half term against the last (issue 15, item 4), and the weekday × AM/PM pattern.
///
/// The half terms are the terms of `rollbook.yml` (schools list their half terms there:
/// Autumn 1, Autumn 2 …): "this" is the term holding `as_of` or, in a holiday, the last term
/// that started before it; "last" is the term before that. Both are counted up to `as_of`.
public struct HalfTermComparison: Sendable {
    public var this: Term
    public var last: Term?
    /// Per pupil (index into the register): counts in this and the last half term.
    public var thisCounts: [SessionCounts]
    public var lastCounts: [SessionCounts]

    public init?(_ reg: Register) {
        let cal = reg.calendar
        let terms = reg.config.terms.sorted { $0.start < $1.start }
        guard let i = terms.lastIndex(where: { $0.start <= cal.asOf }) else { return nil }
        this = terms[i]
        last = i > 0 ? terms[i - 1] : nil
        let t = this, l = last
        thisCounts = reg.pupils.indices.map { Statistics.counts($0, in: reg, from: t.start, to: min(t.end, cal.asOf)) }
        lastCounts = reg.pupils.indices.map { p in l.map { Statistics.counts(p, in: reg, from: $0.start, to: min($0.end, cal.asOf)) } ?? SessionCounts() }
    }

    /// Sums over a group of pupils: (this half term, last half term).
    public func counts(of pupils: [Int]) -> (this: SessionCounts, last: SessionCounts) {
        var a = SessionCounts(), b = SessionCounts()
        for p in pupils { a += thisCounts[p]; b += lastCounts[p] }
        return (a, b)
    }

    /// Change in attendance, in points (this minus last); nil when either has no possible session.
    public static func change(_ c: (this: SessionCounts, last: SessionCounts)) -> Double? {
        guard let a = c.this.attendancePct, let b = c.last.attendancePct else { return nil }
        return a - b
    }
}

/// Absence by weekday and session (Monday AM … Friday PM) for a group of pupils, and whether one
/// of the ten stands out.
///
/// A session of the week **stands out** only when all of these hold, so that ordinary noise
/// (32 % against 37 % over a handful of sessions) is never named:
/// - it has at least `minSessions` (40) possible sessions;
/// - its absence rate is at least `minPoints` (2) percentage points above the rate of the other
///   nine together, and at least `minRatio` (1.5) times it;
/// - the difference is statistically clear: a two-proportion z-test gives z ≥ `minZ` (3).
/// When several stand out, all are named, highest first.
public struct WeekPattern: Sendable, Hashable {
    public static let minSessions = 40
    public static let minPoints = 2.0
    public static let minRatio = 1.5
    public static let minZ = 3.0

    /// Index `weekday * 2 + session` (weekday 0 = Monday, session 0 = AM).
    public var absent = [Int](repeating: 0, count: 10)
    public var possible = [Int](repeating: 0, count: 10)

    public init() {}

    public static func name(_ cell: Int) -> String { Day.weekdayNames[cell / 2] + (cell % 2 == 0 ? " AM" : " PM") }

    public func rate(_ cell: Int) -> Double? { possible[cell] == 0 ? nil : 100 * Double(absent[cell]) / Double(possible[cell]) }

    /// The rate of every cell but `cell`.
    public func restRate(_ cell: Int) -> Double? {
        let a = absent.reduce(0, +) - absent[cell], p = possible.reduce(0, +) - possible[cell]
        return p == 0 ? nil : 100 * Double(a) / Double(p)
    }

    /// The cells that stand out (see the type's rule), highest rate first.
    public var standOut: [Int] {
        (0..<10).filter { c in
            guard possible[c] >= WeekPattern.minSessions, let r = rate(c), let o = restRate(c) else { return false }
            guard r - o >= WeekPattern.minPoints, r >= WeekPattern.minRatio * o else { return false }
            let n1 = Double(possible[c]), n2 = Double(possible.reduce(0, +) - possible[c])
            let pooled = Double(absent.reduce(0, +)) / (n1 + n2)
            let se = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
            return se > 0 && (r - o) / 100 / se >= WeekPattern.minZ
        }.sorted { (rate($0) ?? 0, -$0) > (rate($1) ?? 0, -$1) }
    }

    public static func += (a: inout WeekPattern, b: WeekPattern) {
        for i in 0..<10 { a.absent[i] += b.absent[i]; a.possible[i] += b.possible[i] }
    }

    /// One pupil's pattern over the reporting period: school sessions on roll, effective marks,
    /// Monday to Friday (a session on a weekend is in no cell).
    public static func of(_ p: Int, in reg: Register) -> WeekPattern {
        let cal = reg.calendar
        var w = WeekPattern()
        let row = reg.row(p)
        for s in reg.rollSlots[p] {
            let raw = row[row.startIndex + s]
            guard raw != 0 else { continue }
            let cat = AttendanceCode.categoryByRaw[Int(raw)]
            let d = cal.slotDay[s].weekday
            guard cat.isPossible, d < 5 else { continue }
            let cell = d * 2 + Int(cal.slotSession[s].rawValue)
            w.possible[cell] += 1
            if !cat.isAttended { w.absent[cell] += 1 }
        }
        return w
    }

    /// Every pupil's pattern (see `of`).
    public static func perPupil(_ reg: Register) -> [WeekPattern] { reg.pupils.indices.map { of($0, in: reg) } }

    /// Absent and possible sessions by weekday (Monday to Friday), AM and PM together.
    public var byWeekday: [(absent: Int, possible: Int)] {
        var out: [(absent: Int, possible: Int)] = []
        for d in 0..<5 {
            let a: Int = absent[d * 2] + absent[d * 2 + 1]
            let n: Int = possible[d * 2] + possible[d * 2 + 1]
            out.append((absent: a, possible: n))
        }
        return out
    }

    /// A sentence for people: "Monday AM stands out: 14.0% absence against 5.2% in the other sessions."
    public var summary: String {
        let s = standOut
        guard !s.isEmpty else { return "No session of the week stands out." }
        return s.map { "\(WeekPattern.name($0)) stands out: \(Format.pct(rate($0))) absence against \(Format.pct(restRate($0))) in the other sessions" }
            .joined(separator: "; ") + "."
    }
}
