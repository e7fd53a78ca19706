import Analysis
import Foundation
import Markup
import Reporting
import Testing

@Suite("Reading JSON as it streams in")
struct JSONReaderTests {
    /// The value as Foundation's objects, written back by Foundation with sorted keys: two readings of one text give
    /// the same bytes.
    static func written(_ value: JSONReader.Value) throws -> Data {
        func object(_ value: JSONReader.Value) -> Any {
            switch value {
            case let .string(text): text
            case let .number(number): value.int.map { $0 as Any } ?? number
            case let .bool(flag): flag
            case .null: NSNull()
            case let .array(values): values.map(object)
            case let .object(members):
                Dictionary(members.map { ($0.0, object($0.1)) }, uniquingKeysWith: { first, _ in first })
            }
        }
        return try JSONSerialization.data(withJSONObject: ["v": object(value)], options: .sortedKeys)
    }

    static func written(foundation: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["v": foundation], options: .sortedKeys)
    }

    /// A reader handing out `bytes` `size` bytes at a time: every boundary falls somewhere inside a token.
    static func reader(_ bytes: [UInt8], piece size: Int) -> JSONReader {
        var offset = 0
        return JSONReader {
            defer { offset = min(bytes.count, offset + size) }
            return Array(bytes[offset..<min(bytes.count, offset + size)])
        }
    }

    /// The committed example report (2.5 MB of the tool's own JSON, with every escape its writer makes) reads as
    /// Foundation reads it, whole or in pieces of 7 and 4,093 bytes.
    @Test func aRealReportReadsAsFoundationReadsIt() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Reports/example/report.json")
        let bytes = Array(try Data(contentsOf: url))
        let expected = try Self.written(foundation: try JSONSerialization.jsonObject(with: Data(bytes)))
        for size in [bytes.count, 4093, 7] {
            let reader = Self.reader(bytes, piece: size)
            let value = try reader.value()
            try reader.end()
            #expect(try Self.written(value) == expected, "pieces of \(size) bytes")
        }
    }

    /// Random documents with every kind of value, escapes, non-ASCII text and surrogate pairs, written by Foundation:
    /// the reader gives back what was written.
    @Test func randomDocumentsReadBackAsWritten() throws {
        var generator = SplitMix64(seed: 20_261_202)
        func text() -> String {
            let alphabet: [String] = [
                "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "é", "€", "𝄞", "😀", "\u{7F}",
            ]
            return (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }.joined()
        }
        func value(_ depth: Int) -> Any {
            switch Int.random(in: 0...(depth > 3 ? 3 : 5), using: &generator) {
            case 0: return text()
            case 1:
                // Whole numbers as integers and the rest never whole, so Foundation writes each one way.
                let whole = Int.random(in: -1_000_000...1_000_000, using: &generator)
                return Bool.random(using: &generator) ? whole as Any : Double(whole) / 4 + 0.125
            case 2: return Bool.random(using: &generator)
            case 3: return NSNull()
            case 4: return (0..<Int.random(in: 0...4, using: &generator)).map { _ in value(depth + 1) }
            default:
                return Dictionary(
                    (0..<Int.random(in: 0...4, using: &generator)).map { _ in (text(), value(depth + 1)) },
                    uniquingKeysWith: { first, _ in first })
            }
        }
        for round in 0..<300 {
            let document = ["root": value(0)]
            let bytes = Array(try JSONSerialization.data(withJSONObject: document))
            let reader = Self.reader(bytes, piece: 1 + round % 7)
            let read = try reader.value()
            try reader.end()
            #expect(
                try Self.written(read) == Self.written(foundation: document),
                "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func containersAreWalkedAndValuesSkipped() throws {
        let reader = JSONReader(
            bytes: Array(#"{"skip": {"a": [1, {"b": null}]}, "list": [ {"id": "x"}, 2 ], "n": -0.5e2}"#.utf8))
        try reader.beginObject()
        #expect(try reader.nextKey() == "skip")
        try reader.skip()
        #expect(try reader.nextKey() == "list")
        try reader.beginArray()
        #expect(try reader.nextElement())
        #expect(try reader.value()["id"]?.string == "x")
        #expect(try reader.nextElement())
        #expect(try reader.value().int == 2)
        #expect(try reader.nextElement() == false)
        #expect(try reader.nextKey() == "n")
        #expect(try reader.value() == .number(-50))
        #expect(try reader.nextKey() == nil)
        try reader.end()
    }

    /// Hostile text gets an error with its place, never a crash or a hang: a nesting of a million arrays, bytes that
    /// are not UTF-8, lone surrogates, numbers JSON does not have, text cut off anywhere.
    @Test(arguments: [
        (String(repeating: "[", count: 1_000_000), "nested deeper than 512 levels"),
        ("{\"a\": 1,}", "a trailing comma"), ("[1 2]", "expected ',' or ']'"), ("{\"a\" 1}", "expected ':'"),
        ("\"\\ud800\"", "a lone surrogate escape"), ("\"\\udc00x\"", "a lone surrogate escape"),
        ("012", "not a JSON number"), ("[012]", "not a JSON number"), ("-", "not a JSON number"),
        ("1.", "not a JSON number"), ("1e400", "a number out of range"), ("\"a\tb\"", "a control character"),
        ("\"abc", "the text ends inside a string"), ("[", "the text ends where a value should be"),
        ("{\"a\": tru}", "expected 'true'"), ("\"\\x\"", "an unknown escape"), ("[1] [2]", "more text after"),
        ("", "the text ends where a value should be"), ("\n\n  @", "line 3, column 3: expected a value"),
        ("[1 2]", "line 1, column 4: expected ','"), ("{\"a\" 1}", "line 1, column 6: expected ':'"),
        ("\"ab\\q\"", "line 1, column 4: an unknown escape"),
        ("\u{FEFF}\u{FEFF}1", "line 1, column 1: expected a value"),
    ])
    func hostileTextIsRefusedWithItsPlace(_ text: String, _ message: String) {
        let reader = JSONReader(bytes: Array(text.utf8))
        do {
            _ = try reader.value()
            try reader.end()
            Issue.record("\(text.prefix(40)) was read")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    /// A byte-order mark before the document is read past, as other readers do; a value larger than the reader's
    /// budget is refused rather than held (a forged baseline of one 2 GiB scenario).
    @Test func aByteOrderMarkIsSkippedAndAValueOverBudgetRefused() throws {
        let marked = JSONReader(bytes: Array("\u{FEFF}{\"a\": [1, 2]}".utf8))
        #expect(try marked.value()["a"] == .array([.number(1), .number(2)]))
        let large = JSONReader(
            bytes: Array(("[\"" + String(repeating: "x", count: 5_000) + "\"]").utf8), maximumValue: 4_096)
        #expect(throws: JSONReader.Failure.self) { try large.value() }
        let walked = JSONReader(
            bytes: Array(("[\"" + String(repeating: "x", count: 3_000) + "\", 1]").utf8), maximumValue: 4_096)
        try walked.beginArray()
        #expect(try walked.nextElement())
        #expect(try walked.value().string?.count == 3_000, "the budget is per value taken whole")
    }

    @Test func invalidUTF8InAStringIsRefused() {
        let reader = JSONReader(bytes: [0x22, 0x61, 0xC3, 0x28, 0x22])
        #expect(throws: JSONReader.Failure.self) { try reader.value() }
    }
}

@Suite("Baselines read as they stream in")
struct BaselineReadingTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Reports/example/report.json")

    /// Every finding of the committed example report comes back from the compact store as the report has it.
    @Test func everyFindingOfAReportComesBackAsWritten() throws {
        let data = try Data(contentsOf: Self.example)
        let baseline = try Baseline.load(Self.example.path)
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var count = 0
        for scenario in report["scenarios"] as? [[String: Any]] ?? [] {
            let id = try #require(scenario["id"] as? String)
            var ofScenario = 0
            for run in scenario["runs"] as? [[String: Any]] ?? [] {
                for finding in run["findings"] as? [[String: Any]] ?? [] {
                    count += 1
                    ofScenario += 1
                    let entry = try #require(baseline.entries[finding["id"] as? String ?? ""])
                    #expect(entry.scenario == id && entry.profile == run["profile"] as? String)
                    #expect(entry.kind == finding["kind"] as? String && entry.dataClass == finding["class"] as? String)
                    #expect(entry.severity.rawValue == finding["severity"] as? String)
                    #expect(entry.rating == finding["rating"] as? String)
                    let source = finding["source"] as? [String: Any]
                    #expect(entry.source?.file == source?["file"] as? String)
                    #expect(entry.source?.line == source?["line"] as? Int)
                }
            }
            #expect(baseline.entries.of(scenario: id).count == ofScenario, "\(id)")
        }
        #expect(count > 300 && baseline.entries.count == count && baseline.entries.values.count == count)
        #expect(baseline.runID == report["runId"] as? String)
    }

    /// A report re-written with sorted keys (`jq -S`: its tool after its scenarios) is read the same.
    @Test func aReportWithSortedKeysReadsTheSame() throws {
        let data = try Data(contentsOf: Self.example)
        let sorted = try JSONSerialization.data(
            withJSONObject: try JSONSerialization.jsonObject(with: data), options: .sortedKeys)
        let baseline = try Baseline.parse(sorted, file: "sorted.json")
        let original = try Baseline.parse(data, file: "report.json")
        #expect(baseline.entries.count == original.entries.count && baseline.runID == original.runID)
    }

    /// A finding id the tool does not write, or one given twice, is refused, not stored under another key or over
    /// another finding; so is a report cut short.
    @Test func forgedIdsAndCutReportsAreRefused() throws {
        let text = try String(contentsOf: Self.example, encoding: .utf8)
        let ids = text.ranges(of: #/"id": "SS-[0-9a-f]{16}"/#)
        let first = try #require(ids.first)
        let second = ids[1]
        for forged in [
            text.replacingCharacters(in: first, with: #""id": "SS-0000""#),
            text.replacingCharacters(in: first, with: #""id": "SS-ABCDEF0123456789""#),
            text.replacingCharacters(in: second, with: String(text[first])),
            String(text.prefix(text.count / 2)),
        ] {
            #expect(throws: Baseline.Refusal.self) { try Baseline.parse(Data(forged.utf8), file: "report.json") }
        }
    }
}
