import Foundation
@testable import RollbookKit
import Testing

/// `OutputPaths.problem` and `fold` answer plain ASCII paths byte by byte (every path a build
/// makes); the answers must be those of the checks spelled out over Unicode scalars.
@Suite struct OutputPathFastTests {
    static let tricky = [
        "intranet/pupils/P1.html", "CON.html", "con", " con .html", "Con.tar.gz", "CONOUT$", "conout$.txt", "CONIN$",
        "com1", "COM9.html", "com10", "Com0", "lpt1.x", "LPT", "lpt", "aux.", "nul ", "prn/a.html", "a/AUX/b",
        "compare.html", "console.html", "contacts.html", "auxiliary", "\tcon", "con\t.html", "a//b", "/a", "a/", "",
        ".", "..", "a/../b", "a/./b", "a.b.", "a b", "x:y", "x|y", "q?", "st*r", "<a>", "\"q\"", "back\\slash",
        "del\u{7F}", "nl\nx", "years/7.html", "classes/7a.html", "pupils/ab-c.html", "letters/x.y.html", ".rollbook-site",
        "intranet/.rollbook-manifest", "é.html", "Ä/b", "com¹", "LPT³.html", "ﬁle.html", "İ.html", "e\u{301}.html",
    ]

    @Test func problemAgreesWithTheSpelledOutCheck() {
        for p in Self.tricky {
            #expect(OutputPaths.problem(p) == OutputPaths.spelledOutProblem(p), "\(p)")
            if OutputPaths.isPlainSafe(p) { #expect(OutputPaths.spelledOutProblem(p) == nil, "\(p)") }
        }
        // Device names are never taken for plain safe paths, in any case or with spaces.
        for p in ["CON.html", "con", " con .html", "com1", "LPT9.x", "a/AUX/b", "nul.txt", "CONOUT$"] {
            #expect(!OutputPaths.isPlainSafe(p), "\(p)")
            #expect(OutputPaths.problem(p) != nil, "\(p)")
        }
        #expect(OutputPaths.isPlainSafe("intranet/pupils/P1.html"))
        #expect(OutputPaths.isPlainSafe("intranet/comparison.html"))
        // A stem that starts like a device name is left to the full check, which accepts it.
        #expect(!OutputPaths.isPlainSafe("compare.html"))
        #expect(OutputPaths.problem("compare.html") == nil)
    }

    /// Random paths over an alphabet of the characters that matter (letters of device names,
    /// digits, dots, spaces, tabs, slashes, forbidden and non-ASCII characters): both checks
    /// give the same answer for every one.
    @Test func randomPathsGetTheSameAnswer() {
        let alphabet = Array("cCoOnNmMlLpPtTuUxXaArR19 .\t/$:é")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        var plain = 0
        for _ in 0..<20_000 {
            let p = String((0..<(1 + next() % 12)).map { _ in alphabet[next() % alphabet.count] })
            #expect(OutputPaths.problem(p) == OutputPaths.spelledOutProblem(p), "\(p.debugDescription)")
            if OutputPaths.isPlainSafe(p) {
                plain += 1
                #expect(OutputPaths.spelledOutProblem(p) == nil, "\(p.debugDescription)")
            }
        }
        #expect(plain > 1_000)
    }

    @Test func foldOfASCIIIsTheUnicodeFold() {
        for p in Self.tricky + ["Intranet/Pupils/AbC-Z.HTML", "ZZ@[`{", "MiXeD/CaSe.Html"] {
            #expect(OutputPaths.fold(p) == p.precomposedStringWithCanonicalMapping.lowercased(), "\(p)")
        }
        // Non-ASCII paths still go through Unicode: composed and decomposed forms share a key.
        #expect(OutputPaths.fold("E\u{301}.html") == OutputPaths.fold("\u{C9}.HTML"))
    }
}
