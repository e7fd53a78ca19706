import Scenarios

/// One line of a frame message: `source @x,y: text` (what `PixelModel` sends), read without regular expressions
/// because reports and the analysis read every line of every frame.
public enum FrameLine {
    /// The line's parts, or nil when it has no `@x,y: ` label. The source may itself contain ` @`.
    public static func parse(_ line: Substring) -> (source: Substring, x: Int, y: Int, text: Substring)? {
        let utf8 = line.utf8
        var index = utf8.startIndex
        while let at = utf8[index...].firstIndex(of: UInt8(ascii: "@")) {
            defer { index = utf8.index(after: at) }
            guard at > utf8.startIndex, utf8[utf8.index(before: at)] == UInt8(ascii: " ") else { continue }
            var cursor = utf8.index(after: at)
            func number() -> Int? {
                var value = 0
                var digits = 0
                while cursor < utf8.endIndex, utf8[cursor] >= 0x30, utf8[cursor] <= 0x39, digits < 9 {
                    value = value * 10 + Int(utf8[cursor] - 0x30)
                    digits += 1
                    cursor = utf8.index(after: cursor)
                }
                return digits > 0 ? value : nil
            }
            guard let x = number(), cursor < utf8.endIndex, utf8[cursor] == UInt8(ascii: ",") else { continue }
            cursor = utf8.index(after: cursor)
            guard let y = number(), cursor < utf8.endIndex, utf8[cursor] == UInt8(ascii: ":") else { continue }
            cursor = utf8.index(after: cursor)
            guard cursor < utf8.endIndex, utf8[cursor] == UInt8(ascii: " ") else { continue }
            let textStart = utf8.index(after: cursor)
            let sourceEnd = utf8.index(before: at)
            return (Substring(utf8[utf8.startIndex..<sourceEnd]), x, y, Substring(utf8[textStart...]))
        }
        return nil
    }
}
