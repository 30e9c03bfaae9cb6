extension Charts {
    /// Horizontal bars, two per row (the last period, dashed outline, and this one, solid), of
    /// attendance percentages: one row per label, so long names and many classes fit.
    public static func pairedBars(id: String, title: String, description: String, labels: [String],
                                  last: [Double?], this: [Double?], lastName: String, thisName: String) -> String {
        let w = 720.0, left = 200.0, right = 56.0, top = 30.0, rowH = 34.0
        let h = top + rowH * Double(max(labels.count, 1)) + 24
        let all = (last + this).compactMap { $0 }
        let xMin = max(0, min(80, ((all.min() ?? 90) / 5).rounded(.down) * 5)), xMax = 100.0
        func x(_ v: Double) -> Double { left + (max(v, xMin) - xMin) / (xMax - xMin) * (w - left - right) }
        var s = svg(id: id, width: w, height: h, title: title, description: description)
        var g = xMin
        while g <= xMax + 0.001 {
            s += HTML.empty("line", ["x1": n(x(g)), "x2": n(x(g)), "y1": n(top - 4), "y2": n(h - 20), "stroke": "#d5dbe1"])
            s += Charts.label(x: x(g), y: h - 6, anchor: "middle", size: 11, fill: "#4a5360", "\(Int(g))%")
            g += xMax - xMin > 30 ? 10 : 5
        }
        // Legend.
        s += HTML.empty("rect", ["x": n(left), "y": "6", "width": "14", "height": "10", "fill": "#ffffff", "stroke": "#5b6570", "stroke-dasharray": "3 2"])
        s += HTML.element("text", ["x": n(left + 20), "y": "15", "font-size": "12", "fill": "#1b1f24"], text: lastName)
        let lx = left + 40 + Double(lastName.count) * 7
        s += HTML.empty("rect", ["x": n(lx), "y": "6", "width": "14", "height": "10", "fill": "#0b5cad"])
        s += HTML.element("text", ["x": n(lx + 20), "y": "15", "font-size": "12", "fill": "#1b1f24"], text: thisName)
        for (i, label) in labels.enumerated() {
            let y0 = top + rowH * Double(i)
            let short = label.count > 28 ? String(label.prefix(27)) + "…" : label
            s += Charts.label(x: left - 8, y: y0 + 19, anchor: "end", size: 12, fill: "#1b1f24", short)
            if let v = last[i] {
                s += HTML.empty("rect", ["x": n(left), "y": n(y0 + 3), "width": n(x(v) - left), "height": "12", "fill": "#ffffff", "stroke": "#5b6570", "stroke-dasharray": "3 2"])
            }
            if let v = this[i] {
                s += HTML.empty("rect", ["x": n(left), "y": n(y0 + 16), "width": n(x(v) - left), "height": "12", "fill": "#0b5cad"])
                s += Charts.label(x: x(v) + 4, y: y0 + 26, size: 11, fill: "#1b1f24", Format.pct(v))
            }
        }
        return s + "</svg>"
    }
}
