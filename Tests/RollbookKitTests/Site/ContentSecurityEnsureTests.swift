import Testing
@testable import RollbookKit

/// `ContentSecurity.ensure` runs on every page; its check for an existing policy is a byte
/// search (issue 11: Foundation's `contains` cost 7 % of a build converting pages to UTF-16).
@Suite("Content-Security-Policy: the per-page check")
struct ContentSecurityEnsureTests {
    @Test func byteSearchFindsTheNeedleAnywhereAndOnlyWhenPresent() {
        let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\n\(ContentSecurity.meta)<title>Zoë Ó Súilleabháin 👩‍👧</title></head></html>"
        #expect(ContentSecurity.containsBytes(page, "http-equiv=\"Content-Security-Policy\""))
        #expect(ContentSecurity.containsBytes(page, "👩‍👧</title>"))
        #expect(!ContentSecurity.containsBytes(page, "http-equiv=\"content-security-policy\""))
        #expect(!ContentSecurity.containsBytes("", "x"))
        #expect(ContentSecurity.containsBytes("", ""))
        #expect(!ContentSecurity.containsBytes("ab", "abc"))
    }

    @Test func aPageWithThePolicyIsLeftAloneAndOneWithoutGetsItOnce() {
        let with = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\n\(ContentSecurity.meta)<title>Zoë</title></head><body></body></html>"
        #expect(ContentSecurity.ensure(with) == with)
        let without = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Zoë</title></head><body></body></html>"
        let fixed = ContentSecurity.ensure(without)
        #expect(fixed == "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\n\(ContentSecurity.meta)<title>Zoë</title></head><body></body></html>")
        #expect(ContentSecurity.ensure(fixed) == fixed)
    }
}
