import Foundation
import Testing
@testable import RollbookKit

/// `FileLock`: one holder at a time, the holder's process id in the file, the file gone after.
@Suite struct FileLockTests {
    static func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "rollbook-lock-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aSecondHolderIsRefusedWithTheFirstsProcessId() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/.x.lock"
        let first = try FileLock(path: path)
        #expect(readFileBytes(path).map { String(decoding: $0, as: UTF8.self) } == "\(getpid())\n")
        let error = try #require(throws: FileLock.Failure.self, "a second lock was taken while the first was held") { try FileLock(path: path) }
        guard case .busy(let holder) = error else { Issue.record("expected busy, got \(error)"); return }
        #expect(holder == "\(getpid())")
        first.release()
        #expect(readFileBytes(path) == nil)
        let again = try FileLock(path: path)
        again.release()
    }

    @Test func aLockFileThatCannotBeMadeSaysWhy() throws {
        let path = NSTemporaryDirectory() + "rollbook-lock-missing-\(UUID().uuidString)/x.lock"
        let error = try #require(throws: FileLock.Failure.self) { try FileLock(path: path) }
        guard case .cannotOpen(let reason) = error else { Issue.record("expected cannotOpen, got \(error)"); return }
        #expect(reason == "No such file or directory")
    }
}
