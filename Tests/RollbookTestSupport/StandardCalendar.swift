/// The calendar most tests use, worth knowing by heart (see `TestSchool` in RollbookKitTests):
/// Autumn 1 from Mon 2025-09-01, an INSET day on Fri 2025-09-12, Wed 2025-09-17 PM closed,
/// registers AM 08:45-09:15 and PM 13:15-13:30.
public enum StandardCalendar {
    /// The school's name and the academic year, up to the line `terms:` (line 6): the head of a
    /// calendar, for a test that writes its own terms below it.
    public static func year(school: String) -> String {
        """
        school:
          name: \(school)
        year:
          start: 2025-09-01
          end: 2026-07-22
        terms:
        """
    }

    /// The same academic year in flow style, three lines up to `terms:`, for a test that writes
    /// its own terms below it.
    public static func compactYear(school: String) -> String {
        "school: { name: \(school) }\nyear: { start: 2025-09-01, end: 2026-07-22 }\nterms:"
    }

    /// `compactYear(school:)` with one term, Autumn 1 (2025-09-01 to 2025-10-24): four lines.
    public static func autumnOne(school: String) -> String {
        compactYear(school: school) + "\n  - { name: Autumn 1, start: 2025-09-01, end: 2025-10-24 }"
    }

    /// The school's name, the year and the three terms (39 + 35 + 30 school days), without the
    /// closures and register times: the calendar with no closures.
    public static func terms(school: String) -> String {
        year(school: school) + "\n" + """
          - { name: Autumn 1, start: 2025-09-01, end: 2025-10-24 }
          - { name: Autumn 2, start: 2025-11-03, end: 2025-12-19 }
          - { name: Spring 1, start: 2026-01-05, end: 2026-02-13 }
        """
    }

    public static let yaml = terms(school: "Test School") + "\n" + """
        closures:
          - { date: 2025-09-12, reason: INSET day }
          - { date: 2025-09-17, session: PM, reason: Parents' evening }
        registers:
          am_opens: "08:45"
          am_closes: "09:15"
          pm_opens: "13:15"
          pm_closes: "13:30"
        """
}
