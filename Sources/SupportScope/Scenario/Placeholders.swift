/// Finds and replaces `{{item}}` placeholders.
///
/// `{{ id }}` (spaces allowed) names a planted item; `\{{` writes a literal
/// `{{`, for pages that show template syntax on purpose.
enum Placeholders {
    /// One placeholder occurrence: the item id and the UTF-8 offset of its `{{`.
    struct Occurrence {
        let id: String
        let utf8Offset: Int
    }

    /// Replaces every placeholder using `value`; ids `value` does not know are returned, in order.
    static func expand(_ text: String, value: (String) -> String?) -> (text: String, unknown: [Occurrence], used: Set<String>) {
        guard text.contains("{{") else { return (text, [], []) }
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
                let id = String(decoding: bytes[(index + 2)..<close], as: UTF8.self).trimmingWhitespace()
                if let replacement = value(id) {
                    output += Array(replacement.utf8)
                    used.insert(id)
                } else {
                    unknown.append(Occurrence(id: id, utf8Offset: index))
                    output += bytes[index..<(close + 2)]
                }
                index = close + 2
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return (String(decoding: output, as: UTF8.self), unknown, used)
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
