import Foundation
@testable import RollbookKit
import RollbookTestSupport
import Testing

/// `Checker.check` runs the rules on all cores (issue 11): its findings, their order and every
/// message are those of running the rules one after another, whatever the thread scheduling.
@Suite struct ConcurrentCheckTests {
    static let root = RollbookBinary.packageRoot.path

    /// The demo school (every kind of register error injected) with three pupils.csv rows that
    /// repeat earlier pupil_ids, so that every rule has findings.
    func demoRegister() throws -> Register {
        let config = try ProjectLoader.loadConfig(directory: Self.root)
        let asOf = ProjectLoader.resolveAsOf(nil, config: config)
        let roll = try String(contentsOfFile: Self.root + "/" + config.pupilsPath, encoding: .utf8)
        var lines = roll.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        let repeated = [lines[1], lines[40], lines[120]]
        let pupils = CSVFile(displayPath: config.pupilsPath, text: (lines + repeated).joined(separator: "\n") + "\n")
        func file(_ rel: String) -> CSVFile? { CSVFile(displayPath: rel, path: Self.root + "/" + rel) }
        return try ProjectLoader.load(config: config, asOf: asOf, pupils: pupils, marks: file(config.marksPath),
                                      contacts: file(config.contactsPath), actions: file(config.actionsPath))
    }

    @Test func concurrentRulesGiveTheSerialFindingsInTheSameOrder() throws {
        let reg = try demoRegister()
        let serial = Checker.checkSerially(reg)
        // The file has findings of every rule, most of them many.
        let counts = Dictionary(grouping: serial, by: \.rule).mapValues(\.count)
        for rule in Checker.rules {
            #expect((counts[rule.id] ?? 0) >= 1, "no finding of \(rule.id)")
        }
        #expect(counts[.duplicatePupil] == 3)
        #expect(serial.count > 200)
        // Rules in the order of `Checker.rules`, each rule's findings by location.
        let order = Dictionary(uniqueKeysWithValues: Checker.rules.enumerated().map { ($1.id, $0) })
        #expect(serial.map { order[$0.rule]! } == serial.map { order[$0.rule]! }.sorted())
        for _ in 0..<8 {
            let concurrent = Checker.check(reg)
            #expect(concurrent == serial)
            #expect(concurrent.map(\.compilerStyle) == serial.map(\.compilerStyle))
        }
    }
}
