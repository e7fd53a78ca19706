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
        cssEscape(in: scalars, at: index) { $0 }
    }

    /// `cssEscape` over any text units (scalars, or UTF-8 bytes, where the escape is all ASCII).
    private static func cssEscape<Units: RandomAccessCollection>(
        in units: Units, at index: Int, _ scalar: (Units.Element) -> Unicode.Scalar
    ) -> (scalar: Unicode.Scalar, length: Int)? where Units.Index == Int {
        guard scalar(units[index]) == "\\" else { return nil }
        var end = index + 1
        var value: UInt32 = 0
        while end < units.count, end - index <= 6, let digit = hexValue(scalar(units[end])) {
            value = value * 16 + digit
            end += 1
        }
        guard end > index + 1, let decoded = Unicode.Scalar(value), decoded.value < 0x80,
            decoded.properties.isAlphabetic || ("0"..."9").contains(decoded)
        else { return nil }
        if end < units.count, [" ", "\n", "\t"].contains(scalar(units[end])) { end += 1 }
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

    /// Rendered text and where its bytes came from in the source.
    public struct Mapped {
        /// The rendered text's UTF-8 bytes.
        public var bytes: [UInt8]
        /// (rendered offset, source offset) at the start and the end of every change: between two marks the bytes
        /// were copied one for one. Kept sparse, so mapping costs a few entries per change, not two offsets per byte.
        var marks: [(rendered: Int, source: Int)]

        /// The source offset of rendered byte `offset`: the last mark at or before it, plus the bytes copied since
        /// (a byte a change emitted sits at its change's start mark, so it maps to the change's start).
        func source(_ offset: Int) -> Int {
            var low = 0
            var high = marks.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if marks[middle].rendered <= offset { low = middle } else { high = middle - 1 }
            }
            return marks[low].source + (offset - marks[low].rendered)
        }

        /// The source offset where rendered byte `offset - 1` ends: the first mark at `offset` (a change that ended
        /// there), else the bytes copied since the last mark before it.
        func sourceEnd(_ offset: Int) -> Int {
            var low = 0
            var high = marks.count
            while low < high {
                let middle = (low + high) / 2
                if marks[middle].rendered < offset { low = middle + 1 } else { high = middle }
            }
            if low < marks.count, marks[low].rendered == offset { return marks[low].source }
            let mark = marks[max(0, low - 1)]
            return mark.source + (offset - mark.rendered)
        }

        /// The source range of rendered bytes `range`.
        public func source(_ range: Range<Int>) -> Range<Int> {
            let lower = source(range.lowerBound)
            guard !range.isEmpty else { return lower..<lower }
            return lower..<max(lower, sourceEnd(range.upperBound))
        }
    }

    /// `text` as rendered (see the type's note), or nil when rendering changes nothing a detector reads — the common
    /// case, found in one pass (`needsRendering`). Read byte by byte: ASCII is copied, only what changes is decoded.
    public static func rendered(_ bytes: UnsafeBufferPointer<UInt8>) -> Mapped? {
        guard needsRendering(bytes) else { return nil }
        let count = bytes.count
        var out = Mapped(bytes: [], marks: [(0, 0)])
        out.bytes.reserveCapacity(count)
        var index = 0
        var lastVisible: UInt8 = 0x20
        func change(_ replacement: UInt8?, consumed: Int) {
            out.marks.append((out.bytes.count, index))
            if let replacement {
                out.bytes.append(replacement)
                lastVisible = replacement
            }
            index += consumed
            out.marks.append((out.bytes.count, index))
        }
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0x5C, let (decoded, length) = cssEscape(bytes, at: index) {
                    change(decoded, consumed: length)
                    continue
                }
                if isRunByte(byte) {
                    let run = separatorRun(bytes, at: index, after: lastVisible)
                    if let joined = run.replacement {
                        change(joined, consumed: run.length)
                        continue
                    }
                    if run.ascii {
                        // Left as written, in one piece: a long run is not scanned again from each of its bytes.
                        out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + run.length)]))
                        lastVisible = bytes[index + run.length - 1]
                        index += run.length
                        continue
                    }
                }
                out.bytes.append(byte)
                lastVisible = byte
                index += 1
                continue
            }
            let (decoded, length) = decodeScalar(bytes, at: index)
            guard let scalar = decoded else {
                out.bytes.append(byte)
                index += 1
                continue
            }
            if isInvisible(scalar) {
                change(nil, consumed: length)
            } else if isDash(scalar) || scalar.properties.isWhitespace,
                case let run = separatorRun(bytes, at: index, after: lastVisible), let joined = run.replacement
            {
                change(joined, consumed: run.length)
            } else if case let folded = fold(scalar), folded != scalar, folded.value < 0x80 {
                change(UInt8(folded.value), consumed: length)
            } else {
                out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]))
                lastVisible = 0x41
                index += length
            }
        }
        out.marks.append((out.bytes.count, count))
        return out
    }

    /// ASCII white space: space, line feed, tab, carriage return, form feed.
    @inline(__always) private static func isSpaceByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }

    /// A byte that can be part of a separator run: white space, `-`, `_`, `,`.
    @inline(__always) private static func isRunByte(_ byte: UInt8) -> Bool {
        isSpaceByte(byte) || byte == 0x2D || byte == 0x5F || byte == 0x2C
    }

    /// A run of white space, dashes, `_`, `,` and invisible characters at `start`: its length, whether it is all
    /// ASCII, and the byte it reads as between two digit groups (` ` or `-`) — nil when it is already that (one space,
    /// one dash), is a thousands separator, or stands away from digits.
    private static func separatorRun(
        _ bytes: UnsafeBufferPointer<UInt8>, at start: Int, after previous: UInt8
    )
        -> (replacement: UInt8?, length: Int, ascii: Bool)
    {
        var end = start
        var dash = false
        var spaces = 0
        var other = 0
        var scalars = 0
        var ascii = true
        while end < bytes.count {
            let byte = bytes[end]
            if byte < 0x80 {
                if isSpaceByte(byte) {
                    spaces += 1
                } else if byte == 0x2D {
                    dash = true
                } else if byte == 0x5F || byte == 0x2C {
                    other += 1
                } else {
                    break
                }
                end += 1
                scalars += 1
                continue
            }
            let (decoded, length) = decodeScalar(bytes, at: end)
            guard let scalar = decoded else { break }
            ascii = false
            if scalar.properties.isWhitespace {
                spaces += 1
            } else if isDash(scalar) {
                dash = true
            } else if !isInvisible(scalar) {
                break
            }
            end += length
            scalars += 1
        }
        let nextIsDigit = digitCount(bytes, from: end, limit: 1) == 1
        let betweenDigits = previous >= 0x30 && previous <= 0x39 && nextIsDigit
        let plain = (nil as UInt8?, end - start, ascii)
        guard betweenDigits else { return plain }  // away from digits a detector reads the run as it is
        if scalars == 1, end - start == 1, bytes[start] == 0x20 || bytes[start] == 0x2D { return plain }
        // `1,234,567` keeps its commas: a comma before exactly three digits is a thousands separator.
        let thousands = other > 0 && !dash && spaces == 0 && digitCount(bytes, from: end, limit: 4) == 3
        if thousands { return plain }
        return (dash || (other > 0 && spaces == 0) ? 0x2D : 0x20, end - start, ascii)
    }

    /// How many digits (of any script, invisible characters skipped) follow `index`, counting at most `limit`.
    private static func digitCount(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) -> Int {
        var count = 0
        var index = start
        while index < bytes.count, count < limit {
            let byte = bytes[index]
            if byte < 0x80 {
                guard byte >= 0x30 && byte <= 0x39 else { break }
                count += 1
                index += 1
                continue
            }
            let (decoded, length) = decodeScalar(bytes, at: index)
            guard let scalar = decoded else { break }
            if !isInvisible(scalar) {
                let folded = fold(scalar)
                guard folded.value >= 0x30 && folded.value <= 0x39 else { break }
                count += 1
            }
            index += length
        }
        return count
    }

    /// A CSS escape in UTF-8 bytes: the ASCII letter or digit it stands for and its length in bytes.
    private static func cssEscape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt8, Int)? {
        cssEscape(in: bytes, at: index) { Unicode.Scalar($0) }.map { (UInt8($0.scalar.value), $0.length) }
    }

    /// A lead byte whose every two-byte scalar is a letter or mark that renders as itself: C3…DE but CD (U+034F, the
    /// combining grapheme joiner, is invisible), D9 and DB (Arabic-Indic digits). `RenderedTextTests` checks every
    /// scalar they lead against `isInvisible`, `isDash`, `fold` and white space.
    @inline(__always) static func isInertLead(_ byte: UInt8) -> Bool {
        byte >= 0xC3 && byte <= 0xDE && byte != 0xCD && byte != 0xD9 && byte != 0xDB
    }

    /// For eight bytes in `word` (after a digit when `afterDigit`): nil when the byte-by-byte reading must look at
    /// them, else whether the last is a digit. They need looking at when one is a backslash or beyond ASCII (but for
    /// the lead and continuation bytes of the two-byte letters that reading skips too: `isInertLead`, and 80…BF), or when a digit is followed by a byte that may start a separator run (white space, `-`, `_`, `,`;
    /// every byte below `.` is taken for one) that is not one space or one dash before a byte that ends the run.
    /// Checked lane by lane in `PlainASCIITests`; every lane at once with the carry-free tricks of "Bit Twiddling
    /// Hacks", on the low seven bits of each byte so that no lane carries into the next.
    @inline(__always) static func quietWord(_ word: UInt64, afterDigit: Bool) -> Bool? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let beyond = word & highs
        let low = word & ~highs
        // Lanes whose low seven bits are at least `bound`.
        @inline(__always) func atLeast(_ bound: UInt8) -> UInt64 { (low &+ ones &* UInt64(0x80 - bound)) & highs }
        @inline(__always) func equal(_ byte: UInt8) -> UInt64 {
            ~((low ^ (ones &* UInt64(byte))) &+ ones &* 0x7F) & highs
        }
        if beyond != 0 {
            // Continuation bytes have low bits below 0x40; `isInertLead`'s bytes have 0x43…0x5E but 0x4D, 0x59, 0x5B.
            let letterLead = atLeast(0x43) & ~atLeast(0x5F) & ~equal(0x4D) & ~equal(0x59) & ~equal(0x5B)
            guard beyond & ~(~atLeast(0x40) | letterLead) == 0 else { return nil }
        }
        let ascii = ~beyond & highs
        guard equal(0x5C) & ascii == 0 else { return nil }
        let digits = atLeast(0x30) & ~atLeast(0x3A) & ascii
        let runs = (~atLeast(0x2E) | equal(0x5F)) & ascii
        let singles = (equal(0x20) | equal(0x2D)) & ascii
        let lastLane: UInt64 = 0x80 << 56
        let afterDigits = digits << 8 | (afterDigit ? 0x80 : 0)
        guard afterDigits & runs & (~singles | runs >> 8 | lastLane) == 0 else { return nil }
        return digits & lastLane != 0
    }

    /// One pass over the bytes for what rendering would change next to a value: a character beyond ASCII that is
    /// invisible, a dash, or read as another (a digit of another script, a full-width form); a CSS escape; between two
    /// digits, a run of white space, `_`, `,` or dashes other than one space or one dash. Ordinary pages (indentation,
    /// accented letters, numbers written plainly) pass unchanged, so the detectors' speed is not spent on them.
    /// `wordAtATime: false` reads byte by byte only (the reference the eight-byte path is tested against).
    static func needsRendering(_ bytes: UnsafeBufferPointer<UInt8>, wordAtATime: Bool = true) -> Bool {
        let count = bytes.count
        var index = 0
        var afterDigit = false
        let raw = UnsafeRawPointer(bytes.baseAddress)
        while index < count {
            // Eight bytes at a time while nothing in them can change how a value renders (most of a page's prose and
            // markup, and most numbers in it).
            if wordAtATime, let raw, index + 8 <= count,
                let endsWithDigit = quietWord(
                    raw.loadUnaligned(fromByteOffset: index, as: UInt64.self), afterDigit: afterDigit)
            {
                afterDigit = endsWithDigit
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte >= 0x80 {
                // Latin, Greek, Cyrillic, Hebrew and Arabic letters never render as a digit, a dash or nothing:
                // skipped undecoded.
                let lead = byte
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                if Self.isInertLead(lead) {
                    afterDigit = false
                    index += length
                    continue
                }
                let (scalar, decodedLength) = decodeScalar(bytes, at: index)
                if let scalar,
                    isInvisible(scalar) || isDash(scalar) || fold(scalar) != scalar
                        || (afterDigit && scalar.properties.isWhitespace)
                {
                    return true
                }
                afterDigit = false
                index += decodedLength
                continue
            }
            if byte == 0x5C, index + 1 < count, hexValue(Unicode.Scalar(bytes[index + 1])) != nil { return true }
            if afterDigit, isRunByte(byte) {
                // A run between two digits that is not already one space or one dash.
                var end = index
                while end < count, isRunByte(bytes[end]) { end += 1 }
                let single = end == index + 1 && (byte == 0x20 || byte == 0x2D)
                if !single, end < count, bytes[end] >= 0x30 && bytes[end] <= 0x39 || bytes[end] >= 0x80 { return true }
                afterDigit = false
                index = end
                continue
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
