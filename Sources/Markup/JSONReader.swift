/// A pull reader of JSON text that arrives in pieces: the caller walks the outer containers (`nextKey`,
/// `nextElement`) and takes or skips one value at a time, so a document of any size is read in the memory of its
/// largest value taken whole. Hostile input gets an error with its line and column, never a crash: nesting is
/// bounded, strings must be valid UTF-8 and JSON escapes, and numbers are JSON numbers.
public final class JSONReader {
    /// A JSON value taken whole.
    public enum Value: Sendable, Equatable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        case array([Value])
        /// Members in document order (a key given twice is kept twice; `[key]` reads the first).
        case object([(String, Value)])

        public static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case let (.string(x), .string(y)): x == y
            case let (.number(x), .number(y)): x == y
            case let (.bool(x), .bool(y)): x == y
            case (.null, .null): true
            case let (.array(x), .array(y)): x == y
            case let (.object(x), .object(y)):
                x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            default: false
            }
        }

        /// The first member named `key` of an object; nil otherwise.
        public subscript(key: String) -> Value? {
            guard case let .object(members) = self else { return nil }
            return members.first { $0.0 == key }?.1
        }

        public var string: String? { if case let .string(text) = self { text } else { nil } }
        public var bool: Bool? { if case let .bool(value) = self { value } else { nil } }
        /// A number that is a whole number an `Int` holds.
        public var int: Int? {
            guard case let .number(value) = self, value == value.rounded(), abs(value) < 9e15 else { return nil }
            return Int(value)
        }
        public var array: [Value]? { if case let .array(values) = self { values } else { nil } }
    }

    /// Why the text is not JSON, and where.
    public struct Failure: Error, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let message: String
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    private let chunks: () throws -> [UInt8]
    private let maximumDepth: Int
    private let maximumValue: Int
    /// Bytes read so far, and where the outermost value being taken whole began.
    private var consumed = 0
    private var valueStart: Int?
    private var buffer: [UInt8] = []
    private var offset = 0
    private var finished = false
    private var line = 1
    private var column = 1
    /// Per open container: whether a member or element was read in it yet (commas go between them).
    private var started: [Bool] = []

    /// A reader of the bytes `chunks` hands out, a piece per call, empty at the end. A value taken whole (`value`)
    /// may span at most `maximumValue` bytes of text: it is held in memory as several times that.
    public init(maximumDepth: Int = 512, maximumValue: Int = 64 << 20, chunks: @escaping () throws -> [UInt8]) {
        self.maximumDepth = maximumDepth
        self.maximumValue = maximumValue
        self.chunks = chunks
    }

    /// A reader of `bytes` held in memory.
    public convenience init(bytes: [UInt8], maximumDepth: Int = 512, maximumValue: Int = 64 << 20) {
        var given = false
        self.init(maximumDepth: maximumDepth, maximumValue: maximumValue) {
            defer { given = true }
            return given ? [] : bytes
        }
    }

    // MARK: - Walking containers

    /// Reads `{`: the next value must be an object, whose members `nextKey` then reads.
    public func beginObject() throws {
        try skipSpace()
        let place = here
        guard try take() == UInt8(ascii: "{") else { throw failure("expected an object", at: place) }
        try open()
    }

    /// The key of the object's next member (its value is read next), or nil at its `}`.
    public func nextKey() throws -> String? {
        guard try nextItem(closing: UInt8(ascii: "}")) else { return nil }
        try skipSpace()
        guard try peek() == UInt8(ascii: "\"") else { throw failure("expected a member's name in quotes") }
        let key = try string()
        try skipSpace()
        let place = here
        guard try take() == UInt8(ascii: ":") else { throw failure("expected ':' after a member's name", at: place) }
        return key
    }

    /// Reads `[`: the next value must be an array, whose elements `nextElement` then reads.
    public func beginArray() throws {
        try skipSpace()
        let place = here
        guard try take() == UInt8(ascii: "[") else { throw failure("expected an array", at: place) }
        try open()
    }

    /// True when the array has another element (read next), false at its `]`.
    public func nextElement() throws -> Bool { try nextItem(closing: UInt8(ascii: "]")) }

    /// After the last value: nothing but white space may follow.
    public func end() throws {
        try skipSpace()
        guard try peek() == nil else { throw failure("more text after the document") }
    }

    // MARK: - Values

    /// Where the next value starts (line and column, from 1), after any white space: what a caller names in an
    /// error about the value it is about to take.
    public func location() throws -> (line: Int, column: Int) {
        try skipSpace()
        return (line, column)
    }

    /// Whether the next value is an array (else the caller expects another kind, e.g. an object wrapping one).
    public func nextIsArray() throws -> Bool {
        try skipSpace()
        return try peek() == UInt8(ascii: "[")
    }

    /// The next value, taken whole.
    public func value() throws -> Value {
        let outermost = valueStart == nil
        if outermost { valueStart = consumed }
        defer { if outermost { valueStart = nil } }
        try skipSpace()
        switch try peek() {
        case UInt8(ascii: "{"):
            try beginObject()
            var members: [(String, Value)] = []
            while let key = try nextKey() { members.append((key, try value())) }
            return .object(members)
        case UInt8(ascii: "["):
            try beginArray()
            var values: [Value] = []
            while try nextElement() { values.append(try value()) }
            return .array(values)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try word("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try word("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try word("null")
            return .null
        case let byte? where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
            return .number(try number())
        case nil: throw failure("the text ends where a value should be")
        default: throw failure("expected a value")
        }
    }

    /// Reads past the next value without keeping it.
    public func skip() throws {
        try skipSpace()
        switch try peek() {
        case UInt8(ascii: "{"):
            try beginObject()
            while try nextKey() != nil { try skip() }
        case UInt8(ascii: "["):
            try beginArray()
            while try nextElement() { try skip() }
        default: _ = try value()
        }
    }

    // MARK: - Reading

    private func open() throws {
        guard started.count < maximumDepth else { throw failure("nested deeper than \(maximumDepth) levels") }
        started.append(false)
    }

    private func nextItem(closing: UInt8) throws -> Bool {
        guard let first = started.last else { throw failure("no open container") }
        try skipSpace()
        if try peek() == closing {
            _ = try take()
            started.removeLast()
            return false
        }
        if first {
            let place = here
            guard try take() == UInt8(ascii: ",") else {
                throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))'", at: place)
            }
        }
        started[started.count - 1] = true
        try skipSpace()
        if try peek() == closing { throw failure("a trailing comma") }
        return true
    }

    private func word(_ text: String) throws {
        let place = here
        for expected in text.utf8 where try take() != expected { throw failure("expected '\(text)'", at: place) }
    }

    private func number() throws -> Double {
        var text: [UInt8] = []
        func digits() throws -> [UInt8] {
            var run: [UInt8] = []
            while let byte = try peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                run.append(byte)
                _ = try take()
                guard text.count + run.count <= 400 else { throw failure("a number of over 400 characters") }
            }
            text += run
            return run
        }
        if try peek() == UInt8(ascii: "-") { text.append(try take()!) }
        let integer = try digits()
        // JSON has no leading zeros: `012` is refused, as every JSON reader refuses it.
        guard !integer.isEmpty, integer.count == 1 || integer[0] != UInt8(ascii: "0") else {
            throw failure("not a JSON number")
        }
        if try peek() == UInt8(ascii: ".") {
            text.append(try take()!)
            guard try !digits().isEmpty else { throw failure("not a JSON number") }
        }
        if let byte = try peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            text.append(try take()!)
            if let sign = try peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                text.append(try take()!)
            }
            guard try !digits().isEmpty else { throw failure("not a JSON number") }
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else {
            throw failure("a number out of range")
        }
        return value
    }

    private func string() throws -> String {
        let start = here
        guard try take() == UInt8(ascii: "\"") else { throw failure("expected a string", at: start) }
        var bytes: [UInt8] = []
        while true {
            let place = here
            guard let byte = try take() else { throw failure("the text ends inside a string") }
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw failure("a string that is not UTF-8", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                guard let escape = try take() else { throw failure("the text ends inside a string") }
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard try take() == UInt8(ascii: "\\"), try take() == UInt8(ascii: "u") else {
                            throw failure("a lone surrogate escape", at: place)
                        }
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else {
                            throw failure("a lone surrogate escape", at: place)
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let character = Unicode.Scalar(scalar) else {
                        throw failure("a lone surrogate escape", at: place)
                    }
                    bytes += Array(String(character).utf8)
                default: throw failure("an unknown escape '\\\(Character(Unicode.Scalar(escape)))'", at: place)
                }
            case 0..<0x20: throw failure("a control character inside a string", at: place)
            default: bytes.append(byte)
            }
        }
    }

    private func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let place = here
            guard let byte = try take(), let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                throw failure("expected four hex digits after \\u", at: place)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private func skipSpace() throws {
        // A byte-order mark before the document, as other JSON readers accept one.
        if consumed == 0, try peek() == 0xEF {
            for expected: UInt8 in [0xEF, 0xBB, 0xBF] where try take() != expected {
                throw failure("expected a value", at: (1, 1))
            }
            column = 1
        }
        while let byte = try peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { _ = try take() }
    }

    private func peek() throws -> UInt8? {
        if offset == buffer.count {
            guard try refill() else { return nil }
        }
        return buffer[offset]
    }

    private func take() throws -> UInt8? {
        guard let byte = try peek() else { return nil }
        offset += 1
        consumed += 1
        if let valueStart, consumed - valueStart > maximumValue {
            throw failure("a value of over \(maximumValue) bytes")
        }
        if byte == 0x0A {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
        return byte
    }

    private func refill() throws -> Bool {
        while !finished {
            let chunk = try chunks()
            if chunk.isEmpty {
                finished = true
                break
            }
            buffer = chunk
            offset = 0
            return true
        }
        return false
    }

    /// Where the next byte is.
    private var here: (line: Int, column: Int) { (line, column) }

    private func failure(_ message: String, at place: (line: Int, column: Int)? = nil) -> Failure {
        Failure(line: place?.line ?? line, column: place?.column ?? column, message: message)
    }
}
