/// A calendar date with no time zone, stored as days since 1970-01-01.
///
/// Rollbook does all its date arithmetic on `Day`: it is an `Int32`, so a pupil's dates cost
/// four bytes and comparisons are integer comparisons.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var raw: Int32

    public init(raw: Int32) { self.raw = raw }

    /// Returns nil when the date does not exist (e.g. 2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard year >= 1, year <= 9999, month >= 1, month <= 12, day >= 1,
              day <= Day.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        raw = Int32(era * 146097 + doe - 719468)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(raw) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// 0 = Monday ... 6 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (3).
        let w = (Int(raw) + 3) % 7
        return w < 0 ? w + 7 : w
    }

    public var isWeekday: Bool { weekday < 5 }

    /// The Monday of this date's week.
    public var monday: Day { Day(raw: raw - Int32(weekday)) }

    public func adding(days n: Int) -> Day { Day(raw: raw + Int32(n)) }

    public static func - (a: Day, b: Day) -> Int { Int(a.raw - b.raw) }

    public static func < (a: Day, b: Day) -> Bool { a.raw < b.raw }

    /// ISO form, `YYYY-MM-DD`.
    public var iso: String {
        let c = components
        return Day.pad(c.year, 4) + "-" + Day.pad(c.month, 2) + "-" + Day.pad(c.day, 2)
    }

    public var description: String { iso }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    public static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                    "August", "September", "October", "November", "December"]

    /// A friendly form for people, e.g. `Fri 3 Oct 2025`.
    public var display: String {
        let c = components
        return String(Day.weekdayNames[weekday].prefix(3)) + " \(c.day) "
            + String(Day.monthNames[c.month - 1].prefix(3)) + " \(c.year)"
    }

    /// Parses `YYYY-MM-DD` or the UK form `DD/MM/YYYY` (one- or two-digit day and month allowed).
    public init?(parsing text: String) {
        var t = text
        guard let d = t.withUTF8({ Day(bytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = d
    }

    /// Parses from raw bytes, without allocating.
    public init?(bytes b: UnsafeRawBufferPointer) {
        let n = b.count
        @inline(__always) func digits(_ from: Int, _ to: Int) -> Int? {
            guard from < to else { return nil }
            var v = 0
            for i in from..<to {
                let c = b[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        if n == 10, b[4] == 45, b[7] == 45 {  // YYYY-MM-DD
            guard let y = digits(0, 4), let m = digits(5, 7), let d = digits(8, 10),
                  let day = Day(year: y, month: m, day: d) else { return nil }
            self = day
            return
        }
        // DD/MM/YYYY
        var slashes: [Int] = []
        for i in 0..<n where b[i] == 47 { slashes.append(i); if slashes.count > 2 { return nil } }
        guard slashes.count == 2 else { return nil }
        let s1 = slashes[0], s2 = slashes[1]
        guard s1 >= 1, s1 <= 2, s2 - s1 - 1 >= 1, s2 - s1 - 1 <= 2, n - s2 - 1 == 4,
              let d = digits(0, s1), let m = digits(s1 + 1, s2), let y = digits(s2 + 1, n),
              let day = Day(year: y, month: m, day: d) else { return nil }
        self = day
    }
}

/// A point in local school time, in minutes since 1970-01-01 00:00 (seconds dropped after
/// comparison needs: `seconds` kept separately for exact ordering).
public struct LocalTime: Hashable, Comparable, Sendable {
    /// Seconds since 1970-01-01T00:00 local time.
    public var seconds: Int64

    public init(day: Day, minuteOfDay: Int, second: Int = 0) {
        seconds = Int64(day.raw) * 86_400 + Int64(minuteOfDay) * 60 + Int64(second)
    }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.seconds < b.seconds }

    public var day: Day { Day(raw: Int32((seconds >= 0 ? seconds : seconds - 86_399) / 86_400)) }
    public var minuteOfDay: Int { Int((seconds - Int64(day.raw) * 86_400) / 60) }

    /// `HH:MM`.
    public var clock: String {
        let m = minuteOfDay
        return Day.pad(m / 60, 2) + ":" + Day.pad(m % 60, 2)
    }

    /// `YYYY-MM-DDTHH:MM[:SS]` (also accepts a space instead of `T`, and a UK date).
    public init?(parsing text: String) {
        var t = text
        guard let v = t.withUTF8({ LocalTime(bytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = v
    }

    public init?(bytes b: UnsafeRawBufferPointer) {
        var sep = -1
        for i in 0..<b.count where b[i] == 84 || b[i] == 32 { sep = i; break }  // 'T' or ' '
        guard sep > 0, let day = Day(bytes: UnsafeRawBufferPointer(rebasing: b[0..<sep])),
              let clock = ClockTime(bytes: UnsafeRawBufferPointer(rebasing: b[(sep + 1)...]))
        else { return nil }
        self.init(day: day, minuteOfDay: clock.minuteOfDay, second: clock.second)
    }
}

/// A time of day, `HH:MM` or `HH:MM:SS`.
public struct ClockTime: Hashable, Sendable {
    public var minuteOfDay: Int
    public var second: Int

    public init(minuteOfDay: Int, second: Int = 0) {
        self.minuteOfDay = minuteOfDay
        self.second = second
    }

    public init?(parsing text: String) {
        var t = text
        guard let v = t.withUTF8({ ClockTime(bytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = v
    }

    public init?(bytes b: UnsafeRawBufferPointer) {
        func two(_ i: Int) -> Int? {
            guard i + 1 < b.count, b[i] >= 48, b[i] <= 57, b[i + 1] >= 48, b[i + 1] <= 57 else { return nil }
            return Int(b[i] - 48) * 10 + Int(b[i + 1] - 48)
        }
        guard b.count == 5 || b.count == 8, let h = two(0), b[2] == 58, let m = two(3), h < 24, m < 60
        else { return nil }
        var s = 0
        if b.count == 8 {
            guard b[5] == 58, let ss = two(6), ss < 60 else { return nil }
            s = ss
        }
        minuteOfDay = h * 60 + m
        second = s
    }

    public var text: String { Day.pad(minuteOfDay / 60, 2) + ":" + Day.pad(minuteOfDay % 60, 2) }
}
