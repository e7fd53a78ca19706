import Foundation
import Markup
import Scenarios
import Simulation

/// The session-recording SDKs whose configuration `--profile-from` translates, named as the option's prefix.
public enum ReplayVendor: String, Sendable, Hashable, CaseIterable {
    /// rrweb 2.x: the options object of `record()`.
    case rrweb
    /// posthog-js: the `session_recording` object of `posthog.init`.
    case posthog
    /// Sentry: the options of `replayIntegration()`.
    case sentry
    /// Highlight: the options of `H.init()`.
    case highlight

    /// The vendor's name in notes and summaries.
    public var title: String {
        switch self {
        case .rrweb: "rrweb"
        case .posthog: "PostHog"
        case .sentry: "Sentry Replay"
        case .highlight: "Highlight"
        }
    }

    /// What the file must hold, for messages.
    var expectedObject: String {
        switch self {
        case .rrweb: "the options object given to rrweb's record()"
        case .posthog: "the session_recording object of posthog.init()"
        case .sentry: "the options object given to Sentry.replayIntegration()"
        case .highlight: "the options object given to H.init()"
        }
    }
}

/// An option the translation could not carry over exactly, and which way the profile differs from the SDK, so a reader
/// knows whether the measurement over- or understates what the SDK exposes.
public struct TranslationNote: Sendable, Hashable, CustomStringConvertible {
    /// Which way the translated profile differs from the SDK.
    public enum Effect: String, Sendable, Hashable {
        /// The profile lets cross what the SDK hides: the measurement overstates the SDK's exposure.
        case showsMore = "the profile shows more than the SDK"
        /// The profile hides, or cannot see, what the SDK lets cross: the measurement understates the SDK's exposure.
        case showsLess = "the profile shows less than the SDK"
        /// It depends on code the file cannot hold (a function) or on settings outside the file.
        case unknown = "the translation cannot tell"
        /// Nothing the agent could receive depends on it (timing, sampling, transport, styling).
        case noEffect = "no effect on what crosses"
        /// The SDK itself exposes data its configuration's author probably meant to hide (the rrweb trap).
        case configuration = "the configuration exposes it"
    }

    public let file: String
    /// 1-based line and column of the option's key; 0 for an SDK default that no line of the file states.
    public let line: Int
    public let column: Int
    /// The option as the vendor names it (`maskInputOptions`), or `(default)`.
    public let option: String
    public let effect: Effect
    public let message: String

    /// `file:line:column: note: option: message (effect)`, as diagnostics are printed.
    public var description: String {
        let location = line > 0 ? "\(file):\(line):\(column)" : file
        return Escaper.terminal("\(location): note: \(option): \(message) (\(effect.rawValue))")
    }
}

/// A vendor's configuration translated into a profile, with what did not translate exactly.
public struct VendorProfile: Sendable {
    /// The profile: `naive` base, the translated mirror rules, lengths kept, recorded.
    public let profile: Profile
    public let vendor: ReplayVendor
    /// Every option without an exact equivalent, in the file's order, then the SDK defaults that have none.
    public let notes: [TranslationNote]
}

/// Reads `--profile-from VENDOR:FILE` into a `VendorProfile`, or diagnostics naming the file, line and column of every
/// problem (an unknown option with the nearest known one, a value of the wrong type, a selector the mirror cannot
/// match); a file with an error is never translated, since a profile missing one of the SDK's rules would look more
/// private than the SDK is.
public enum VendorProfileReader {
    /// The largest options file read: a configuration is a few hundred bytes, so anything near this is not one.
    public static let maximumBytes = 1 << 20

    /// Reads the file `option` names; `taken` are the profile names already in use.
    public static func read(option: String, taken: [String]) -> (profile: VendorProfile?, diagnostics: [Diagnostic]) {
        func refuse(_ message: String, file: String = "--profile-from") -> (VendorProfile?, [Diagnostic]) {
            (nil, [Diagnostic(.error, file: file, line: 0, column: 0, message: message)])
        }
        let vendors = ReplayVendor.allCases.map(\.rawValue)
        let expected = "expected VENDOR:FILE with VENDOR one of \(vendors.joined(separator: ", "))"
        // The prefix is required: the four vendors share option names with different defaults (maskAllInputs is off
        // in rrweb and on in PostHog and Sentry), so the file alone cannot say whose it is.
        guard let colon = option.firstIndex(of: ":") else { return refuse("'\(option)' names no vendor; \(expected)") }
        let prefix = String(option[..<colon])
        guard let vendor = ReplayVendor(rawValue: prefix.lowercased()) else {
            return refuse(
                "'\(prefix)' is not a vendor\(SchemaReader.suggestion(for: prefix, among: vendors)); \(expected)")
        }
        let path = String(option[option.index(after: colon)...])
        guard !path.isEmpty else { return refuse("'\(option)' names no file after '\(prefix):'") }
        let bytes: [UInt8]
        do throws(Unreadable) {
            bytes = try contents(of: path)
        } catch {
            return refuse(error.description, file: path)
        }
        let name = profileName(vendor: vendor, path: path)
        // Expectations and `--profiles` name profiles by identifiers, as policies are named.
        guard name.wholeMatch(of: /[a-z0-9][a-z0-9._-]*/) != nil else {
            return refuse(
                "the profile would be named '\(name)', which is not an identifier (lowercase letters, digits, '.', "
                    + "'_', '-'); rename the file", file: path)
        }
        guard !taken.contains(name) else {
            return refuse("a profile named '\(name)' already exists; rename the file", file: path)
        }
        return read(bytes: bytes, vendor: vendor, path: path, name: name)
    }

    /// The translated profile's name: the file's name without its extension, lowercased, prefixed with the vendor
    /// unless it starts with it (`sentry:replay.json` → `sentry-replay`, `posthog:posthog-acme.json` → `posthog-acme`).
    public static func profileName(vendor: ReplayVendor, path: String) -> String {
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent.lowercased()
        return base.hasPrefix(vendor.rawValue) ? base : "\(vendor.rawValue)-\(base)"
    }

    /// Translates the options in `bytes` (`path` names the file in diagnostics and notes).
    public static func read(
        bytes: [UInt8], vendor: ReplayVendor, path: String, name: String
    ) -> (profile: VendorProfile?, diagnostics: [Diagnostic]) {
        guard bytes.count <= maximumBytes else {
            return (
                nil,
                [
                    Diagnostic(
                        .error, file: path, line: 0, column: 0,
                        message: "the file is \(bytes.count) bytes; an options file may hold at most \(maximumBytes)")
                ]
            )
        }
        var document = OptionsDocument(bytes: bytes, path: path, vendor: vendor)
        document.read()
        guard !document.diagnostics.hasErrors else { return (nil, document.diagnostics) }
        var translation = VendorTranslation(vendor: vendor, path: path, given: document.given)
        let rules = translation.rules()
        let diagnostics = document.diagnostics + translation.diagnostics
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        let file = URL(fileURLWithPath: path).lastPathComponent
        // The base is `naive`: every SDK here records the DOM as it is — hidden inputs' values, comments, data-*
        // attributes, titles, full URLs — except what its options hide, and the rules add exactly that. Masked text
        // keeps its length, as every one of them writes it, and the session is recorded: that is what they are for.
        var profile = Profile(
            name: name, model: .cobrowse,
            summary: "\(vendor.title)'s masking configuration in \(file), translated into mirror rules "
                + "(\(translation.notes.count) note(s) where it differs).",
            privacy: .naive, maskLength: .preserve, recording: true, source: "\(vendor.rawValue):\(path)")
        profile.mirror = rules
        return (VendorProfile(profile: profile, vendor: vendor, notes: translation.notes), diagnostics)
    }

    /// Why a file cannot be read.
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    private static func contents(of path: String) throws(Unreadable) -> [UInt8] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes else { throw Unreadable(description: "cannot read the file") }
        guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw Unreadable(description: "not a regular file")
        }
        // Checked before reading: a huge file is refused without holding it in memory.
        let size = (attributes[.size] as? Int) ?? 0
        guard size <= maximumBytes else {
            throw Unreadable(description: "the file is \(size) bytes; an options file may hold at most \(maximumBytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Unreadable(description: "cannot read the file")
        }
        return Array(data)
    }
}

// MARK: - Reading the file

/// A place in the options file: 1-based line and column, in Unicode scalars as `JSONReader` counts them.
struct Place: Hashable, Sendable {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ location: (line: Int, column: Int)) {
        self.init(line: location.line, column: location.column)
    }

    /// For an SDK default that no line of the file states.
    static let unstated = Place(line: 0, column: 0)
}

/// A string of the file with where it starts.
struct Located: Sendable {
    let text: String
    let place: Place
}

/// A `true`/`false` member of an object option (`maskInputOptions`), with where its name starts.
struct Flag: Sendable {
    let name: String
    let value: Bool
    let place: Place
}

/// What an option's value must be.
enum Expected: Sendable {
    case boolean
    /// A string holding a CSS selector list (`blockSelector`).
    case selector
    /// An array of strings, each a CSS selector list (Sentry's `mask`).
    case selectors
    /// A string naming one class (`blockClass`; JSON cannot hold the RegExp rrweb also takes).
    case className
    /// An array of strings (`maskAttributes`).
    case strings
    /// An object of `true`/`false` members (`maskInputOptions`); the translation judges the names.
    case flags
    /// rrweb's `slimDOMOptions`: `true`, `false`, `"all"` or an object of `true`/`false` members.
    case slimDOM
    /// One of these strings.
    case choice([String])
    /// Any value, read past: options that change nothing the agent could receive, and functions, which JSON cannot
    /// hold (a string or `null` standing in for one is accepted, so a configuration with its code stubbed out reads).
    case any
}

/// An option's value as the file gave it.
enum OptionValue: Sendable {
    case boolean(Bool)
    case text(String)
    /// Strings with where each starts: selectors, attribute names.
    case texts([Located])
    case flags([Flag])
    /// A value the translation does not read.
    case present
}

/// One option of the file: its value, and where its key starts (notes and errors point at the key).
struct GivenOption: Sendable {
    let key: Place
    let value: OptionValue
}

/// A vendor's options file read against its option table: every key known, every value of the right type, every
/// selector one the mirror can match — each problem a diagnostic with its file, line and column, all of them in one
/// pass. JSON syntax errors stop the reading (nothing after them can be placed).
struct OptionsDocument {
    let path: String
    let vendor: ReplayVendor
    private let bytes: [UInt8]
    /// The byte offset where each line starts (after a byte-order mark on the first, which `JSONReader` skips).
    private let lineStarts: [Int]
    private(set) var given: [String: GivenOption] = [:]
    private(set) var diagnostics: [Diagnostic] = []

    init(bytes: [UInt8], path: String, vendor: ReplayVendor) {
        self.bytes = bytes
        self.path = path
        self.vendor = vendor
        var starts = [bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        lineStarts = starts
    }

    mutating func read() {
        let table = VendorOptions.table(for: vendor)
        // Options are small: any value may be taken whole. Nesting deeper than a configuration needs is hostile input.
        let reader = JSONReader(bytes: bytes, maximumDepth: 64, maximumValue: VendorProfileReader.maximumBytes)
        do {
            let start = Place(try reader.location())
            guard byte(at: start) == UInt8(ascii: "{") else {
                report(start, "expected an object: \(vendor.expectedObject)")
                return
            }
            try reader.beginObject()
            while true {
                let before = Place(try reader.location())
                guard let key = try reader.nextKey() else { break }
                let keyPlace = self.keyPlace(from: before)
                let valuePlace = Place(try reader.location())
                guard let option = table[key] else {
                    try reader.skip()
                    report(keyPlace, unknownKeyMessage(key, among: table.keys.sorted()))
                    continue
                }
                guard given[key] == nil else {
                    try reader.skip()
                    report(keyPlace, "'\(key)' is given twice (JavaScript would keep the last); remove one")
                    continue
                }
                if let value = try readValue(option.expected, key: key, at: valuePlace, reader) {
                    given[key] = GivenOption(key: keyPlace, value: value)
                }
            }
            try reader.end()
        } catch let failure as JSONReader.Failure {
            report(Place(line: failure.line, column: failure.column), failure.message)
        } catch {
            report(.unstated, "\(error)")
        }
    }

    private mutating func readValue(
        _ expected: Expected, key: String, at place: Place, _ reader: JSONReader
    ) throws -> OptionValue? {
        let first = byte(at: place)
        // `null` is how rrweb's own defaults say "not set" (`blockSelector = null`): the option is not given.
        if first == UInt8(ascii: "n") {
            try reader.skip()
            return nil
        }
        switch expected {
        case .any:
            try reader.skip()
            return .present
        case .boolean:
            guard let value = try reader.value().bool else {
                return mistyped("'\(key)'", place, first, "true or false")
            }
            return .boolean(value)
        case .className:
            guard let text = try reader.value().string else {
                return mistyped("'\(key)'", place, first, "a class name in quotes")
            }
            return .text(text)
        case let .choice(words):
            guard let text = try reader.value().string else {
                return mistyped("'\(key)'", place, first, "one of " + words.joined(separator: ", "))
            }
            guard words.contains(text) else {
                report(
                    place,
                    "'\(key)' cannot be '\(text)'\(SchemaReader.suggestion(for: text, among: words)); expected one of "
                        + words.joined(separator: ", "))
                return nil
            }
            return .text(text)
        case .selector:
            guard let text = try reader.value().string else {
                return mistyped("'\(key)'", place, first, "a CSS selector in quotes")
            }
            return checkSelector(text, key: key, at: place) ? .texts([Located(text: text, place: place)]) : nil
        case .selectors, .strings:
            guard first == UInt8(ascii: "[") else {
                _ = try reader.value()
                return mistyped("'\(key)'", place, first, "an array of strings")
            }
            try reader.beginArray()
            var texts: [Located] = []
            while try reader.nextElement() {
                let at = Place(try reader.location())
                let entryFirst = byte(at: at)
                guard let text = try reader.value().string else {
                    mistyped("an entry of '\(key)'", at, entryFirst, "a string")
                    continue
                }
                if case .selectors = expected, !checkSelector(text, key: key, at: at) { continue }
                texts.append(Located(text: text, place: at))
            }
            return .texts(texts)
        case .flags:
            guard first == UInt8(ascii: "{") else {
                _ = try reader.value()
                return mistyped("'\(key)'", place, first, "an object of true/false members")
            }
            return .flags(try readFlags(key: key, reader))
        case .slimDOM:
            if first == UInt8(ascii: "{") { return .flags(try readFlags(key: key, reader)) }
            let value = try reader.value()
            if let flag = value.bool { return .boolean(flag) }
            if value.string == "all" { return .text("all") }
            return mistyped("'\(key)'", place, first, "true, false, \"all\" or an object of true/false members")
        }
    }

    private mutating func readFlags(key: String, _ reader: JSONReader) throws -> [Flag] {
        try reader.beginObject()
        var flags: [Flag] = []
        while true {
            let before = Place(try reader.location())
            guard let name = try reader.nextKey() else { break }
            let namePlace = keyPlace(from: before)
            let valuePlace = Place(try reader.location())
            let first = byte(at: valuePlace)
            guard let value = try reader.value().bool else {
                mistyped("'\(key).\(name)'", valuePlace, first, "true or false")
                continue
            }
            flags.append(Flag(name: name, value: value, place: namePlace))
        }
        return flags
    }

    /// Whether the mirror's selector parser reads `text`; an error at the selector's own column when not.
    private mutating func checkSelector(_ text: String, key: String, at place: Place) -> Bool {
        do throws(SelectorError) {
            _ = try Selector(text)
            return true
        } catch {
            // Sentry joins each list, its defaults included, into one selector: a browser that refuses one entry
            // makes `matches()` throw for all of them, and the SDK applies none.
            let scope = vendor == .sentry ? "any selector of this list, its defaults included" : "this option"
            // Past the opening quote; exact when no JSON escape comes before the column.
            report(
                Place(line: place.line, column: place.column + error.column),
                "'\(key)' holds a selector the mirror cannot match: \(error.message). If a browser refuses it too, "
                    + "\(vendor.title) applies none of \(scope); if a browser accepts it, it cannot be modelled yet. "
                    + "Remove or rewrite it to translate the rest")
            return false
        }
    }

    @discardableResult
    private mutating func mistyped(
        _ what: String, _ place: Place, _ first: UInt8?, _ expected: String
    ) -> OptionValue? {
        report(place, "\(what) must be \(expected); found \(Self.kind(first))")
        return nil
    }

    private func unknownKeyMessage(_ key: String, among keys: [String]) -> String {
        "'\(key)' is not a \(vendor.title) option\(SchemaReader.suggestion(for: key, among: keys)); the file holds "
            + vendor.expectedObject
    }

    private mutating func report(_ place: Place, _ message: String) {
        diagnostics.append(
            Diagnostic(
                .error, file: path, line: place.line, column: place.column, message: message,
                sourceLine: line(place.line)))
    }

    // MARK: Places and bytes

    /// What a value that starts with `byte` is, for messages.
    private static func kind(_ byte: UInt8?) -> String {
        switch byte {
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "true or false"
        case UInt8(ascii: "n"): "null"
        case nil: "the end of the file"
        default: "a number"
        }
    }

    /// The first byte of what starts at `place`: `JSONReader` tells where the next value is, not what it is, and a
    /// container must be recognised before `beginObject` or `beginArray` consume its first byte.
    private func byte(at place: Place) -> UInt8? {
        let offset = offset(of: place)
        return offset < bytes.count ? bytes[offset] : nil
    }

    /// Where a member's key starts, from where the reader stood before it: at the comma before it, or at the key.
    private func keyPlace(from before: Place) -> Place {
        var offset = offset(of: before)
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ",") { offset += 1 }
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
        return place(of: offset)
    }

    private func offset(of place: Place) -> Int {
        guard place.line >= 1, place.line <= lineStarts.count else { return bytes.count }
        var offset = lineStarts[place.line - 1]
        var column = 1
        // One column per scalar: a lead or ASCII byte and its continuation bytes.
        while column < place.column, offset < bytes.count, bytes[offset] != 0x0A {
            offset += 1
            while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            column += 1
        }
        return offset
    }

    private func place(of offset: Int) -> Place {
        let index = (lineStarts.lastIndex { $0 <= offset }) ?? 0
        let column = bytes[lineStarts[index]..<min(offset, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count + 1
        return Place(line: index + 1, column: column)
    }

    /// The text of line `number`, for the caret snippet.
    private func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}
