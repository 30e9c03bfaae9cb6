import Testing
@testable import RollbookKit

/// The one HTML helper: text and attribute values always escaped, attributes in order,
/// nil attributes left out.
@Suite struct HTMLTests {
    @Test func escapesTextAndEveryAttributeValue() {
        let s = HTML.element("a", ["href": "x.html?a=1&b=\"2\"", "title": "O'Brien <3"], text: "Tom & <Jerry>")
        #expect(s == "<a href=\"x.html?a=1&amp;b=&quot;2&quot;\" title=\"O&#39;Brien &lt;3\">Tom &amp; &lt;Jerry&gt;</a>")
    }

    @Test func leavesOutNilAttributesAndKeepsTheOrder() {
        #expect(HTML.open("td", ["class": nil, "data-sort": "b", "title": "a"]) == "<td data-sort=\"b\" title=\"a\">")
        #expect(HTML.open("tr", ["class": nil]) == "<tr>")
        // An empty value is written (`class=""`), only nil is left out.
        #expect(HTML.open("td", ["class": ""]) == "<td class=\"\">")
        #expect(HTML.empty("rect", ["x": "1", "fill": "#fff"]) == "<rect x=\"1\" fill=\"#fff\"/>")
    }

    @Test func htmlContentIsNotEscapedAgain() {
        let inner = HTML.element("strong", text: "a<b")
        #expect(HTML.element("td", ["class": "num"], html: inner) == "<td class=\"num\"><strong>a&lt;b</strong></td>")
    }

    @Test func tableRowsGoThroughTheHelper() {
        let row = TableRows.row([.text("<Year 7>", sort: "7"), .num("1,234"), .link("Jo & Co", "p/jo.html")], class: "notable")
        #expect(row == "<tr class=\"notable\"><th scope=\"row\" data-sort=\"7\">&lt;Year 7&gt;</th><td class=\"num\">1,234</td><td><a href=\"p/jo.html\">Jo &amp; Co</a></td></tr>\n")
    }

    @Test func theCodeKeyComesFromTheCodeCategories() {
        let key = CodeKey.entries
        #expect(key.count == CodeCategory.allCases.count + NoCode.allCases.count)
        for (entry, category) in zip(key, CodeCategory.allCases) {
            #expect(entry.slug == category.slug)
            #expect(entry.label == category.label)
            #expect(AttendanceCode(entry.symbol)?.category == category)
        }
        #expect(key.map(\.symbol) == ["/", "V", "I", "O", "#", "?", "–", "·"])
    }
}
