/// SVG charts drawn by Rollbook: no script, no external resources. Each carries a `<title>` and a
/// `<desc>`, and the page shows the same numbers in a table (see `partials/chart`).
public enum Charts {
    public struct Series {
        public var name: String
        public var values: [Double?]
        public var dashed: Bool
        public var colour: String
        public init(name: String, values: [Double?], dashed: Bool = false, colour: String = "#0b5cad") {
            self.name = name
            self.values = values
            self.dashed = dashed
            self.colour = colour
        }
    }

    static func n(_ v: Double) -> String { Format.fixed(v, 1) }

    /// The chart's opening `<svg>`, its `<title>` and its `<desc>` (named by `aria-labelledby`).
    static func svg(id: String, width w: Double, height h: Double, title: String, description: String) -> String {
        HTML.open("svg", ["viewBox": "0 0 \(Int(w)) \(Int(h))", "role": "img", "aria-labelledby": "\(id)-t \(id)-d", "xmlns": "http://www.w3.org/2000/svg"])
            + HTML.element("title", ["id": "\(id)-t"], text: title) + HTML.element("desc", ["id": "\(id)-d"], text: description)
    }

    /// An axis label or a legend's text.
    static func label(x: Double, y: Double, anchor: String? = nil, size: Int, fill: String, _ text: String) -> String {
        HTML.element("text", ["x": n(x), "y": n(y), "text-anchor": anchor, "font-size": String(size), "fill": fill], text: text)
    }

    /// A line chart of percentages over `labels` (e.g. week commencing dates).
    public static func line(id: String, title: String, description: String, labels: [String], series: [Series]) -> String {
        let w = 720.0, h = 260.0, left = 46.0, right = 12.0, top = 16.0, bottom = 40.0
        let all = series.flatMap { $0.values.compactMap { $0 } }
        let lowest = all.min() ?? 90
        let yMin = max(0, min(80, (lowest / 5).rounded(.down) * 5))
        let yMax = 100.0
        let count = max(labels.count, 1)
        func x(_ i: Int) -> Double { left + (count == 1 ? (w - left - right) / 2 : Double(i) * (w - left - right) / Double(count - 1)) }
        func y(_ v: Double) -> Double { top + (yMax - v) / (yMax - yMin) * (h - top - bottom) }
        var s = svg(id: id, width: w, height: h, title: title, description: description)
        // Grid lines every 5 points.
        var g = yMin
        while g <= yMax + 0.001 {
            s += HTML.empty("line", ["x1": n(left), "x2": n(w - right), "y1": n(y(g)), "y2": n(y(g)), "stroke": "#d5dbe1", "stroke-width": "1"])
            s += label(x: left - 6, y: y(g) + 4, anchor: "end", size: 11, fill: "#4a5360", "\(Int(g))%")
            g += yMax - yMin > 30 ? 10 : 5
        }
        let step = max(1, count / 8)
        for i in stride(from: 0, to: labels.count, by: step) {
            s += label(x: x(i), y: h - bottom + 16, anchor: "middle", size: 11, fill: "#4a5360", labels[i])
        }
        for se in series {
            var d = ""
            var pen = false
            for (i, v) in se.values.enumerated() {
                guard let v else { pen = false; continue }
                d += (pen ? "L" : "M") + n(x(i)) + " " + n(y(v)) + " "
                pen = true
            }
            s += HTML.empty("path", ["d": d.trimmingSpaces, "fill": "none", "stroke": se.colour, "stroke-width": "2.5", "stroke-dasharray": se.dashed ? "6 4" : nil])
            if se.values.compactMap({ $0 }).count == 1, let i = se.values.firstIndex(where: { $0 != nil }), let v = se.values[i] {
                s += HTML.empty("circle", ["cx": n(x(i)), "cy": n(y(v)), "r": "3", "fill": se.colour])
            }
        }
        // Legend.
        var lx = left
        for se in series where series.count > 1 {
            s += HTML.empty("line", ["x1": n(lx), "x2": n(lx + 24), "y1": n(h - 8), "y2": n(h - 8), "stroke": se.colour, "stroke-width": "2.5",
                                     "stroke-dasharray": se.dashed ? "6 4" : nil])
            s += label(x: lx + 30, y: h - 4, size: 12, fill: "#1b1f24", se.name)
            lx += 60 + Double(se.name.count) * 7
        }
        return s + "</svg>"
    }

    /// The horizontal lines and their labels of a bar chart whose scale ends at `maxV` (the
    /// same for every chart of that scale: `barGrids` holds 10 % to 100 %).
    static func barGrid(maxV: Double) -> String {
        let h = 200.0, w = 520.0, left = 40.0, top = 12.0, bottom = 30.0
        func y(_ v: Double) -> Double { top + (maxV - v) / maxV * (h - top - bottom) }
        var s = ""
        var g = 0.0
        while g <= maxV + 0.001 {
            s += HTML.empty("line", ["x1": n(left), "x2": n(w - 8), "y1": n(y(g)), "y2": n(y(g)), "stroke": "#d5dbe1"])
            s += label(x: left - 6, y: y(g) + 4, anchor: "end", size: 11, fill: "#4a5360", "\(Int(g))%")
            g += maxV > 50 ? 20 : 10
        }
        return s
    }

    static let barGrids: [String] = (1...10).map { barGrid(maxV: Double($0 * 10)) }

    /// A bar chart of percentages, one bar per label.
    public static func bars(id: String, title: String, description: String, labels: [String], values: [Double?], colour: String = "#a3271f") -> String {
        let w = 520.0, h = 200.0, left = 40.0, top = 12.0, bottom = 30.0
        let maxV = max(10, ((values.compactMap { $0 }.max() ?? 0) / 10).rounded(.up) * 10)
        let slot = (w - left - 8) / Double(max(labels.count, 1))
        func y(_ v: Double) -> Double { top + (maxV - v) / maxV * (h - top - bottom) }
        var s = svg(id: id, width: w, height: h, title: title, description: description)
        s += maxV >= 10 && maxV <= 100 && maxV == (maxV / 10).rounded() * 10 ? barGrids[Int(maxV / 10) - 1] : barGrid(maxV: maxV)
        for (i, label) in labels.enumerated() {
            let cx = left + slot * (Double(i) + 0.5)
            if let v = values[i] {
                s += HTML.empty("rect", ["x": n(cx - slot * 0.3), "y": n(y(v)), "width": n(slot * 0.6), "height": n(max(0, y(0) - y(v))), "fill": colour])
            }
            s += Charts.label(x: cx, y: h - 10, anchor: "middle", size: 12, fill: "#1b1f24", label)
        }
        return s + "</svg>"
    }
}
