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
        let e = try #require(throws: InputError.self) {
            try FileIO.write(dir + "/no/such/folder.txt", "x")
        }
        #expect(e.description.hasPrefix(dir + "/no/such/folder.txt: error: cannot write: "))
        try FileIO.write(dir + "/file", "x")
        #expect(throws: InputError.self) { try FileIO.makeFolder(dir + "/file/sub") }
    }

    @Test func anAtomicWriteReplacesTheFileWholeAndLeavesNoTemporaryFile() throws {
        let dir = NSTemporaryDirectory() + "rollbook-fileio-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileIO.makeFolder(dir)
        try FileIO.write(dir + "/f.csv", "old\n")
        // A hard link to the old file keeps the old bytes: the new file is a new inode, renamed in.
        #expect(link(dir + "/f.csv", dir + "/old-link") == 0)
        try FileIO.writeAtomically(dir + "/f.csv", Array("new\n".utf8))
        #expect(FileIO.read(dir + "/f.csv") == Array("new\n".utf8))
        #expect(FileIO.read(dir + "/old-link") == Array("old\n".utf8))
        #expect(FileIO.list(dir)?.sorted() == ["f.csv", "old-link"])

        // Streamed, hashed as it goes; discarded, the old file stays.
        let w = try FileIO.Writer(path: dir + "/f.csv", atomic: true, flushAt: 4)
        w.hash = FNV1a()
        w.write("foo"); w.write("bar")  // the first flush happens at 6 bytes
        #expect(FileIO.read(dir + "/f.csv") == Array("new\n".utf8))
        try w.finish()
        #expect(w.size == 6 && w.hash?.hex == FNV1a.hex("foobar"))
        w.discard()
        #expect(FileIO.read(dir + "/f.csv") == Array("new\n".utf8))
        #expect(FileIO.list(dir)?.sorted() == ["f.csv", "old-link"])

        let v = try FileIO.Writer(path: dir + "/f.csv", atomic: true)
        v.write("foobar")
        try v.finish()
        try v.commit()
        #expect(FileIO.read(dir + "/f.csv") == Array("foobar".utf8))
        #expect(FileIO.list(dir)?.sorted() == ["f.csv", "old-link"])
        // Into a folder that does not exist: the error names the file.
        #expect(throws: InputError.self) { try FileIO.writeAtomically(dir + "/no/such.csv", [1]) }
    }

    @Test func aFolderIsListedWithHiddenNamesAndWithoutDotAndDotDot() throws {
        let dir = NSTemporaryDirectory() + "rollbook-fileio-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileIO.makeFolder(dir + "/sub")
        #expect(FileIO.list(dir + "/sub") == [])
        try FileIO.write(dir + "/.hidden", "x")
        try FileIO.write(dir + "/a b.txt", "x")
        #expect(FileIO.list(dir)?.sorted() == [".hidden", "a b.txt", "sub"])
        #expect(FileIO.list(dir + "/a b.txt") == nil)  // a file is not a folder
        #expect(FileIO.list(dir + "/missing") == nil)
        #expect(OutputFolder.isEmptyFolder(dir + "/sub") && !OutputFolder.isEmptyFolder(dir) && !OutputFolder.isEmptyFolder(dir + "/missing"))
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
