/// Finds and replaces `{{item}}` placeholders.
///
/// `{{ id }}` (spaces allowed) names a planted item; `{{id#2}}` its second part (the value split at spaces and
/// punctuation: `4000 0566 5566 5556` has four, `17.11.1987` three), for a value entered in several fields; `\{{`
/// writes a literal `{{`, for pages that show template syntax on purpose.
enum Placeholders {
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
    static func expand(_ text: String, value: (String) -> String?) -> (text: String, unknown: [Occurrence], used: Set<String>) {
        let result = expandNoting(text, value: value)
        return (result.text, result.unknown, result.used)
    }

    /// `expand`, also returning where each value went in the output (UTF-8 offsets), by item id.
    static func expandNoting(_ text: String, value: (String) -> String?)
        -> (text: String, unknown: [Occurrence], used: Set<String>, placed: [(id: String, range: Range<Int>)]) {
        guard text.contains("{{") else { return (text, [], [], []) }
        var placed: [(id: String, range: Range<Int>)] = []
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var unknown: [Occurrence] = []
        var used: Set<String> = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "{"), bytes[index + 2] == UInt8(ascii: "{") {
                output += [UInt8(ascii: "{"), UInt8(ascii: "{")]
                index += 3
                continue
            }
            if bytes[index] == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{"),
               let close = closing(bytes, from: index + 2) {
                let name = String(decoding: bytes[(index + 2)..<close], as: UTF8.self).trimmingWhitespace()
                let hash = name.lastIndex(of: "#")
                let id = hash.map { String(name[..<$0]).trimmingWhitespace() } ?? name
                let part = hash.flatMap { Int(String(name[name.index(after: $0)...]).trimmingWhitespace()) }
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
        return (String(decoding: output, as: UTF8.self), unknown, used, placed)
    }

    /// The text unit around each placed value, with the value replaced by `marker`: in a page the text between the
    /// tags or the quotes around it, elsewhere its line. `Code: {{otp}}` gives `code: \u{1}`; `<b>{{cvc}}</b>` gives
    /// `\u{1}`. A short value (a CVC, a month) is only ever traced where it stands in such a unit.
    static func contexts(in text: String, placed: [(id: String, range: Range<Int>)], markup: Bool) -> [(id: String, context: String)] {
        let bytes = Array(text.utf8)
        return placed.map { id, range in
            var start = range.lowerBound
            while start > 0, !isUnitEdge(bytes[start - 1], markup: markup) { start -= 1 }
            var end = range.upperBound
            while end < bytes.count, !isUnitEdge(bytes[end], markup: markup) { end += 1 }
            let unit = String(decoding: bytes[start..<range.lowerBound], as: UTF8.self) + "\u{1}"
                + String(decoding: bytes[range.upperBound..<end], as: UTF8.self)
            return (id, BoundValues.normalised(unit))
        }
    }

    private static func isUnitEdge(_ byte: UInt8, markup: Bool) -> Bool {
        byte == UInt8(ascii: "\n") || (markup && (byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
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
