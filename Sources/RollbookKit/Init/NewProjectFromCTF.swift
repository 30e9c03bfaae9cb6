#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `rollbook init DIR --from-ctf FILE…`: a new project whose calendar is inferred from a Common
/// Transfer File's marks, with the file's pupils and marks imported into it.
extension NewProject {
    /// The files the importer writes in `--from-ctf` mode (init writes no placeholder for them).
    static let importedFiles: Set<String> = ["Data/pupils.csv", "Data/marks.csv"]

    /// rollbook.yml with the calendar inferred from the marks, marked to be checked.
    func inferredConfig(_ cal: ImportWriter.InferredCalendar) -> String {
        var t = """
        # Rollbook project for \(schoolName.replacingAll("\n", with: " ")).
        # Written by `rollbook init --from-ctf` on \(today.iso), with the pupils and marks of the transfer file
        # imported into Data/. Every key is explained beside it; lines starting with # are comments.
        # Next: CHECK the inferred calendar below against your school's published term dates, then run
        \(schoolSection)

        year:                          # the academic year, first and last day inclusive (INFERRED)
          start: \(cal.yearStart.iso)
          end: \(cal.yearEnd.iso)

        # ----------------------------------------------------------------------------------------
        # INFERRED CALENDAR: CHECK IT AGAINST YOUR SCHOOL'S PUBLISHED TERM DATES.
        # A transfer file carries no calendar. These terms are the runs of weekdays that have
        # school marks in it (a gap of a week or more ends a term), and a shorter gap inside a term
        # is listed as a closure. Term dates are set by each local authority (or, for academies,
        # each trust): correct the names and dates, and add INSET days and other closures.
        # ----------------------------------------------------------------------------------------
        terms:

        """
        for (i, term) in cal.terms.enumerated() {
            t += "  - { name: Term \(i + 1), start: \(term.start.iso), end: \(term.end.iso) }   # INFERRED\n"
        }
        t += "\nclosures:                      # days or half-days inside terms when the school is closed\n"
        if cal.closures.isEmpty { t += "  []                           # none inferred: add your INSET days and bank holidays\n" }
        for c in cal.closures { t += "  - " + ImportWriter.closureYAML(c, reason: "No marks in the transfer file") + "   # INFERRED\n" }
        return t + "\n" + NewProject.configTail
    }
}
