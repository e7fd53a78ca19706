/// Decides a media query list (`screen and (min-width: 600px), print`) for a screen of known width, where it can.
///
/// Known: the media types `all`, `screen` and `print`, `not` and `only`, and the features `min-width`, `max-width`
/// and `width` in `px` (also `em`/`rem` at 16 px) and `orientation`. Anything else (`prefers-color-scheme`, `hover`,
/// range syntax, `@supports` and `@container` conditions) is unknown: nil.
public enum MediaQuery {
    /// True when the list matches a screen `width` by `height` CSS pixels, false when it cannot, nil when unknown (a
    /// size of nil is unknown too).
    public static func evaluate(_ list: String, width: Int?, height: Int?) -> Bool? {
        let queries = list.split(separator: ",").map { $0.lowercased().cssTrimmed }
        guard !queries.isEmpty else { return true }
        var unknown = false
        for query in queries {
            switch evaluateOne(query, width: width, height: height) {
            case true?: return true
            case nil: unknown = true
            case false?: continue
            }
        }
        return unknown ? nil : false
    }

    /// An at-rule's prelude (`@media print`, `@supports (display: grid)`): decided for `@media`, unknown for the rest,
    /// true for `@layer` (a layer changes the cascade order, not whether a rule applies).
    public static func evaluate(condition prelude: String, width: Int?, height: Int?) -> Bool? {
        let lowered = prelude.lowercased()
        if lowered.hasPrefix("@media") { return evaluate(String(lowered.dropFirst(6)), width: width, height: height) }
        if lowered.hasPrefix("@layer") { return true }
        return nil
    }

    private static func evaluateOne(_ query: String, width: Int?, height: Int?) -> Bool? {
        var words = query.split(whereSeparator: \.isWhitespace).map(String.init)
        var negated = false
        if words.first == "not" {
            negated = true
            words.removeFirst()
        } else if words.first == "only" {
            words.removeFirst()
        }
        var result: Bool? = true
        var index = 0
        // Parenthesised features may contain spaces: glue each `( ... )` back together.
        var parts: [String] = []
        while index < words.count {
            var word = words[index]
            while word.hasPrefix("("), !word.contains(")"), index + 1 < words.count {
                index += 1
                word += " " + words[index]
            }
            parts.append(word)
            index += 1
        }
        for part in parts where part != "and" {
            let value: Bool?
            switch part {
            case "all", "screen": value = true
            case "print", "speech", "tv", "handheld", "projection", "tty", "braille", "embossed", "aural": value = false
            default: value = part.hasPrefix("(") ? feature(part, width: width, height: height) : nil
            }
            switch (result, value) {
            case (_, false?): result = false
            case (true?, nil): result = nil
            default: break
            }
            if result == false { break }
        }
        guard let decided = result else { return nil }
        return negated ? !decided : decided
    }

    /// A feature's truth; nil when it is unknown, or when the screen's size is (a frame sized by CSS).
    private static func feature(_ text: String, width: Int?, height: Int?) -> Bool? {
        let inner = text.dropFirst().prefix { $0 != ")" }
        let pieces = inner.split(separator: ":", maxSplits: 1).map { String($0).cssTrimmed }
        guard pieces.count == 2 else { return nil }
        if pieces[0] == "orientation" {
            guard let width, let height else { return nil }
            switch pieces[1] {
            case "landscape": return width >= height
            case "portrait": return height >= width
            default: return nil
            }
        }
        guard let length = pixels(pieces[1]) else { return nil }
        // A dimension that is not known (a frame sized by CSS) decides nothing about itself.
        switch pieces[0] {
        case "min-width": return width.map { Double($0) >= length }
        case "max-width": return width.map { Double($0) <= length }
        case "width": return width.map { Double($0) == length }
        case "min-height": return height.map { Double($0) >= length }
        case "max-height": return height.map { Double($0) <= length }
        default: return nil
        }
    }

    private static func pixels(_ value: String) -> Double? {
        for (unit, factor) in [("px", 1.0), ("rem", 16.0), ("em", 16.0)] where value.hasSuffix(unit) {
            return Double(String(value.dropLast(unit.count)).cssTrimmed).map { $0 * factor }
        }
        return value == "0" ? 0 : nil
    }
}
