import Detectors
import Scenarios
import Simulation

/// The scenario's pages and files, for pointing a finding at the line that holds its data.
///
/// Everything is found when the index is built, once per scenario: each planted value with the
/// tracer, and every value the detectors find in one scan of each source, so a finding's location is a
/// lookup however many findings a run has.
struct SourceIndex: Sendable {
    let sources: [(file: String, text: [Unicode.Scalar])]
    /// The offset of each line's first scalar, per source file: line and column of any offset by binary search.
    private var lineStarts: [String: [Int]] = [:]
    /// Where each planted item's value first appears in full, by item id, per source file.
    private var planted: [String: [(file: String, location: SourceLocation)]] = [:]
    /// Where each detector hit's value (letters and digits, uppercased) first appears, per source file.
    private var detected: [String: [(file: String, location: SourceLocation)]] = [:]

    init(scenario: Scenario) {
        var sources: [(String, [Unicode.Scalar])] = []
        var seen = Set<String>()
        func add(_ page: String, _ html: String) {
            let path = scenario.folder == "." ? page : scenario.folder + "/" + page
            guard seen.insert(path).inserted else { return }
            sources.append((path, Array(html.unicodeScalars)))
        }
        for window in scenario.world.windows {
            for tab in window.tabs {
                add(tab.page, tab.html)
                for frame in tab.frames { add(frame.page, frame.html) }
            }
        }
        for step in scenario.steps {
            if case let .navigate(_, _, page, html) = step.action { add(page, html) }
        }
        for file in scenario.world.files where seen.insert(file.path).inserted {
            sources.append((file.path, Array(file.content.unicodeScalars)))
        }
        self.sources = sources
        for (file, text) in sources {
            lineStarts[file] = [0] + text.indices.filter { text[$0] == "\n" }.map { $0 + 1 }
            var lines = LineCounter(text)
            for item in scenario.items {
                let pattern = CanaryPattern(value: item.value, dataClass: item.dataClass)
                guard let sighting = pattern.sightings(in: text).first(where: { $0.grade == .full }) else { continue }
                planted[item.value + "\u{0}" + item.dataClass.rawValue, default: []].append(
                    (file, lines.location(file, sighting.range.lowerBound)))
            }
            let string = String(String.UnicodeScalarView(text))
            let bytes = Array(string.utf8)
            var byteLines = LineCounter(bytes)
            for hit in DetectorSet.all.scan(string) {
                let key = ExposureAnalyzer.compact(String(decoding: bytes[hit.range], as: UTF8.self))
                guard detected[key]?.contains(where: { $0.file == file }) != true else { continue }
                detected[key, default: []].append((file, byteLines.location(file, hit.range.lowerBound)))
            }
        }
    }

    /// Where `item`'s value first appears in `file` at or after `start` (the start tag of the element that carried it), or nil.
    func find(_ item: PlantedItem, in file: String, from start: SourceLocation?) -> SourceLocation? {
        guard let text = sources.first(where: { $0.file == file })?.text, let starts = lineStarts[file] else {
            return nil
        }
        let offset = start.map { min(starts[min(max($0.line, 1), starts.count) - 1] + $0.column - 1, text.count) } ?? 0
        let pattern = CanaryPattern(value: item.value, dataClass: item.dataClass)
        guard let sighting = pattern.sightings(in: Array(text[offset...])).first else { return nil }
        return location(in: file, starts: starts, offset + sighting.range.lowerBound)
    }

    /// The start tag of element `name` that begins on or before `line` (libxml2 numbers an element by the line its
    /// start tag ends on, so a tag spread over several lines starts earlier): the last one, or on that line the one
    /// whose tag holds `key` (its id or name) when the element has one — a minified page has everything on one line.
    func startTag(_ name: String, key: String? = nil, in file: String, endingOnLine line: Int) -> SourceLocation? {
        guard let text = sources.first(where: { $0.file == file })?.text, let starts = lineStarts[file], !name.isEmpty,
            line >= 1
        else { return nil }
        let end = line < starts.count ? starts[line] : text.count
        let lineStart = starts[min(line, starts.count) - 1]
        let open = Array(("<" + name.lowercased()).unicodeScalars)
        let wanted = key.map { Array(("\"" + $0 + "\"").unicodeScalars) }
        var last: Int?
        var index = end - open.count
        while index >= 0 {
            if (0..<open.count).allSatisfy({ Self.lowercased(text[index + $0]) == open[$0] }),
                index + open.count == text.count || !Self.isNameSymbol(text[index + open.count])
            {
                guard let wanted, index >= lineStart else { return location(in: file, starts: starts, last ?? index) }
                if last == nil { last = index }
                var close = index
                while close < text.count, text[close] != ">" { close += 1 }
                let tag = text[index..<close]
                if tag.count >= wanted.count,
                    (0...(tag.count - wanted.count)).contains(where: { tag.dropFirst($0).starts(with: wanted) })
                {
                    return location(in: file, starts: starts, index)
                }
            }
            index -= 1
        }
        return last.map { location(in: file, starts: starts, $0) }
    }

    private func location(in file: String, starts: [Int], _ offset: Int) -> SourceLocation {
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return SourceLocation(file: file, line: low + 1, column: offset - starts[low] + 1)
    }

    private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }

    private static func isNameSymbol(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
            || scalar == ":"
    }

    /// The first place `value` (a planted value of `dataClass`, or a detector hit) appears in full, as file,
    /// line and column; in `preferring` first when it is one of the sources.
    func locate(_ value: String, dataClass: DataClass, preferring: String? = nil) -> SourceLocation? {
        let places = planted[value + "\u{0}" + dataClass.rawValue] ?? detected[ExposureAnalyzer.compact(value)] ?? []
        return (places.first { $0.file == preferring } ?? places.first)?.location
    }
}

/// Line and column of increasing offsets, counted forward from the previous one.
struct LineCounter<Element: Equatable> {
    let text: [Element]
    let newline: Element
    let isContinuation: (Element) -> Bool
    var position = 0
    var line = 1
    var column = 1

    mutating func location(_ file: String, _ offset: Int) -> SourceLocation {
        if offset < position {
            (position, line, column) = (0, 1, 1)
        }
        while position < offset {
            if text[position] == newline {
                line += 1
                column = 1
            } else if !isContinuation(text[position]) {
                column += 1
            }
            position += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}

extension LineCounter where Element == Unicode.Scalar {
    init(_ text: [Unicode.Scalar]) { self.init(text: text, newline: "\n", isContinuation: { _ in false }) }
}

extension LineCounter where Element == UInt8 {
    /// Columns count characters, not UTF-8 continuation bytes.
    init(_ text: [UInt8]) { self.init(text: text, newline: 0x0A, isContinuation: { $0 & 0xC0 == 0x80 }) }
}
