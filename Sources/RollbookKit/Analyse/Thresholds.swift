/// Every attendance threshold Rollbook judges, in one place: persistent and severe absence
/// (spec section 6), the unauthorised runs, the penalty-notice threshold and 15 days of illness
/// (section 6.3), and the site's early-year guard. Statistics, episodes, the case list, letters,
/// pupil pages and the meeting pack all ask here. Comparisons are exact: integers, no
/// percentage rounded before it is compared (a pupil at exactly 90.0 % attendance is
/// persistently absent).
public enum Thresholds {
    // MARK: Persistent and severe absence

    /// Absence ≥ 10 % of possible sessions; false when there are none.
    public static func isPersistent(absence: Int, possible: Int) -> Bool { possible > 0 && absence * 10 >= possible }

    /// Absence ≥ 50 % of possible sessions; false when there are none.
    public static func isSevere(absence: Int, possible: Int) -> Bool { possible > 0 && absence * 2 >= possible }

    /// A projected (fractional) absence of ≥ 10 % of `possible` sessions, allowing for the
    /// rounding of the projection's floating point.
    public static func isPersistent(projectedAbsence: Double, possible: Int) -> Bool {
        possible > 0 && projectedAbsence * 10 >= Double(possible) - 1e-9
    }

    /// The most further sessions `k` a pupil can miss and stay under 10 %:
    /// the most `k` with `10 × (absence + k) < possible`; negative when already at or over it;
    /// nil when there are no possible sessions.
    public static func sessionsBeforePersistent(absence: Int, possible: Int) -> Int? {
        possible == 0 ? nil : (possible + 9) / 10 - 1 - absence
    }

    // MARK: Early-year guard

    /// Whether a pupil has enough possible sessions to be judged persistent or severe on the
    /// site (`thresholds: min_possible:` in rollbook.yml, default 20).
    public static func isJudged(possible: Int, minPossible: Int) -> Bool { possible >= minPossible }

    // MARK: Episodes and cases (spec section 6.3)

    /// School days in a row, every session `G N O U`, that make an `unauthorised-10-days` run.
    public static let runDays = 10
    /// School days in a row, every session `G N O`, that make an `unauthorised-20-days` run.
    public static let longRunDays = 20
    /// Whether the longest unauthorised run so far is a 10-day run.
    public static func isUnauthorisedRun(days: Int) -> Bool { days >= runDays }

    /// Sessions marked `G N O U` within `penaltyWeeks` school weeks at which a penalty notice
    /// must be considered (national framework, from 19 August 2024).
    public static let penaltySessions = 10
    /// School weeks in a penalty-notice window.
    public static let penaltyWeeks = 10
    /// Whether the most unauthorised sessions in any window reach the penalty threshold.
    public static func reachesPenalty(windowSessions: Int) -> Bool { windowSessions >= penaltySessions }

    /// `I` sessions that make 15 days of illness.
    public static let illnessSessions = 30
    /// Whether `I` sessions reach 15 days of illness.
    public static func isLongIllness(sessions: Int) -> Bool { sessions >= illnessSessions }
}
