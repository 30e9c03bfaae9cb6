/// Compulsory school age (spec section 6.1), in its two definitions.
public enum CompulsorySchoolAge {
    /// Year groups of compulsory school age for statistics when a pupil has no `dob`.
    static let statisticsYears: Set<String> = Set((1...11).map(String.init))
    /// Year groups of compulsory school age on every date when a pupil has no `dob`.
    static let alwaysYears: Set<String> = Set((1...10).map(String.init))

    /// Age in whole years on date `d` of a child born on `dob` (a 29 February birthday counts
    /// from 1 March in other years).
    public static func age(born dob: Day, on d: Day) -> Int {
        let b = dob.components, c = d.components
        var age = c.year - b.year
        if (c.month, c.day) < (b.month, b.day) { age -= 1 }
        return age
    }

    /// **For statistics**: the pupil's age on 31 August of the calendar year in which
    /// `year.start` falls is 5 to 15 inclusive; without `dob`, year groups `1` to `11` are.
    public static func forStatistics(_ p: Pupil, yearStart: Day) -> Bool {
        guard let dob = p.dob else { return statisticsYears.contains(p.yearGroup) }
        let aug31 = Day(year: yearStart.components.year, month: 8, day: 31)!
        return (5...15).contains(age(born: dob, on: aug31))
    }

    /// The `n`th birthday of a child born on `dob` (29 February falls on 1 March in other years).
    public static func birthday(_ n: Int, of dob: Day) -> Day {
        let b = dob.components
        return Day(year: b.year + n, month: b.month, day: b.day) ?? Day(year: b.year + n, month: 3, day: 1)!
    }

    /// The last Friday in June of `year`.
    public static func lastFridayInJune(_ year: Int) -> Day {
        var d = Day(year: year, month: 6, day: 30)!
        while d.weekday != 4 { d = d.adding(days: -1) }
        return d
    }

    /// The first day of compulsory school age of a child born on `dob`: the first 31 December,
    /// 31 March or 31 August on or after the fifth birthday.
    public static func firstDay(born dob: Day) -> Day {
        let fifth = birthday(5, of: dob)
        let y = fifth.components.year
        let candidates = [Day(year: y, month: 3, day: 31)!, Day(year: y, month: 8, day: 31)!,
                          Day(year: y, month: 12, day: 31)!]
        return candidates.first { $0 >= fifth }!
    }

    /// The last day of compulsory school age of a child born on `dob`: the last Friday in June of
    /// the year of the sixteenth birthday if it falls in January to August, else of the next year.
    public static func lastDay(born dob: Day) -> Day {
        let sixteenth = birthday(16, of: dob).components
        return lastFridayInJune(sixteenth.month <= 8 ? sixteenth.year : sixteenth.year + 1)
    }

    /// **On a date** (for returns, section 6.3). Without `dob`: years `1` to `10` on every date,
    /// year `11` up to and including the last Friday in June of the calendar year in which
    /// `year.end` falls, any other year group never.
    public static func onDate(_ p: Pupil, _ d: Day, yearEnd: Day) -> Bool {
        if let dob = p.dob { return firstDay(born: dob) <= d && d <= lastDay(born: dob) }
        if alwaysYears.contains(p.yearGroup) { return true }
        if p.yearGroup == "11" { return d <= lastFridayInJune(yearEnd.components.year) }
        return false
    }
}
