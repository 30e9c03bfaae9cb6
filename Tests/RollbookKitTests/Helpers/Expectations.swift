import Testing

/// Expects `text` to contain every one of `parts`: one expectation each, reported at the
/// caller's line and naming the part that is missing. For the pages and reports a test reads
/// and then checks piece by piece.
func expectContains(_ text: String, _ parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    for part in parts {
        #expect(text.contains(part), "missing: \(part)", sourceLocation: sourceLocation)
    }
}

/// Expects a percentage that is there and within 1e-9 of `expected`: for figures worked out
/// exactly (sessions summed, then divided once), which a test states as the same division.
func expectClose(_ pct: Double?, to expected: Double, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let value = try #require(pct, sourceLocation: sourceLocation)
    #expect(abs(value - expected) < 1e-9, "\(value) is not \(expected)", sourceLocation: sourceLocation)
}
