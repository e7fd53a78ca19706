import Foundation

/// Text as a browser renders it, for comparing what the agent can read: the one set of rules the detectors, the
/// planted-value tracer, co-browsing's content masking and the reports' redaction share.
///
/// A value can be written so that the bytes differ while the screen shows the same thing: groups on separate
/// indented lines or with runs of spaces (HTML collapses white space), zero-width spaces or soft hyphens between
/// digits (invisible), full-width, Arabic-Indic or mathematical digits (read as digits), CSS escapes in style text
/// (`\34` is `4`), `_`, `,` or ` -- ` between groups. Each of those let a card number cross unreported in hostile
/// testing; here each is folded to the plain form the detectors and the tracer know.
public enum RenderedText {
    /// Characters a browser draws as nothing: zero-width space, non-joiner and joiner, word joiner and the invisible
    /// operators, soft hyphen, byte-order mark, Mongolian vowel separator, combining grapheme joiner.
    @inline(__always) public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xAD, 0x34F, 0x180E, 0x200B...0x200D, 0x2060...0x2064, 0xFEFF: true
        default: false
        }
    }

    /// Dashes a reader takes for `-`.
    @inline(__always) public static func isDash(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: true
        default: false
        }
    }

    /// The ASCII letter or digit a scalar is read as (NFKC for full-width and mathematical forms, the digit value for
    /// any script's decimal digits), or the scalar itself.
    @inline(__always) public static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x80 { return scalar }
        if (0xFF01...0xFF5E).contains(value) { return Unicode.Scalar(value - 0xFEE0)! }
        if scalar.properties.numericType == .decimal, let digit = scalar.properties.numericValue,
            digit >= 0, digit <= 9
        {
            return Unicode.Scalar(UInt8(0x30 + Int(digit)))
        }
        if (0x1D400...0x1D7FF).contains(value),
            let folded = String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars.first,
            folded.value < 0x80
        {
            return folded
        }
        return scalar
    }

    /// A CSS escape (`\` and one to six hex digits, then an optional space) at `index` that stands for an ASCII letter
    /// or digit, with its length in scalars. Other escapes are left alone: only these can hide a value.
    public static func cssEscape(_ scalars: [Unicode.Scalar], at index: Int) -> (scalar: Unicode.Scalar, length: Int)? {
        guard scalars[index] == "\\" else { return nil }
        var end = index + 1
        var value: UInt32 = 0
        while end < scalars.count, end - index <= 6, let digit = hexValue(scalars[end]) {
            value = value * 16 + digit
            end += 1
        }
        guard end > index + 1, let decoded = Unicode.Scalar(value), decoded.value < 0x80,
            decoded.properties.isAlphabetic || ("0"..."9").contains(decoded)
        else { return nil }
        if end < scalars.count, scalars[end] == " " || scalars[end] == "\n" || scalars[end] == "\t" { end += 1 }
        return (decoded, end - index)
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 0x30
        case "a"..."f": scalar.value - 0x61 + 10
        case "A"..."F": scalar.value - 0x41 + 10
        default: nil
        }
    }

    /// Rendered text with, for each of its UTF-8 bytes, the range of the source bytes it came from.
    public struct Mapped {
        /// The rendered text's UTF-8 bytes.
        public var bytes: [UInt8]
        /// For each rendered byte, the source's byte offset where its character starts and ends.
        public var starts: [Int]
        public var ends: [Int]

        /// The source range of rendered bytes `range`.
        public func source(_ range: Range<Int>) -> Range<Int> {
            guard !range.isEmpty else { return starts[range.lowerBound]..<starts[range.lowerBound] }
            return starts[range.lowerBound]..<ends[range.upperBound - 1]
        }
    }

    /// `text` as rendered (see the type's note), or nil when rendering changes nothing a detector reads — the common
    /// case, found in one pass over the bytes: no byte beyond ASCII, no backslash, no run of white space, no `_` or
    /// `,` between digits.
    public static func rendered(_ bytes: UnsafeBufferPointer<UInt8>) -> Mapped? {
        guard needsRendering(bytes) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let scalars = Array(text.unicodeScalars)
        var offsets: [Int] = []
        offsets.reserveCapacity(scalars.count + 1)
        var offset = 0
        for scalar in scalars {
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)
        var out = Mapped(bytes: [], starts: [], ends: [])
        out.bytes.reserveCapacity(bytes.count)
        func emit(_ scalar: Unicode.Scalar, from: Int, to: Int) {
            for byte in String(scalar).utf8 {
                out.bytes.append(byte)
                out.starts.append(offsets[from])
                out.ends.append(offsets[to])
            }
        }
        func isDigit(_ index: Int) -> Bool {
            guard index >= 0, index < scalars.count else { return false }
            return ("0"..."9").contains(fold(scalars[index]))
        }
        /// The index of the next scalar that is not invisible, from `index`.
        func visible(after index: Int) -> Int {
            var next = index
            while next < scalars.count, isInvisible(scalars[next]) { next += 1 }
            return next
        }
        var index = 0
        var lastVisible: Unicode.Scalar = " "
        while index < scalars.count {
            let scalar = scalars[index]
            if isInvisible(scalar) {
                index += 1
                continue
            }
            if let (decoded, length) = cssEscape(scalars, at: index) {
                emit(decoded, from: index, to: index + length)
                lastVisible = decoded
                index += length
                continue
            }
            // A run of white space and dashes between two groups reads as one space, or one dash if it holds one.
            if scalar.properties.isWhitespace || isDash(scalar) || scalar == "_" || scalar == "," {
                var end = index
                var dash = false
                var spaces = 0
                var other = 0
                while end < scalars.count {
                    let current = scalars[end]
                    if current.properties.isWhitespace {
                        spaces += 1
                    } else if isDash(current) {
                        dash = true
                    } else if current == "_" || current == "," {
                        other += 1
                    } else if !isInvisible(current) {
                        break
                    }
                    end += 1
                }
                let betweenDigits = ("0"..."9").contains(lastVisible) && isDigit(visible(after: end))
                let runLength = end - index
                if betweenDigits && !(runLength == 1 && (scalar == " " || scalar == "-")) {
                    // `1,234,567` keeps its commas: a comma before exactly three digits is a thousands separator.
                    let thousands = other > 0 && !dash && spaces == 0 && groupLength(scalars, from: end) == 3
                    if !thousands {
                        let joined: Unicode.Scalar = dash ? "-" : other > 0 && spaces == 0 ? "-" : " "
                        emit(joined, from: index, to: end)
                        lastVisible = joined
                        index = end
                        continue
                    }
                }
                if scalar.properties.isWhitespace, runLength > 1, !dash, other == 0 {
                    emit(" ", from: index, to: end)
                    lastVisible = " "
                    index = end
                    continue
                }
            }
            let folded = fold(scalar)
            emit(folded, from: index, to: index + 1)
            lastVisible = folded
            index += 1
        }
        out.starts.append(offsets[scalars.count])
        out.ends.append(offsets[scalars.count])
        return out
    }

    /// The number of digits from `index` (after invisible characters).
    private static func groupLength(_ scalars: [Unicode.Scalar], from index: Int) -> Int {
        var count = 0
        var next = index
        while next < scalars.count {
            if isInvisible(scalars[next]) {
                next += 1
                continue
            }
            guard ("0"..."9").contains(fold(scalars[next])) else { break }
            count += 1
            next += 1
        }
        return count
    }

    /// One pass over the bytes for what rendering would change next to a value: a character beyond ASCII that is
    /// invisible, a dash, or read as another (a digit of another script, a full-width form); a CSS escape; after a
    /// digit, a line break, a tab or a run of spaces, or `_`, `,` or a dash run. Ordinary pages (indentation, accented
    /// letters) pass unchanged, so the detectors' speed is not spent on them.
    static func needsRendering(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        var afterDigit = false
        while index < count {
            let byte = bytes[index]
            if byte >= 0x80 {
                let (scalar, length) = decodeScalar(bytes, at: index)
                if let scalar, isInvisible(scalar) || isDash(scalar) || fold(scalar) != scalar { return true }
                afterDigit = false
                index += length
                continue
            }
            if byte == 0x5C, index + 1 < count, hexValue(Unicode.Scalar(bytes[index + 1])) != nil { return true }
            if afterDigit {
                switch byte {
                case 0x0A, 0x09, 0x0D, 0x0C, 0x5F, 0x2C: return true
                case 0x20, 0x2D:
                    if index + 1 < count, [0x20, 0x0A, 0x09, 0x0D, 0x2D].contains(bytes[index + 1]) { return true }
                default: break
                }
            }
            afterDigit = byte >= 0x30 && byte <= 0x39
            index += 1
        }
        return false
    }

    /// The scalar whose UTF-8 encoding starts at `index` (nil for a malformed one) and its length in bytes.
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar?, Int) {
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, index + length <= bytes.count else { return (nil, 1) }
        var value = UInt32(lead) & (0xFF >> UInt32(length + 1))
        for offset in 1..<length {
            let next = bytes[index + offset]
            guard next & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(next & 0x3F)
        }
        return (Unicode.Scalar(value), length)
    }
}
