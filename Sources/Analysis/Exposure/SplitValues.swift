import Detectors
import Fields
import Markup
import Scenarios
import Simulation

/// The form fields of the agent's mirror, rebuilt from the wire: their values, their form and their order. A value
/// typed into four card boxes, or picked in a month and a year select, crosses as several field values; read together,
/// per form and in page order, they are the value again.
struct MirrorFields {
    struct Field {
        /// The mirror id of the form holding it; nil outside any form.
        var form: Int?
        var value: String
        /// The index in the wire of the message that last set the value.
        var message: Int
    }

    /// One field's value as a possible part of a split value.
    struct Part {
        var id: Int
        var value: String
        var message: Int
    }

    /// The fields by mirror id.
    private(set) var fields: [Int: Field] = [:]
    /// Every mirrored element's form, parent and place in the page, so a part of a form a script sends again keeps
    /// its form and its order. A place is a path: a snapshot numbers its elements `[i]`, a mutation of the subtree at
    /// `p` numbers its elements `p + [i]`, which sorts them where the subtree stands.
    private var formOf: [Int: Int] = [:]
    private var parentOf: [Int: Int] = [:]
    private var placeOf: [Int: [Int]] = [:]

    /// Applies one message, the wire's `index`th, parsed as `document` when it is markup; returns the mirror ids of the
    /// fields whose value it set.
    mutating func apply(_ message: WireMessage, at index: Int, document: Document?) -> [Int] {
        switch message.kind {
        case .snapshot:
            fields = [:]
            formOf = [:]
            parentOf = [:]
            placeOf = [:]
            return read(document, root: nil, at: index)
        case .mutation:
            if message.content.hasPrefix("remove n"), let id = Int(message.content.dropFirst(8), radix: 36) {
                removeFields(under: id)
                return []
            }
            // The subtree at the message's node is sent again whole: its old fields are gone, its new ones take its place.
            if let root = message.nodeID { removeFields(under: root) }
            return read(document, root: message.nodeID, at: index)
        case .input:
            guard let id = message.nodeID else { return [] }
            fields[id, default: Field(form: formOf[id], value: "", message: index)].value = message.content
            fields[id]?.message = index
            return [id]
        default:
            return []
        }
    }

    /// Forgets the fields at or below `root`.
    private mutating func removeFields(under root: Int) {
        for id in fields.keys where isUnder(id, root) { fields[id] = nil }
    }

    private func isUnder(_ id: Int, _ root: Int) -> Bool {
        var current: Int? = id
        var steps = 0
        while let node = current, steps < 4_096 {
            if node == root { return true }
            current = parentOf[node]
            steps += 1
        }
        return false
    }

    /// Reads every mirrored element of a message (its form, parent and place) and the fields' values (a select's
    /// chosen option, a textarea's text, an input's value).
    private mutating func read(_ document: Document?, root: Int?, at index: Int) -> [Int] {
        guard let document else { return [] }
        let base = root.flatMap { placeOf[$0] } ?? []
        let rootForm = root.flatMap { formOf[$0] }
        var changed: [Int] = []
        var number = 0
        for element in document.node.descendants where element.isElement {
            guard let id = Self.mirrorID(element) else { continue }
            var form: Int? = nil
            var parent: Int? = nil
            var ancestor = element.parent
            while let current = ancestor, current.isElement {
                let currentID = Self.mirrorID(current)
                if parent == nil { parent = currentID }
                if current.name == "form", let currentID {
                    form = currentID
                    break
                }
                ancestor = current.parent
            }
            if id == root {
                // The subtree's root keeps the form, parent and place it had.
                form = form ?? rootForm
            } else {
                form = form ?? rootForm
                if let parent { parentOf[id] = parent } else if let root { parentOf[id] = root }
                number += 1
                placeOf[id] = base + [number]
            }
            if element.name == "form" { form = id }
            formOf[id] = form
            guard element.matches(Self.fieldSelector) else { continue }
            let value: String
            switch element.name {
            case "select":
                let chosen = element.select(Self.chosenOption).first
                value = chosen.map { $0.attribute("value") ?? $0.textContent } ?? ""
            case "textarea": value = element.textContent
            default: value = element.attribute("value") ?? ""
            }
            fields[id] = Field(form: element.name == "form" ? nil : form, value: value, message: index)
            changed.append(id)
        }
        return changed
    }

    private static let fieldSelector = try! Selector(
        "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea")
    private static let chosenOption = try! Selector("option[selected]")

    static func mirrorID(_ element: Node) -> Int? {
        element.attribute("data-ss-id").flatMap { Int($0.dropFirst(), radix: 36) }
    }

    /// The fields of the form `id` is in, in page order, with their ids.
    func group(of id: Int) -> [Part] {
        guard let form = fields[id].map({ $0.form }) else { return [] }
        return fields.filter { $0.value.form == form }
            .sorted { a, b in
                let left = placeOf[a.key] ?? [Int.max], right = placeOf[b.key] ?? [Int.max]
                return left == right ? a.key < b.key : left.lexicographicallyPrecedes(right)
            }
            .map { Part(id: $0.key, value: $0.value.value, message: $0.value.message) }
    }
}

/// Finds a planted value whose parts stand in several fields of one form: a card number over four boxes (the boxes'
/// values run together make it), an expiry over a month and a year, a date of birth over a day, a month and a year
/// (each part equal to one of the date's parts, in any order, with `2027` for `27` and `November` for `11`).
enum SplitValues {
    struct Match {
        var grade: Finding.Grade
        /// The fields that hold the parts, in page order.
        var parts: [MirrorFields.Part]
    }

    /// Whether `item` is a date, whose parts may be written in any order and format.
    static func isDate(_ item: PlantedItem) -> Bool { item.dataClass == .cardExpiry || item.dataClass == .dateOfBirth }

    /// The best match of `item` across consecutive fields of `group` (at least two fields), if any.
    /// `target` is the item's value compacted (`ExposureAnalyzer.compact`), and `parts` each part's: both are computed
    /// once by the caller, not per item and part (a long session checks every item after every keystroke).
    static func match(
        _ item: PlantedItem, target: [Character], in group: [MirrorFields.Part], parts: [[Character]]
    ) -> Match? {
        let values = group.map(\.value)
        guard values.count >= 2 else { return nil }
        if isDate(item), let window = dateWindow(item.value, values) {
            return Match(grade: .full, parts: Array(group[window]))
        }
        guard target.count >= 4 else { return nil }
        var best: Match?
        for start in values.indices {
            var joined: [Character] = []
            var count = 0
            for part in parts[start...] {
                guard !part.isEmpty, joined.count + part.count <= target.count,
                    Array(target[joined.count..<(joined.count + part.count)]) == part
                else { break }
                joined += part
                count += 1
                if joined.count == target.count { break }
            }
            guard count >= 2 else { continue }
            let grade: Finding.Grade?
            if joined.count == target.count {
                grade = .full
            } else if joined.count >= max(4, (target.count + 1) / 2) {
                grade = .partial
            } else {
                grade = nil
            }
            if let grade, best.map({ grade > $0.grade }) ?? true {
                best = Match(grade: grade, parts: Array(group[start..<(start + count)]))
            }
        }
        return best
    }

    /// The consecutive `values` that are a date's parts (`11/27` → 11, 27; `17.11.1987` → 17, 11, 1987), in any order.
    static func dateWindow(_ value: String, _ values: [String]) -> Range<Int>? {
        let parts = value.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard (2...3).contains(parts.count), values.count >= parts.count else { return nil }
        for start in 0...(values.count - parts.count) {
            var remaining = parts
            var matched = 0
            for field in values[start..<(start + parts.count)] {
                guard let index = remaining.firstIndex(where: { samePart($0, field) }) else { break }
                remaining.remove(at: index)
                matched += 1
            }
            if matched == parts.count { return start..<(start + parts.count) }
        }
        return nil
    }

    /// Whether `unit` writes the date `value` as its parts side by side, in another format than the planted one
    /// (`17 November 1987` for `17.11.1987`, a screen line showing a month and a year select as `08 2031`): as many
    /// consecutive words as the date has parts, apart only by spaces and date punctuation.
    static func dateWritten(_ value: String, in unit: String) -> Bool {
        let parts = value.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard (2...3).contains(parts.count) else { return false }
        var words: [(text: String, gapBefore: Substring)] = []
        var rest = Substring(unit)
        while let start = rest.firstIndex(where: { $0.isLetter || $0.isNumber }) {
            let end = rest[start...].firstIndex { !$0.isLetter && !$0.isNumber } ?? rest.endIndex
            words.append((String(rest[start..<end]), rest[..<start]))
            rest = rest[end...]
        }
        guard words.count >= parts.count else { return false }
        for start in 0...(words.count - parts.count) {
            let window = words[start..<(start + parts.count)]
            guard
                window.dropFirst().allSatisfy({
                    $0.gapBefore.count <= 3 && $0.gapBefore.allSatisfy { $0.isWhitespace || ".,/-".contains($0) }
                })
            else { continue }
            if dateWindow(value, window.map(\.text)) != nil { return true }
        }
        return false
    }

    /// `08` = `8`; `2027` = `27`; `November` = `Nov` = `11`.
    static func samePart(_ planted: String, _ field: String) -> Bool {
        let field = field.trimmingWhitespace()
        guard let plantedNumber = number(planted), let fieldNumber = number(field) else { return false }
        if plantedNumber == fieldNumber { return true }
        // A two-digit year against a four-digit one.
        if planted.count == 2, field.count == 4, fieldNumber % 100 == plantedNumber, fieldNumber >= 1900 { return true }
        if field.count == 2, planted.count == 4, plantedNumber % 100 == fieldNumber, plantedNumber >= 1900 {
            return true
        }
        return false
    }

    private static func number(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        return MonthNames.number(text)
    }
}

/// Points a sighting on the wire at the page element the mirror made it from, and at the value's line and column
/// there: the occurrence that crossed, not the first one in the page (which may be a masked one).
struct Origins {
    let run: ModelRun
    let sources: SourceIndex
    let folder: String
    /// What the last message asked about was read as: a page that shows a value thousands of times asks for
    /// thousands of origins in one message (decoding and walking the message for each was quadratic), and sightings
    /// come in message order, so one message is kept at a time.
    private let cache = Cache()

    init(run: ModelRun, sources: SourceIndex, folder: String) {
        self.run = run
        self.sources = sources
        self.folder = folder
    }

    private final class Cache {
        var elements: (index: Int, map: ElementMap)?
        var lineBreaks: (index: Int, breaks: [Int])?
    }

    /// The source of `item` in `message`, at scalar `offset` of the message's decoded text when the message is markup.
    func origin(
        of item: PlantedItem, in message: WireMessage, index: Int?, at offset: Int?, unit: String? = nil
    ) -> SourceLocation? {
        switch message.kind {
        case .frame:
            // The frame line the value is on (by offset, or the first whose text is the unit), and the element behind it.
            let lines = message.content.split(separator: "\n", omittingEmptySubsequences: false)
            let line: Int?
            if let offset {
                let breaks = lineBreaks(in: message, index: index)
                line = breaks.count(below: offset)
            } else if let unit {
                line = lines.firstIndex { FrameLine.parse($0).map { String($0.text).contains(unit) } ?? false }
            } else {
                line = nil
            }
            guard let line, line < lines.count, let parsed = FrameLine.parse(lines[line]), let index,
                let source = run.frameSources[index]?[String(parsed.source)]
            else { return nil }
            return location(source, value: item)
        case .input:
            // A keystroke's value is the customer's, not the page's: it crossed from the field.
            guard let id = message.nodeID, let source = run.wireSources[id] else { return nil }
            return location(source, value: nil)
        case .snapshot, .mutation:
            let id = offset.flatMap { elements(in: message, index: index).element(at: $0) } ?? message.nodeID
            guard let id, let source = run.wireSources[id] else { return nil }
            return location(source, value: item)
        default: return nil
        }
    }

    /// The value's first place in the page at or after the element's start tag (which may be in a later element when
    /// a script set this one's text); the start tag itself when the value is not in the page after it.
    func location(_ source: WireSource, value item: PlantedItem?) -> SourceLocation {
        let path = folder == "." ? source.page : folder + "/" + source.page
        let tag = sources.startTag(source.name, key: source.key, in: path, endingOnLine: source.line)
        if let item, let found = sources.find(item, in: path, from: tag) { return found }
        return tag ?? SourceLocation(file: path, line: source.line, column: 1)
    }

    /// The line breaks of a frame's decoded text, by scalar offset.
    private func lineBreaks(in message: WireMessage, index: Int?) -> [Int] {
        if let index, let known = cache.lineBreaks, known.index == index { return known.breaks }
        var found: [Int] = []
        for (offset, scalar) in WireText.decode(ExposureAnalyzer.frameText(message.content)).enumerated()
        where scalar == "\n" {
            found.append(offset)
        }
        if let index { cache.lineBreaks = (index, found) }
        return found
    }

    private func elements(in message: WireMessage, index: Int?) -> ElementMap {
        if let index, let known = cache.elements, known.index == index { return known.map }
        let map = ElementMap(WireText.decode(message.content))
        if let index { cache.elements = (index, map) }
        return map
    }

    /// The tags of serialised markup read once, so the mirror id of the innermost element around any offset is a
    /// binary search (inside a start tag, that tag's; in text, the nearest open element's — the mirror's own markup is
    /// well formed).
    struct ElementMap {
        /// Per tag, in order: where it starts (`<`) and ends (`>`), its own mirror id, and the innermost open
        /// element's id once it is read.
        private var starts: [Int] = []
        private var ends: [Int] = []
        private var ids: [Int?] = []
        private var openAfter: [Int?] = []

        init(_ text: [Unicode.Scalar]) {
            var stack: [(name: String, id: Int?)] = []
            var index = 0
            while index < text.count {
                guard text[index] == "<", index + 1 < text.count else {
                    index += 1
                    continue
                }
                var end = index + 1
                while end < text.count, text[end] != ">" { end += 1 }
                let tag = String(String.UnicodeScalarView(text[(index + 1)..<min(end, text.count)]))
                if tag.hasPrefix("/") {
                    let name = tag.dropFirst().prefix { $0.isLetter || $0.isNumber }.lowercased()
                    if let open = stack.lastIndex(where: { $0.name == name }) { stack.removeSubrange(open...) }
                } else if let first = tag.first, first.isLetter {
                    let name = tag.prefix { $0.isLetter || $0.isNumber }.lowercased()
                    if !MirrorSerializer.voidElements.contains(name), !tag.hasSuffix("/") {
                        stack.append((name, Origins.id(in: tag)))
                    }
                }
                starts.append(index)
                ends.append(end)
                ids.append(Origins.id(in: tag))
                openAfter.append(stack.last { $0.id != nil }?.id)
                index = end + 1
            }
        }

        /// Inside a start tag, that tag's id; elsewhere the innermost open element's.
        func element(at offset: Int) -> Int? {
            // The last tag that starts at or before `offset`.
            let last = starts.count(below: offset + 1) - 1
            guard last >= 0 else { return nil }
            if offset > starts[last], offset < ends[last] { return ids[last] }
            return openAfter[last]
        }
    }

    fileprivate static func id(in tag: String) -> Int? {
        guard let range = tag.range(of: "data-ss-id=\"n") else { return nil }
        return Int(tag[range.upperBound...].prefix { $0.isLetter || $0.isNumber }, radix: 36)
    }
}
