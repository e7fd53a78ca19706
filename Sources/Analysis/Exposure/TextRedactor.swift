import Detectors
import Scenarios
import Simulation

/// Redacts planted values and detector hits in free text, the way findings redact their evidence:
/// for output that shows what crossed (`explain`'s wire lines) without showing the values themselves.
public struct TextRedactor: Sendable {
    let patterns: [(item: PlantedItem, pattern: CanaryPattern)]
    let detectors = DetectorSet.all

    /// A redactor for the planted values of `scenario` and for anything the detectors find.
    public init(scenario: Scenario) { self.init(items: scenario.items) }

    /// A redactor for `items` (from several scenarios, say) and for anything the detectors find.
    public init(items: [PlantedItem]) {
        patterns = items.map { ($0, CanaryPattern(value: $0.value, dataClass: $0.dataClass)) }
    }

    /// Where planted values (whole, prefixes at a line's end, partial renderings) and detector hits are in
    /// `scalars`, which is taken as it is (not decoded): for redacting text that is split over several places.
    public func sensitiveRanges(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for (_, pattern) in patterns {
            ranges += pattern.sightings(in: scalars, prefixAllowed: { pattern.endsLine(scalars, $0) }).map(\.range)
        }
        let text = String(String.UnicodeScalarView(scalars))
        let hits = detectors.scan(text)
        if !hits.isEmpty {
            var scalarAt: [Int] = []
            scalarAt.reserveCapacity(text.utf8.count + 1)
            for (index, scalar) in scalars.enumerated() { for _ in 0..<UTF8.width(scalar) { scalarAt.append(index) } }
            scalarAt.append(scalars.count)
            ranges += hits.map { scalarAt[$0.range.lowerBound]..<scalarAt[$0.range.upperBound] }
        }
        return ranges
    }

    /// `text` with character references decoded and every sighting of a planted value and every detector hit replaced by its evidence.
    public func redact(_ text: String) -> String {
        let scalars = WireText.decode(text)
        var spans: [(range: Range<Int>, replacement: String)] = []
        for (item, pattern) in patterns {
            // A prefix at the end of a line is a keystroke's input event: redacted like the whole value.
            let sightings = pattern.sightings(in: scalars, prefixAllowed: { pattern.endsLine(scalars, $0) })
            // Characters of the value that are not compared (a phone number's leading `+`) go with it.
            let leading = item.value.unicodeScalars.prefix {
                !$0.properties.isAlphabetic && !("0"..."9").contains($0) && !$0.properties.isWhitespace
            }
            for sighting in sightings {
                var range = sighting.range
                if !leading.isEmpty, range.lowerBound >= leading.count,
                    Array(scalars[(range.lowerBound - leading.count)..<range.lowerBound]) == Array(leading)
                {
                    range = (range.lowerBound - leading.count)..<range.upperBound
                }
                spans.append((range, Redaction.evidence(item.value, dataClass: item.dataClass)))
            }
        }
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(scalars.count)
        var next = 0
        for span in spans.sorted(by: {
            ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound)
        })
        where span.range.lowerBound >= next {
            output.append(contentsOf: scalars[next..<span.range.lowerBound])
            output.append(contentsOf: span.replacement.unicodeScalars)
            next = span.range.upperBound
        }
        output.append(contentsOf: scalars[next...])
        let planted = String(String.UnicodeScalarView(output))
        let bytes = Array(planted.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var offset = 0
        for hit in detectors.scan(planted) where hit.range.lowerBound >= offset {
            result.append(contentsOf: bytes[offset..<hit.range.lowerBound])
            let raw = String(decoding: bytes[hit.range], as: UTF8.self)
            result.append(
                contentsOf: Redaction.evidence(raw, dataClass: ExposureAnalyzer.dataClass(of: hit.detectorClass)).utf8)
            offset = hit.range.upperBound
        }
        result.append(contentsOf: bytes[offset...])
        return String(decoding: result, as: UTF8.self)
    }
}
