/// Finds and replaces `{{item}}` placeholders.
///
/// `{{ id }}` (spaces allowed) names a planted item; `{{id#2}}` its second part (the value split at spaces and
/// punctuation: `4000 0566 5566 5556` has four, `17.11.1987` three), for a value entered in several fields; `\{{`
/// writes a literal `{{`, for pages that show template syntax on purpose.
package enum Placeholders {
    /// One placeholder occurrence: the item id and the UTF-8 offset of its `{{`.
    struct Occurrence {
        let id: String
        let utf8Offset: Int
        /// The part asked for (`{{id#n}}`), when the item exists but has no such part.
        var part: Int? = nil
    }

    /// The parts of a value as `{{id#n}}` numbers them from 1: its runs of letters and digits.
    static func parts(of value: String) -> [String] {
        value.split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// Replaces every placeholder using `value`; ids `value` does not know are returned, in order.
    static func expand(
        _ text: String, value: (String) -> String?
    ) -> (text: String, unknown: [Occurrence], used: Set<String>) {
        let result = expandNoting(text, value: value)
        return (result.text, result.unknown, result.used)
    }

    /// What `expandNoting` gives: the text, the placeholders it could not fill, the items used, where each value went
    /// (UTF-8 offsets) and whether the output reached `limit` (then the text is cut there and must not be used).
    struct Expansion {
        var text: String
        var unknown: [Occurrence]
        var used: Set<String>
        var placed: [(id: String, range: Range<Int>)]
        var overflow = false
    }

    /// `expand`, also returning where each value went in the output, and stopping once the output passes `limit`
    /// bytes: a 400 KB value used 100,000 times must be refused, not built.
    static func expandNoting(_ text: String, limit: Int = .max, value: (String) -> String?) -> Expansion {
        guard text.contains("{{") else {
            return Expansion(text: text, unknown: [], used: [], placed: [], overflow: text.utf8.count > limit)
        }
        var placed: [(id: String, range: Range<Int>)] = []
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var unknown: [Occurrence] = []
        var used: Set<String> = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "{"),
                bytes[index + 2] == UInt8(ascii: "{")
            {
                output += [UInt8(ascii: "{"), UInt8(ascii: "{")]
                index += 3
                continue
            }
            if bytes[index] == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{"),
                let close = closing(bytes, from: index + 2)
            {
                let name = String(decoding: bytes[(index + 2)..<close], as: UTF8.self).trimmingWhitespace()
                let hash = name.lastIndex(of: "#")
                let id = hash.map { String(name[..<$0]).trimmingWhitespace() } ?? name
                let part = hash.flatMap { Int(String(name[name.index(after: $0)...]).trimmingWhitespace()) }
                if let whole = value(id), output.count + whole.utf8.count > limit {
                    used.insert(id)
                    return Expansion(
                        text: String(decoding: output, as: UTF8.self), unknown: unknown, used: used, placed: placed,
                        overflow: true)
                }
                if hash == nil, let replacement = value(id) {
                    placed.append((id, output.count..<(output.count + replacement.utf8.count)))
                    output += Array(replacement.utf8)
                    used.insert(id)
                } else if let whole = value(id), let part, part >= 1, part <= parts(of: whole).count {
                    // A part is not the value: it says where the value went without being traced as a context.
                    output += Array(parts(of: whole)[part - 1].utf8)
                    used.insert(id)
                } else {
                    unknown.append(Occurrence(id: id, utf8Offset: index, part: value(id) == nil ? nil : part ?? 0))
                    output += bytes[index..<(close + 2)]
                }
                index = close + 2
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return Expansion(
            text: String(decoding: output, as: UTF8.self), unknown: unknown, used: used, placed: placed,
            overflow: output.count > limit)
    }

    /// The places each value was put, as the words around it with the value replaced by `\u{1}`: in a page the text
    /// between the tags or the quotes around it, and, for text, also the words a reader sees around it across inline
    /// tags (`Code: <b>{{otp}}</b>` gives `\u{1}` and `code: \u{1}`); elsewhere its line. At most `contextWords` words
    /// are kept on each side, so a long paragraph wrapped on a screen still holds the context. A short value (a CVC, a
    /// month) is only ever traced where it stands in such a place.
    package static func contexts(
        in text: String, placed: [(id: String, range: Range<Int>)], markup: Bool
    ) -> [(id: String, context: String)] {
        let bytes = Array(text.utf8)
        var result: [(id: String, context: String)] = []
        for (id, range) in placed {
            var start = range.lowerBound
            while start > 0, !isUnitEdge(bytes[start - 1], markup: markup) { start -= 1 }
            var end = range.upperBound
            while end < bytes.count, !isUnitEdge(bytes[end], markup: markup) { end += 1 }
            result.append((id, context(before: bytes[start..<range.lowerBound], after: bytes[range.upperBound..<end])))
            if markup, !isInsideTag(bytes, at: range.lowerBound) {
                let before = readerText(bytes, from: range.lowerBound, forward: false)
                let after = readerText(bytes, from: range.upperBound, forward: true)
                result.append((id, context(before: before[...], after: after[...])))
            }
        }
        return result
    }

    /// Words kept on each side of a context.
    static let contextWords = 2

    private static func context(before: ArraySlice<UInt8>, after: ArraySlice<UInt8>) -> String {
        let left = TextUnits.normalised(String(decoding: before, as: UTF8.self)).split(
            separator: " ", omittingEmptySubsequences: false)
        let right = TextUnits.normalised(String(decoding: after, as: UTF8.self)).split(
            separator: " ", omittingEmptySubsequences: false)
        // `normalised` trims, so a space next to the value is added back where there was one.
        let spaceBefore = before.last.map { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 } ?? false
        let spaceAfter = after.first.map { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 } ?? false
        let head = left.suffix(contextWords).joined(separator: " ")
        let tail = right.prefix(contextWords).joined(separator: " ")
        return head + (spaceBefore && !head.isEmpty ? " " : "") + "\u{1}" + (spaceAfter && !tail.isEmpty ? " " : "")
            + tail
    }

    /// Whether `offset` is inside a start tag (an attribute value) rather than in text.
    private static func isInsideTag(_ bytes: [UInt8], at offset: Int) -> Bool {
        var index = offset - 1
        while index >= 0 {
            if bytes[index] == UInt8(ascii: "<") { return true }
            if bytes[index] == UInt8(ascii: ">") { return false }
            index -= 1
        }
        return false
    }

    /// The text a reader sees next to `offset`, across inline tags (`<b>`, `<span>`, `<a>`), up to a block's edge or
    /// 200 bytes; tags are dropped and become nothing, line breaks become spaces.
    private static func readerText(_ bytes: [UInt8], from offset: Int, forward: Bool) -> [UInt8] {
        var text: [UInt8] = []
        var index = forward ? offset : offset - 1
        var read = 0
        while index >= 0, index < bytes.count, read < 200 {
            let byte = bytes[index]
            if byte == UInt8(ascii: forward ? "<" : ">") {
                // A whole tag: inline ones are skipped, anything else ends the text.
                var other = index
                while other >= 0, other < bytes.count, bytes[other] != UInt8(ascii: forward ? ">" : "<") {
                    other += forward ? 1 : -1
                }
                guard other >= 0, other < bytes.count else { break }
                let tag = forward ? bytes[(index + 1)..<other] : bytes[(other + 1)..<index]
                let name = String(
                    decoding: tag.drop { $0 == UInt8(ascii: "/") }.prefix {
                        $0 != 0x20 && $0 != UInt8(ascii: "/") && $0 != 0x0A
                    }, as: UTF8.self
                ).lowercased()
                guard inlineTags.contains(name) else { break }
                index = other + (forward ? 1 : -1)
                continue
            }
            text.append(byte == 0x0A || byte == 0x09 || byte == 0x0D ? 0x20 : byte)
            index += forward ? 1 : -1
            read += 1
        }
        return forward ? text : Array(text.reversed())
    }

    /// Elements that keep text on one line with its neighbours.
    private static let inlineTags: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp",
        "small", "span",
        "strong", "sub", "sup", "time", "u", "var", "font", "output",
    ]

    private static func isUnitEdge(_ byte: UInt8, markup: Bool) -> Bool {
        byte == UInt8(ascii: "\n")
            || (markup
                && (byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
                    || byte == UInt8(ascii: "'")))
    }

    /// The index of the `}}` that closes a placeholder starting at `start`, within one line.
    private static func closing(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count, index - start < 200 {
            if bytes[index] == UInt8(ascii: "\n") { return nil }
            if bytes[index] == UInt8(ascii: "}"), bytes[index + 1] == UInt8(ascii: "}") { return index }
            index += 1
        }
        return nil
    }
}
