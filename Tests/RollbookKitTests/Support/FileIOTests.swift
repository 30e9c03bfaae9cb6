import Foundation
import Testing
@testable import RollbookKit

/// The primitives in Support/: files and the one hash.
@Suite struct FileIOTests {
    @Test func writesReadsAndMakesFoldersOnTheWay() throws {
        let dir = NSTemporaryDirectory() + "rollbook-fileio-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileIO.makeFolder(dir + "/a/b/c")
        try FileIO.makeFolder(dir + "/a/b/c")  // already there: nothing to do
        let big = [UInt8]((0..<300_000).map { UInt8($0 % 251) })
        try FileIO.write(dir + "/a/b/c/big.bin", big)
        #expect(FileIO.read(dir + "/a/b/c/big.bin") == big)
        try FileIO.write(dir + "/a/t.txt", "Ó Súilleabháin\n")
        #expect(FileIO.read(dir + "/a/t.txt") == Array("Ó Súilleabháin\n".utf8))
        try FileIO.write(dir + "/a/t.txt", "")  // truncated
        #expect(FileIO.read(dir + "/a/t.txt") == [])
        #expect(FileIO.read(dir + "/a") == nil)  // a folder is not a file
        #expect(FileIO.read(dir + "/missing") == nil)
    }

    @Test func aFileThatCannotBeWrittenIsAnInputErrorWithItsPath() throws {
        let dir = NSTemporaryDirectory() + "rollbook-fileio-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileIO.makeFolder(dir)
        do {
            try FileIO.write(dir + "/no/such/folder.txt", "x")
            Issue.record("expected an error")
        } catch let e as InputError {
            #expect(e.description.hasPrefix(dir + "/no/such/folder.txt: error: cannot write: "))
        }
        try FileIO.write(dir + "/file", "x")
        #expect(throws: InputError.self) { try FileIO.makeFolder(dir + "/file/sub") }
    }

    @Test func theOneHashIsFNV1aAndKeepsItsValues() {
        // The published FNV-1a 64 test values.
        #expect(FNV1a.hex("") == "cbf29ce484222325")
        #expect(FNV1a.hex("a") == "af63dc4c8601ec8c")
        #expect(FNV1a.hex("foobar") == "85944171f73967e8")
        #expect(Slug.fnv1a("foobar") == FNV1a.hex("foobar"))
        // Fed in pieces, the same as all at once.
        var h = FNV1a()
        h.feed("foo"); h.feed("bar")
        #expect(h.hex == "85944171f73967e8")
        // The manifest's word-wise form: a different value, the same for the same input.
        var m = BuildManifest.Hasher(), n = BuildManifest.Hasher()
        m.add("rollbook.yml"); n.add("rollbook.yml")
        #expect(m.hex == n.hex)
        #expect(m.hex != FNV1a.hex("rollbook.yml"))
    }

    @Test func nameTokensAreLowerCasedWordsOfLettersAndDigits() {
        #expect(Names.tokens("O'Brien-Smith  Ó Súilleabháin").map(String.init) == ["o", "brien", "smith", "ó", "súilleabháin"])
        #expect(Names.forenames.count > 50 && Names.surnames.count > 50)
    }
}
