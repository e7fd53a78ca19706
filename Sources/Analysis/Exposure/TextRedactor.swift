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

    /// Where a text comes from, which decides what a short value in it is.
    public enum Context: Sendable {
        /// Text that crossed or that a page or value holds: every sighting is redacted.
        case value
        /// Text an author or the tool wrote around values — paths, folder names, ids, selectors, step labels:
        /// a short value (fewer than six letters and digits) is redacted only where it stands apart, not where it
        /// is part of a name (`checkout-04/pages`, `#step-04`, `v04.txt`).
        case structure
    }

    /// The marks around each redacted value in `redact(_:marked:)`'s output (private-use characters, taken out of the
    /// input first), for a view that draws what the agent received as seen.
    public static let seenStart: Unicode.Scalar = "\u{E000}"
    public static let seenEnd: Unicode.Scalar = "\u{E001}"

    /// `text` with character references decoded and every sighting of a planted value and every detector hit replaced
    /// by its evidence: the whole value's evidence for a whole value, and for a part (a prefix typed so far, a partly
    /// masked rendering) only what crossed (`4111 ·· (4 of 16 digits)`). A prefix counts at the end of a line (a
    /// keystroke's input event) from four letters or digits on — from the first for the items in `typing`, the values
    /// the text is known to be typing. With `marked`, each replacement is put between `seenStart` and `seenEnd`;
    /// with `reveal` too (`--reveal`), each sighting is kept as it is, only marked.
    public func redact(
        _ text: String, context: Context = .value, typing: Set<String> = [], marked: Bool = false, reveal: Bool = false
    ) -> String {
        var scalars = WireText.decode(text)
        if marked {
            for index in scalars.indices where scalars[index] == Self.seenStart || scalars[index] == Self.seenEnd {
                scalars[index] = "\u{FFFD}"
            }
        }
        var spans: [(range: Range<Int>, replacement: String)] = []
        for (item, pattern) in patterns {
            // A prefix at the end of a line is a keystroke's input event: redacted like the whole value.
            let sightings = pattern.sightings(
                in: scalars, prefixAllowed: { pattern.endsLine(scalars, $0) },
                minimumPrefix: typing.contains(item.id) ? 1 : 4)
            // Characters of the value that are not compared (a phone number's leading `+`) go with it.
            let leading = item.value.unicodeScalars.prefix {
                !$0.properties.isAlphabetic && !("0"..."9").contains($0) && !$0.properties.isWhitespace
            }
            for sighting in sightings {
                var range = sighting.range
                // A prefix ends its line: the separators typed after it (`11/`) are the value's too (but not the empty
                // boxes of a split field, which are the page's).
                if !sighting.complete {
                    while range.upperBound < scalars.count, scalars[range.upperBound] != "\n",
                        scalars[range.upperBound] != "["
                    {
                        range = range.lowerBound..<(range.upperBound + 1)
                    }
                }
                if context == .structure, pattern.symbols.count < 6, Self.isPartOfName(scalars, range),
                    !Self.isInURL(scalars, range)
                {
                    continue
                }
                if !leading.isEmpty, range.lowerBound >= leading.count,
                    Array(scalars[(range.lowerBound - leading.count)..<range.lowerBound]) == Array(leading)
                {
                    range = (range.lowerBound - leading.count)..<range.upperBound
                }
                let replacement =
                    reveal
                    ? String(String.UnicodeScalarView(scalars[range]))
                    : sighting.grade == .full && sighting.complete
                        ? Redaction.evidence(item.value, dataClass: item.dataClass)
                        : Redaction.partial(
                            String(String.UnicodeScalarView(scalars[range])), of: item.value, dataClass: item.dataClass,
                            revealed: sighting.revealed, total: pattern.symbols.count)
                spans.append((range, replacement))
            }
        }
        let (open, close) = marked ? (String(Self.seenStart), String(Self.seenEnd)) : ("", "")
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(scalars.count)
        var next = 0
        // The longest of sightings that start together wins; one that starts inside another and runs past it has its
        // overhang masked too, so no part of either prints in clear.
        for span in spans.sorted(by: {
            ($0.range.lowerBound, -$0.range.upperBound) < ($1.range.lowerBound, -$1.range.upperBound)
        })
        where span.range.upperBound > next {
            if span.range.lowerBound >= next {
                output.append(contentsOf: scalars[next..<span.range.lowerBound])
                output.append(contentsOf: (open + span.replacement + close).unicodeScalars)
            } else {
                let overhang = scalars[next..<span.range.upperBound].map { $0.properties.isWhitespace ? $0 : "•" }
                output.append(contentsOf: open.unicodeScalars + overhang + close.unicodeScalars)
            }
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
            let evidence = Redaction.evidence(
                raw, dataClass: DataClass(hit.detectorClass), reveal: reveal)
            result.append(contentsOf: (open + evidence + close).utf8)
            offset = hit.range.upperBound
        }
        result.append(contentsOf: bytes[offset...])
        return String(decoding: result, as: UTF8.self)
    }

    /// True for a text or field value co-browsing replaced by its mask: only `*` (and white space), at least one
    /// (`********`, or stars of the value's length). `explain` and the report's views name it so.
    public static func isMask(_ text: String) -> Bool {
        text.contains("*") && text.allSatisfy { $0 == "*" || $0.isWhitespace }
    }

    /// True when `range` is inside a URL (a token holding `://`): a URL carries values, not names, whatever surrounds it.
    static func isInURL(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
        var start = range.lowerBound
        while start > 0, !scalars[start - 1].properties.isWhitespace { start -= 1 }
        var end = range.upperBound
        while end < scalars.count, !scalars[end].properties.isWhitespace { end += 1 }
        let token = scalars[start..<end]
        return token.indices.contains { index in
            index + 2 < end && token[index] == ":" && token[index + 1] == "/" && token[index + 2] == "/"
        }
    }

    /// True when the text at `range` is glued to a name around it by the characters names are made of (`-`, `_`,
    /// `/`, `\\`, `#`, `@`, `~`, or a `.` that a letter or digit follows or that follows one): a folder, file,
    /// selector or id, not a value.
    static func isPartOfName(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
        let joiners: Set<Unicode.Scalar> = ["-", "_", "/", "\\", "#", "@", "~"]
        func word(_ index: Int) -> Bool {
            index >= 0 && index < scalars.count && CanaryPattern.isWord(scalars[index])
        }
        if range.lowerBound > 0 {
            let before = scalars[range.lowerBound - 1]
            if joiners.contains(before) || (before == "." && word(range.lowerBound - 2)) { return true }
        }
        if range.upperBound < scalars.count {
            let after = scalars[range.upperBound]
            if joiners.contains(after) || (after == "." && word(range.upperBound + 1)) { return true }
        }
        return false
    }
}
