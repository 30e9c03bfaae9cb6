/// How `rollbook stats --by` and the insight pages group pupils.
public enum Grouping: String, CaseIterable, Sendable {
    case pupil, `class`, year, school
    // Groups of pupils by a characteristic (spec section 6.2).
    case sen, fsm, disadvantaged, eal, sex, ethnicity, cla
}
