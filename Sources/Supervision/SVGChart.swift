import Foundation

/// Inline SVG charts for the self-contained report (no scripts, no web fonts, nothing fetched).
public enum SVGChart {
    /// One series of a chart.
    public struct Series: Sendable {
        /// The legend text.
        public var name: String
        /// The CSS colour.
        public var color: String
        /// One value per label.
        public var values: [Double]

        /// Creates a series.
        public init(name: String, color: String, values: [Double]) {
            self.name = name
            self.color = color
            self.values = values
        }
    }

    /// A grouped bar chart: one group per label, one bar per series.
    public static func bars(labels: [String], series: [Series], title: String, width: Int = 760, height: Int = 240) -> String {
        chart(labels: labels, series: series, title: title, width: width, height: height, line: false)
    }

    /// A line chart: one polyline per series over the labels.
    public static func lines(labels: [String], series: [Series], title: String, width: Int = 760, height: Int = 240) -> String {
        chart(labels: labels, series: series, title: title, width: width, height: height, line: true)
    }

    private static func chart(labels: [String], series: [Series], title: String, width: Int, height: Int, line: Bool) -> String {
        let left = 44.0, right = 12.0, top = 28.0, bottom = 46.0
        let w = Double(width) - left - right, h = Double(height) - top - bottom
        let maxValue = max(1, series.flatMap(\.values).max() ?? 1)
        let step = niceStep(maxValue / 4)
        let top4 = (maxValue / step).rounded(.up) * step
        var out = "<svg role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">"
        out += "<title>\(escape(title))</title>"
        // Grid and y labels.
        var y = 0.0
        while y <= top4 + step / 2 {
            let py = top + h - h * y / top4
            out += "<line x1=\"\(f(left))\" y1=\"\(f(py))\" x2=\"\(f(left + w))\" y2=\"\(f(py))\" stroke=\"#e3e6ea\"/>"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(py + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">\(label(y))</text>"
            y += step
        }
        let n = max(labels.count, 1)
        let slot = w / Double(n)
        let every = max(1, Int((Double(n) / (w / 34)).rounded(.up)))
        // Labels wider than their slot are cut (the full text is in the table under the chart).
        let fits = max(2, Int(slot * Double(every) / 11.5))
        for (i, l) in labels.enumerated() where i % every == 0 {
            let x = left + slot * (Double(i) + 0.5)
            let shown = l.count > fits ? String(l.prefix(fits - 1)) + "…" : l
            out += "<text x=\"\(f(x))\" y=\"\(f(top + h + 16))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\"><title>\(escape(l))</title>\(escape(shown))</text>"
        }
        if line {
            for s in series {
                let points = s.values.enumerated().map { i, v in "\(f(left + slot * (Double(i) + 0.5))),\(f(top + h - h * v / top4))" }
                out += "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
                for (i, v) in s.values.enumerated() {
                    out += "<circle cx=\"\(f(left + slot * (Double(i) + 0.5)))\" cy=\"\(f(top + h - h * v / top4))\" r=\"2.5\" fill=\"\(s.color)\"/>"
                }
            }
        } else {
            let barWidth = slot * 0.8 / Double(max(series.count, 1))
            for (k, s) in series.enumerated() {
                for (i, v) in s.values.enumerated() where v > 0 {
                    let bh = h * v / top4
                    let x = left + slot * Double(i) + slot * 0.1 + barWidth * Double(k)
                    out += "<rect x=\"\(f(x))\" y=\"\(f(top + h - bh))\" width=\"\(f(max(barWidth - 1, 1)))\" height=\"\(f(bh))\" fill=\"\(s.color)\"><title>\(escape(labels[safe: i] ?? "")) \(escape(s.name)): \(label(v))</title></rect>"
                }
            }
        }
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top + h))\" x2=\"\(f(left + w))\" y2=\"\(f(top + h))\" stroke=\"#888\"/>"
        // Legend.
        var lx = left
        for s in series {
            out += "<rect x=\"\(f(lx))\" y=\"8\" width=\"12\" height=\"12\" fill=\"\(s.color)\"/>"
            out += "<text x=\"\(f(lx + 16))\" y=\"18\" font-size=\"12\" fill=\"#333\">\(escape(s.name))</text>"
            lx += 30 + Double(s.name.count) * 13
        }
        return out + "</svg>"
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 5, 10] where m * magnitude >= raw { return max(m * magnitude, raw < 1 ? 0.25 : 1) }
        return 10 * magnitude
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    static func label(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.2f", v) }

    /// HTML/XML text escaping.
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
