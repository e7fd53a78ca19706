/// The detectors for every class, run together in one pass over the bytes of a text.
///
/// One pass dispatches on the first byte of each word: numbers go to the number
/// detectors (cards, national IDs, phones, dates, codes), words starting with a
/// letter to IBAN, NINO, diagnosis-code and secret-prefix checks, `@` to the
/// e-mail check. Nothing is built for text that cannot start a candidate, which
/// is what keeps the set above 100 MB/s (Swift `Regex` per class would not be).
public struct DetectorSet: Sendable {
    /// The classes this set reports.
    public let classes: Set<DetectorClass>

    /// A set reporting `classes` (all by default).
    public init(classes: Set<DetectorClass> = Set(DetectorClass.allCases)) {
        self.classes = classes
    }

    /// Every detector.
    public static let all = DetectorSet()

    /// The hits in `text`, in order of position; byte offsets are into its UTF-8.
    public func scan(_ text: String) -> [DetectorHit] {
        var copy = text
        return copy.withUTF8 { scan(bytes: $0) }
    }

    /// The hits in UTF-8 `bytes`, in order of position.
    /// Text is read as rendered (`RenderedText`): a value split by line breaks, zero-width characters, other scripts'
    /// digits or CSS escapes is found, and its range is given in `bytes`.
    public func scan(bytes: UnsafeBufferPointer<UInt8>) -> [DetectorHit] {
        scan(bytes: bytes, structure: StructuralWords())
    }

    /// The hits in `text` of a page, read with the words its place in the page gives it, as if written just before
    /// the text (nearer words in the text itself still win). `names` name the element itself (a field's name and
    /// labels): they can make a value (a Steuer-ID labelled as one) or rule one out (a code in a field named
    /// `postal_code`). `surroundings` (the text before it, its row's and column's headers) can only make one: a
    /// paragraph about an order is too far away to say the code after it is no code.
    public func scan(_ text: String, names: String, surroundings: String = "") -> [DetectorHit] {
        guard !names.isEmpty || !surroundings.isEmpty else { return scan(text) }
        // The nearest words are last: a long context keeps its end.
        func lowered(_ words: String) -> [UInt8] {
            words.utf8.suffix(512).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        }
        var copy = text
        return copy.withUTF8 {
            scan(bytes: $0, structure: StructuralWords(names: lowered(names), surroundings: lowered(surroundings)))
        }
    }

    func scan(bytes: UnsafeBufferPointer<UInt8>, structure: StructuralWords) -> [DetectorHit] {
        guard let rendered = RenderedText.rendered(bytes) else { return scanExactly(bytes, structure: structure) }
        return rendered.bytes.withUnsafeBufferPointer { scanExactly($0, structure: structure) }.map { hit in
            var mapped = hit
            mapped.range = rendered.source(hit.range)
            return mapped
        }
    }

    /// The hits in `bytes` taken as they are.
    func scanExactly(
        _ bytes: UnsafeBufferPointer<UInt8>, structure: StructuralWords = StructuralWords()
    ) -> [DetectorHit] {
        var scanner = ByteScanner(bytes: bytes, classes: classes)
        scanner.structure = structure
        scanner.run()
        return scanner.hits
    }

    /// The classes whose validators accept `value` as a whole, as if a label next to it named its class (an SSN
    /// written without dashes needs "SSN" beside it in a page; a value planted as a national ID has that label): the
    /// one test both the detectors and `validate`'s checks of planted values use.
    public func validatedClasses(of value: String) -> Set<DetectorClass> {
        let trimmed = String(value.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        var copy = trimmed
        let length = trimmed.utf8.count
        return copy.withUTF8 { bytes in
            var scanner = ByteScanner(bytes: bytes, classes: classes)
            scanner.assumeLabelled = true
            scanner.run()
            return Set(scanner.hits.filter { $0.range == 0..<length }.map(\.detectorClass))
        }
    }
}

/// The words a page's structure gives a text (see `DetectorSet.scan(_:names:surroundings:)`), lowercased.
struct StructuralWords {
    var names: [UInt8] = []
    var surroundings: [UInt8] = []
}

/// Byte categories for the dispatch; one table lookup per byte.
enum ByteClass {
    static let digit: UInt8 = 1
    static let lower: UInt8 = 2
    static let upper: UInt8 = 4
    static let at: UInt8 = 8
    static let special: UInt8 = 16
    static let alnum: UInt8 = digit | lower | upper

    // Allocated once for the life of the process and never written after: a pointer avoids bounds checks in the hot loop.
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: 0, count: 256)
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = digit }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = lower }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = upper }
        table[Int(UInt8(ascii: "@"))] = at
        for byte in "+(-".utf8 { table[Int(byte)] = special }
        return UnsafePointer(table)
    }()
}

struct ByteScanner {
    let p: UnsafeBufferPointer<UInt8>
    let n: Int
    let table = ByteClass.table
    let enabled: Set<DetectorClass>
    var hits: [DetectorHit] = []
    /// Where a candidate that was read but rejected ends, so its parts are not read again as something else.
    var skipTo = 0
    /// For checking one value on its own: every class's label counts as present next to it.
    var assumeLabelled = false
    /// The words the page's structure puts before the text, lowercased.
    var structure = StructuralWords()

    // Scratch for number sequences, reused between candidates.
    var groupStart: [Int] = []
    var groupEnd: [Int] = []
    var separator: [UInt8] = []
    var digits: [UInt8] = []
    var digitOffset: [Int] = []
    /// Where an extension written after the sequence's last group ends (`x4411`, ` ext. 12`): a phone that ends with
    /// that group keeps it.
    var extensionEnd: Int?

    init(bytes: UnsafeBufferPointer<UInt8>, classes: Set<DetectorClass>) {
        p = bytes
        n = bytes.count
        enabled = classes
        // No capacity reserved up front: most short texts (a page's text nodes) hold no number at all.
    }

    @inline(__always) func kind(_ index: Int) -> UInt8 { table[Int(p[index])] }
    @inline(__always) func isDigit(_ index: Int) -> Bool { index < n && kind(index) == ByteClass.digit }
    @inline(__always) func isAlnum(_ index: Int) -> Bool {
        index >= 0 && index < n && kind(index) & ByteClass.alnum != 0
    }
    @inline(__always) func isUpper(_ index: Int) -> Bool { index < n && kind(index) == ByteClass.upper }

    mutating func run() {
        var i = 0
        while i < n {
            let k = kind(i)
            if k == 0 {
                i += 1
                continue
            }
            if k & ByteClass.alnum != 0 {
                if i > 0, kind(i - 1) & ByteClass.alnum != 0 || p[i - 1] == UInt8(ascii: "_") {
                    i += 1
                    continue
                }
                i = word(at: i)
            } else if k == ByteClass.at {
                email(at: i)
                i += 1
            } else {
                i = special(at: i)
            }
        }
        hits.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
    }

    /// The end of the alphanumeric run starting at `start`.
    func wordEnd(_ start: Int) -> Int {
        var end = start
        while end < n, kind(end) & ByteClass.alnum != 0 { end += 1 }
        return end
    }

    /// Handles a word start; returns where scanning goes on.
    mutating func word(at start: Int) -> Int {
        let end = wordEnd(start)
        // A group of one to four hex digits before a colon may start an IPv6 address.
        if end < n, p[end] == 0x3A, end - start <= 4, let address = ipv6(at: start) { return address }
        if kind(start) == ByteClass.digit {
            // A word that starts with a digit but holds letters is an address or a hash, not a number.
            if end - start > 2, (start..<end).contains(where: { kind($0) != ByteClass.digit }) {
                if cryptoAddress(start, end) { return end }
                if end - start > 24 { return end }
            }
            return max(numberSequence(from: start, opening: nil), start + 1)
        }
        // Every check for such words needs particular first two bytes: one lookup here rules most words out of all.
        let gate = LetterGate.table[LetterGate.index(p[start], start + 1 < n ? p[start + 1] : 0)]
        if gate != 0 { _ = letterWord(start, end, gate: gate) }
        // A candidate read and rejected (or reported) is not read again from inside.
        return max(end, skipTo)
    }

    mutating func special(at index: Int) -> Int {
        let byte = p[index]
        if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "("), isDigit(index + 1), !isAlnum(index - 1) {
            return max(numberSequence(from: index + 1, opening: byte), index + 1)
        }
        if byte == UInt8(ascii: "-"), let end = privateKey(at: index) { return max(end, index + 1) }
        return index + 1
    }

    mutating func report(
        _ detectorClass: DetectorClass, _ range: Range<Int>, canonical: String, confidence: Double, reason: String
    ) {
        skipTo = max(skipTo, range.upperBound)
        guard enabled.contains(detectorClass) else { return }
        hits.append(
            DetectorHit(
                detectorClass: detectorClass, range: range, canonical: canonical, confidence: confidence, reason: reason
            ))
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self)
    }

    /// The context word list's last match in the bytes before `range` (and, with `after`, those after it), lowercased.
    func context(_ words: ContextWords, around range: Range<Int>, before: Int = 64, after: Int = 40) -> String? {
        if assumeLabelled { return "label" }
        if let found = contextMatch(words, max(0, range.lowerBound - before)..<range.lowerBound) { return found }
        return after > 0 ? contextMatch(words, range.upperBound..<min(n, range.upperBound + after)) : nil
    }

    func contextMatch(_ words: ContextWords, _ window: Range<Int>) -> String? {
        lastContext(words, window).map { String(decoding: words.words[$0.word], as: UTF8.self) }
    }

    /// The last of `words` in `window`, its end relative to the window; failing that, the last in the page's
    /// structural context, with an end below zero: farther than any word in the text itself. The element's names
    /// are nearer than its surroundings, which never supply a word that rules a value out.
    func lastContext(_ words: ContextWords, _ window: Range<Int>) -> (word: Int, end: Int)? {
        let found = window.isEmpty ? nil : words.lastMatch(in: UnsafeBufferPointer(rebasing: p[window]))
        if found != nil { return found }
        let names = structure.names
        if !names.isEmpty, let match = names.withUnsafeBufferPointer({ words.lastMatch(in: $0) }) {
            return (match.word, match.end - names.count - 1)
        }
        let surroundings = structure.surroundings
        guard !words.isNegative, !surroundings.isEmpty else { return nil }
        return surroundings.withUnsafeBufferPointer { words.lastMatch(in: $0) }.map {
            ($0.word, $0.end - surroundings.count - names.count - 2)
        }
    }
}
