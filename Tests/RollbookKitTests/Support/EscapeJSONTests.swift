import Testing
@testable import RollbookKit

/// `Escape.appendJSON` writes the bytes of `Escape.json`: plain ASCII copied as it is, anything
/// `json` escapes (and text outside ASCII) through `json` itself.
@Suite struct EscapeJSONTests {
    @Test func appendedBytesAreThoseOfJSON() {
        let texts: [String?] = [nil, "", "P1", "plain text, with: punctuation!", "say \"hi\"", "back\\slash", "<b>&amp;</b>",
                                "tab\there", "line\nbreak\r", "\u{1}\u{1F}", "\u{7F}", "Zoë", "sep\u{2028}par\u{2029}", "emoji 🎒"]
        for t in texts {
            var bytes: [UInt8] = [1, 2]
            Escape.appendJSON(t, to: &bytes)
            #expect(bytes == [1, 2] + Array(Escape.json(t).utf8), "\(String(describing: t))")
        }
    }
}
