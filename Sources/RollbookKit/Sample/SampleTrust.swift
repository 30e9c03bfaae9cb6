/// Writes a synthetic trust (spec section 10): `trust.yml` and `schools/<folder>/`, each a
/// `SampleSchool` with its own name, one of three calendars (half-terms and register times
/// differ) and its own size. Pupil ids start at `P0001` in every school, so they overlap, as
/// they do between real schools. The same seed gives the same trust.
public struct SampleTrust {
    public var schools: Int
    /// Pupils in the whole trust, spread over the schools (about a third large, the rest small).
    public var pupils: Int
    public var seed: UInt64
    public var from: Day?
    public var to: Day?

    public init(schools: Int, pupils: Int, seed: UInt64, from: Day? = nil, to: Day? = nil) {
        self.schools = schools
        self.pupils = pupils
        self.seed = seed
        self.from = from
        self.to = to
    }

    static let places = [
        "Oakfield", "Riverside", "Northgate", "Ashby", "Brookside", "Castle Hill", "Denton", "Elmwood", "Fairview",
        "Greenbank", "Hillcrest", "Ivy Lane", "Jubilee", "Kingsmead", "Larkrise", "Meadowbank", "Newlands", "Orchard",
        "Parkside", "Queensway", "Redhill", "Southfields", "Thornbury", "Upton", "Valley Road", "Westbrook", "Yew Tree",
    ]

    public struct Summary: Sendable {
        public var schools = 0
        public var pupils = 0
        public var marks = 0
    }

    /// Writes the trust under `dir`.
    @discardableResult
    public func write(to dir: String) throws -> Summary {
        guard schools >= 1 else { throw InputError([Diagnostic(path: dir, "a trust needs at least one school")]) }
        var rng = SplitMix64(seed: seed ^ 0x7275_7374)
        // Sizes: about a third secondaries (weight 5), the rest primaries (weight 1 to 2).
        var weights: [Double] = []
        var secondary: [Bool] = []
        for _ in 0..<schools {
            let sec = rng.chance(0.3)
            secondary.append(sec)
            weights.append(sec ? 4 + rng.unit() * 2 : 1 + rng.unit())
        }
        let total = weights.reduce(0, +)
        var sizes = weights.map { max(1, Int(Double(pupils) * $0 / total)) }
        // Whatever rounding left over goes to the schools in turn, so the sizes add up exactly.
        var i = 0
        while sizes.reduce(0, +) < pupils { sizes[i % schools] += 1; i += 1 }
        while sizes.reduce(0, +) > pupils, let j = sizes.indices.first(where: { sizes[$0] > 1 && sizes[$0] == sizes.max() }) { sizes[j] -= 1 }

        try makeDirectory(dir)
        try makeDirectory(dir + "/schools")
        var yaml = """
        # A synthetic trust written by `rollbook sample --trust`. No real pupil appears here.
        trust:
          name: Northfield Learning Trust
        schools:

        """
        var summary = Summary()
        var folders = SlugTable()
        for k in 0..<schools {
            let place = SampleTrust.places[k % SampleTrust.places.count]
            let round = k / SampleTrust.places.count
            let kind = secondary[k] ? "Academy" : "School"
            let name = place + (round > 0 ? " \(round + 1)" : "") + " " + kind
            let folder = folders.claim(name.lowercased().split(separator: " ").joined(separator: "-").replacingApostrophes)
            var school = SampleSchool(pupils: sizes[k], seed: seed &+ UInt64(k) &* 7919, from: from, to: to)
            school.name = name
            school.variant = k % 3
            let s = try school.write(to: dir + "/schools/" + folder)
            summary.pupils += s.pupils
            summary.marks += s.marks
            summary.schools += 1
            yaml += "  - schools/\(folder)\n"
        }
        try writeFile(dir + "/trust.yml", yaml)
        return summary
    }
}

private extension String {
    var replacingApostrophes: String { String(filter { $0 != "'" }) }
}
