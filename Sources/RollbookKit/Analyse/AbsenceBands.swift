/// Pupils in 5 % bands of absence, as the DfE's "Monitor your school attendance" shows them
/// (issue 15, item 3), and the pupils at risk of becoming persistently absent.
///
/// - Only pupils with at least `minPossible` (20) possible sessions are banded.
/// - Band `k` (0 to 9) holds absence from 5k % up to but not including 5(k+1) %; band 10 holds
///   50 % or more (severe absence). The band is found on whole numbers, without rounding:
///   `k = min(10, ⌊20 × absence / possible⌋)`, so a pupil at exactly 5.0 % absence is in the
///   "5 % to under 10 %" band and one at exactly 10.0 % (persistently absent) in "10 % to under 15 %".
/// - At risk: attendance below 95 % but above 90 %. A pupil at exactly 90.0 % attendance is
///   already persistently absent (spec section 6), so is not counted at risk; one at exactly
///   95.0 % is not at risk either.
public struct AbsenceBands: Sendable {
    /// Fewest possible sessions for a pupil to be banded (the DfE tool's rule).
    public static let minPossible = 20
    public static let bandCount = 11

    /// Pupils (indices) per band, in the order of `stats`.
    public var bands: [[Int]]
    /// Pupils at risk, in the order of `stats`.
    public var atRisk: [Int]
    /// Pupils left out: fewer than 20 possible sessions.
    public var tooFewSessions: Int

    public var banded: Int { bands.reduce(0) { $0 + $1.count } }

    /// The band of `absence` sessions out of `possible` (possible > 0).
    public static func band(absence: Int, possible: Int) -> Int {
        precondition(possible > 0)
        return min(bandCount - 1, absence * 20 / possible)
    }

    /// "0 % to under 5 %" … "45 % to under 50 %", "50 % or more".
    public static func label(_ band: Int) -> String {
        band >= bandCount - 1 ? "50 % or more" : "\(band * 5) % to under \(band * 5 + 5) %"
    }

    /// Attendance below 95 % and above 90 % (so not yet persistently absent), on whole numbers.
    public static func isAtRisk(_ c: SessionCounts) -> Bool {
        c.possible > 0 && c.attended * 10 > c.possible * 9 && c.attended * 20 < c.possible * 19
    }

    public init(_ stats: [PupilStats]) {
        var bands = [[Int]](repeating: [], count: AbsenceBands.bandCount)
        var atRisk: [Int] = [], few = 0
        for s in stats {
            let c = s.counts
            guard c.possible >= AbsenceBands.minPossible else { few += 1; continue }
            bands[AbsenceBands.band(absence: c.absence, possible: c.possible)].append(s.pupil)
            if AbsenceBands.isAtRisk(c) { atRisk.append(s.pupil) }
        }
        self.bands = bands
        self.atRisk = atRisk
        tooFewSessions = few
    }
}
