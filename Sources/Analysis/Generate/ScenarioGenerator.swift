import Detectors
import Foundation
import Scenarios
import Simulation

/// Writes variants of library scenarios for sensitivity studies and scale tests (`supportscope generate`):
/// the same stories with other synthetic values, other page titles and window titles, deterministic for a seed.
///
/// A variant keeps its base's structure (items, steps, selectors, expectations), so it validates and its
/// expectations hold wherever the base's do; what changes is everything a detector or a tracer reads.
public struct ScenarioGenerator {
    /// The scenarios variants are derived from, in a stable order.
    public let bases: [Scenario]
    public let seed: UInt64

    /// A generator over `bases` (sorted by id, so the variants do not depend on discovery order).
    public init(bases: [Scenario], seed: UInt64) {
        self.bases = bases.sorted { $0.id < $1.id }
        self.seed = seed
    }

    /// Why a variant could not be written.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes `count` variants into `folder`, one sub-folder each; returns their folders.
    public func write(count: Int, to folder: String) throws -> [String] {
        guard !bases.isEmpty else { throw Failure(description: "no scenario to derive variants from") }
        let width = String(count).count
        var written: [String] = []
        for index in 0..<count {
            var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
            let base = bases[Int(random.next() % UInt64(bases.count))]
            let number = String(repeating: "0", count: width - String(index + 1).count) + String(index + 1)
            let id = "\(base.id)-v\(number)"
            let target = (folder as NSString).appendingPathComponent(id)
            try write(variant: id, of: base, to: target, random: &random)
            written.append(target)
        }
        return written
    }

    func write(variant id: String, of base: Scenario, to target: String, random: inout SplitMix64) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: target) { try manager.removeItem(atPath: target) }
        try manager.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try manager.copyItem(atPath: base.folder, toPath: target)
        let yamlPath = (target as NSString).appendingPathComponent("scenario.yaml")
        var yaml = try String(contentsOfFile: yamlPath, encoding: .utf8)
        yaml = yaml.replacingOccurrences(
            of: "id: \(base.id)\n", with: "id: \(id)\n", options: [], range: yaml.range(of: "id: \(base.id)\n"))
        var values: [String: String] = [:]
        let texts = Self.texts(of: target)
        for item in base.items {
            var value = Self.variant(of: item, random: &random)
            // A short code (a CVC, a one-time code) that happens to appear elsewhere in the scenario — a price,
            // an order number — would be traced there: draw again until it is the scenario's own.
            if item.dataClass == .cardSecurityCode || item.dataClass == .oneTimeCode {
                var attempts = 0
                while attempts < 50, value != item.value, Self.occurs(value, in: texts) {
                    value = Self.variant(of: item, random: &random)
                    attempts += 1
                }
            }
            values[item.value] = value
        }
        yaml = Self.replacingValues(in: yaml, values)
        try yaml.write(toFile: yamlPath, atomically: true, encoding: .utf8)
        // Pages differ in their titles, which the mirror and the screen both show.
        let suffix = " · \(Self.shops[Int(random.next() % UInt64(Self.shops.count))])"
        if let walker = manager.enumerator(atPath: target) {
            for case let relative as String in walker where relative.hasSuffix(".html") {
                let path = (target as NSString).appendingPathComponent(relative)
                // The variant's pages were just copied from a scenario that loaded; one without a title keeps its own.
                guard var html = try? String(contentsOfFile: path, encoding: .utf8),
                    let close = html.range(of: "</title>")
                else { continue }
                html.replaceSubrange(close.lowerBound..<close.lowerBound, with: suffix)
                try html.write(toFile: path, atomically: true, encoding: .utf8)
            }
        }
    }

    /// Every text file of a scenario folder without separators (letters, digits and line breaks), for checking
    /// that a new short value is not already there; read once per variant.
    static func texts(of folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var texts: [String] = []
        for case let relative as String in walker {
            // Binary files (images) are not text and cannot hold a short value: skipped on purpose.
            if let text = try? String(
                contentsOfFile: (folder as NSString).appendingPathComponent(relative), encoding: .utf8)
            {
                texts.append(text.filter { $0.isASCIIDigit || $0.isLetter || $0 == "\n" })
            }
        }
        return texts
    }

    /// True when the digits of `value`, or its first four, appear anywhere in the compacted `texts`.
    static func occurs(_ value: String, in texts: [String]) -> Bool {
        let digits = value.filter(\.isASCIIDigit)
        let probes = [digits, String(digits.prefix(4))].filter { $0.count >= 3 }
        return texts.contains { text in probes.contains { text.contains($0) } }
    }

    /// The YAML with each `value:` line whose value is a key of `values` rewritten to the new value (double-quoted).
    static func replacingValues(in yaml: String, _ values: [String: String]) -> String {
        yaml.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let match = line.firstMatch(of: /^(\s*(?:-\s+)?)value:\s*(.*?)\s*$/) else { return String(line) }
            var written = String(match.output.2)
            if written.count >= 2, written.hasPrefix("\""), written.hasSuffix("\"") {
                written = String(written.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "\\\\", with: "\\")
            } else if written.count >= 2, written.hasPrefix("'"), written.hasSuffix("'") {
                written = String(written.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
            }
            guard let fresh = values[written], fresh != written else { return String(line) }
            let escaped = fresh.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                of: "\"", with: "\\\"")
            return "\(match.output.1)value: \"\(escaped)\""
        }.joined(separator: "\n")
    }

    static let shops = [
        "Filiale Bern", "Filiale Basel", "Filiale Luzern", "Filiale Zürich", "Store Munich", "Store Vienna",
        "Store Boston",
    ]

    // MARK: - Synthetic values

    /// A new synthetic value of the item's class, written in the same shape (separators, length) as the original;
    /// classes without a generator keep their value. One case per data class, each a few lines, read as one table.
    static func variant(of item: PlantedItem, random: inout SplitMix64) -> String {
        let value = item.value
        func digit() -> Character { Character(String(random.next() % 10)) }
        func replacingDigits(_ text: String, keep: Int = 0) -> String {
            var seen = 0
            return String(
                text.map { character in
                    guard character.isASCIIDigit else { return character }
                    seen += 1
                    return seen <= keep ? character : digit()
                })
        }
        switch item.dataClass {
        case .cardNumber:
            // Same issuer prefix and grouping, new account digits, a Luhn check digit.
            let digits = value.filter(\.isASCIIDigit)
            guard digits.count >= 13 else { return value }
            var body = Array(digits.prefix(6)) + (0..<(digits.count - 7)).map { _ in digit() }
            let values = body.compactMap(\.wholeNumberValue)
            let check = (0...9).first { ValueValidators.luhn(values + [$0]) }!
            body.append(Character(String(check)))
            var iterator = body.makeIterator()
            return String(value.map { $0.isASCIIDigit ? iterator.next()! : $0 })
        case .cardSecurityCode, .oneTimeCode:
            return replacingDigits(value)
        case .phone:
            // Country or area code kept, subscriber digits new.
            return replacingDigits(value, keep: 3)
        case .cardExpiry:
            let month = Int(random.next() % 12) + 1, year = Int(random.next() % 6) + 27
            return value.contains("/") && value.count > 5
                ? String(format: "%02d/20%02d", month, year) : String(format: "%02d/%02d", month, year)
        case .dateOfBirth:
            let day = Int(random.next() % 28) + 1, month = Int(random.next() % 12) + 1,
                year = Int(random.next() % 60) + 1940
            if value.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil {
                return String(format: "%04d-%02d-%02d", year, month, day)
            }
            if value.wholeMatch(of: /\d{2}\/\d{2}\/\d{4}/) != nil {
                return String(format: "%02d/%02d/%04d", month, day, year)
            }
            if value.wholeMatch(of: /\d{2}\.\d{2}\.\d{4}/) != nil {
                return String(format: "%02d.%02d.%04d", day, month, year)
            }
            return value
        case .iban:
            let compact = value.filter { !$0.isWhitespace }.uppercased()
            guard compact.count > 8 else { return value }
            let country = String(compact.prefix(2))
            // The bank part's letters stay letters (GB's WEST), every digit is new.
            let bban = String(compact.dropFirst(4).map { $0.isASCIIDigit ? digit() : $0 })
            let remainder = Checksums.ibanRemainder(Array((country + "00" + bban).utf8))
            let check = String(format: "%02d", 98 - remainder)
            let fresh = Array(country + check + bban)
            var iterator = fresh.makeIterator()
            return String(value.map { $0.isWhitespace ? $0 : iterator.next()! })
        case .nationalID:
            return nationalID(value, random: &random)
        case .email:
            guard let at = value.firstIndex(of: "@") else { return value }
            let names = ["lea", "noah", "mia", "luca", "emma", "elias", "lina", "jonas", "sara", "david"]
            return names[Int(random.next() % UInt64(names.count))] + "." + String(value[..<at]).split(separator: ".")
                .last.map(String.init)! + String(random.next() % 90 + 10) + value[at...]
        case .password:
            let words = ["Morgenrot", "Alpenglut", "Seeblick", "Tannwald", "Bergsee", "Sonnhalde"]
            return words[Int(random.next() % UInt64(words.count))] + "-" + String(random.next() % 90 + 10)
                + ["!", "?", "#", "%"][Int(random.next() % 4)]
        case .secret:
            // Well-known prefix kept (so detectors still know it), random body of the same length and alphabet.
            let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
            guard let prefixEnd = value.lastIndex(where: { $0 == "_" || $0 == "-" }),
                value.distance(from: value.startIndex, to: prefixEnd) < 12
            else { return value }
            let body = value[value.index(after: prefixEnd)...]
            guard body.count >= 16, !value.hasPrefix("gh") else { return value }
            return String(value[...prefixEnd])
                + String((0..<body.count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        case .bankAccount, .healthData, .postalAddress, .seedPhrase, .cryptoWallet, .ipAddress, .other:
            return value
        }
    }

    static func nationalID(_ value: String, random: inout SplitMix64) -> String {
        func digits(_ count: Int) -> [Int] { (0..<count).map { _ in Int(random.next() % 10) } }
        if value.wholeMatch(of: /\d{3}-\d{2}-\d{4}/) != nil {
            let area = Int(random.next() % 600) + 100, group = Int(random.next() % 98) + 1,
                serial = Int(random.next() % 9000) + 1000
            return String(format: "%03d-%02d-%04d", area == 666 ? 667 : area, group, serial)
        }
        if value.hasPrefix("756"), value.filter(\.isASCIIDigit).count == 13 {
            let body = [7, 5, 6] + digits(9)
            let sum = body.enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
            let all = body + [(10 - sum % 10) % 10]
            var iterator = all.map { Character(String($0)) }.makeIterator()
            return String(value.map { $0.isASCIIDigit ? iterator.next()! : $0 })
        }
        if value.filter(\.isASCIIDigit).count == 11, value.allSatisfy({ $0.isASCIIDigit || $0 == " " }) {
            // A Steuer-ID: ten digits with exactly one repeated, then the ISO 7064 check digit.
            for _ in 0..<200 {
                var ten = Array(0...9).shuffled(using: &random).prefix(9).map { $0 }
                ten.insert(ten[Int(random.next() % 9)], at: Int(random.next() % 10))
                guard ten[0] != 0 else { continue }
                for check in 0...9 where Checksums.germanTaxID((ten + [check]).map { UInt8($0) }) {
                    var iterator = (ten + [check]).map { Character(String($0)) }.makeIterator()
                    return String(value.map { $0.isASCIIDigit ? iterator.next()! : $0 })
                }
            }
        }
        return value
    }
}

/// SplitMix64: a small, fast, deterministic generator — the same seed gives the same variants everywhere.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
