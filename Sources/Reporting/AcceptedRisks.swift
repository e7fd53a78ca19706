import Foundation
import SupportScope

/// A file of accepted risks (`--accept FILE`): findings a reviewer looked at and accepted, mitigated elsewhere or
/// found false, each with a justification, an owner and an expiry date. Accepted findings stay in every report,
/// marked, and are left out of the gate; an expired entry stops applying and is reported, and an entry that matches
/// nothing is a warning, so the file cannot silently outlive what it was written for.
public struct AcceptedRisks: Sendable {
    /// How a finding was accepted.
    public enum Status: String, Sendable, CaseIterable {
        /// The risk is known and taken.
        case accepted
        /// Something outside the scenarios prevents it (a contract, a deployment setting).
        case mitigated
        /// The finding is wrong.
        case falsePositive = "false-positive"
    }

    /// One entry: a finding by id, or every finding matching its patterns.
    public struct Entry: Sendable, Hashable {
        public var id: String?
        /// `*` and `?` wildcards; nil matches anything.
        public var scenario: String?
        public var profile: String?
        public var kind: String?
        public var dataClass: String?
        public var status: Status
        public var justification: String
        public var owner: String
        /// The last day it applies, `YYYY-MM-DD` (UTC).
        public var expires: String
        /// Where the entry is written.
        public var location: SourceLocation

        /// Whether the entry covers `finding`.
        public func matches(_ finding: Finding) -> Bool {
            if let id, id != finding.id { return false }
            // A class pattern covers only findings that have a class: `class: '*'` is no way to accept actions.
            if dataClass != nil, finding.dataClass == nil { return false }
            return Self.matches(scenario, finding.scenario) && Self.matches(profile, finding.profile)
                && Self.matches(kind, finding.kind.rawValue)
                && Self.matches(dataClass, finding.dataClass?.rawValue ?? "")
        }

        static func matches(_ pattern: String?, _ text: String) -> Bool {
            guard let pattern else { return true }
            return Wildcard.matches(Array(pattern.unicodeScalars), Array(text.unicodeScalars))
        }

        /// `file:line:col` of the entry.
        public var place: String { "\(location.file):\(location.line):\(location.column)" }
    }

    /// The entries, in file order.
    public var entries: [Entry]
    /// The day expiry is judged on, `YYYY-MM-DD`.
    public var today: String

    /// Whether `entry` is past its expiry on `today`.
    public func isExpired(_ entry: Entry) -> Bool { entry.expires < today }

    /// The entries in force on `today`.
    public var inForce: [Entry] { entries.filter { !isExpired($0) } }

    /// The first entry in force that covers `finding`.
    public func entry(for finding: Finding) -> Entry? { entries.first { !isExpired($0) && $0.matches(finding) } }

    /// The entries in force (by index) that match `finding`, whether an earlier entry covers it or not.
    public func matching(_ finding: Finding) -> Set<Int> {
        Set(entries.indices.filter { !isExpired(entries[$0]) && entries[$0].matches(finding) })
    }

    /// The entries in force that match none of a run's findings, given the indices that matched some (`matching`).
    public func unmatched(matched: Set<Int>) -> [Entry] {
        entries.indices.filter { !isExpired(entries[$0]) && !matched.contains($0) }.map { entries[$0] }
    }

    /// What a run's findings make of the file: expired entries, and entries in force that match none of them.
    public func notes(matched: Set<Int>) -> [Diagnostic] {
        let unmatched = Set(unmatched(matched: matched))
        return entries.compactMap { entry in
            let message: String
            if isExpired(entry) {
                message =
                    "this accepted risk expired on \(entry.expires) and no longer applies; "
                    + "review it with its owner (\(entry.owner)) and renew or remove it"
            } else if unmatched.contains(entry) {
                message = "this accepted risk matches no finding of the run; remove it, or check its id or patterns"
            } else {
                return nil
            }
            return Diagnostic(
                .warning, file: entry.location.file, line: entry.location.line, column: entry.location.column,
                message: message)
        }
    }

    /// Today in UTC, `YYYY-MM-DD`: the day expiry is judged on unless `--today` names another. Not
    /// `SOURCE_DATE_EPOCH`, which reproducible-build setups pin to a past date: an expired entry must stop applying.
    public static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    // MARK: - The file

    /// The file's format: one source for the loader, the JSON Schema and the key reference.
    public static let entrySchema = ObjectSchema(
        name: "accepted-risk",
        summary: "One accepted risk: a finding by id, or the findings matching every pattern given.",
        fields: [
            FieldSchema(
                "id", .text, default: "none",
                "A finding's stable id (`SS-` and 16 hex digits), as the reports print it.",
                example: "SS-1a8372338a04d6dc"),
            FieldSchema(
                "scenario", .text, default: "any", "The scenario id; `*` and `?` are wildcards.",
                example: "checkout-*"),
            FieldSchema("profile", .text, default: "any", "The profile; wildcards allowed.", example: "cobrowse-*"),
            FieldSchema(
                "kind", .text, default: "any", "observed, reachable, retained or action; wildcards allowed.",
                example: "retained"),
            FieldSchema(
                "class", .text, default: "any", "The data class (`supportscope schema` lists them); wildcards allowed.",
                example: "card-number"),
            FieldSchema(
                "status", .choice(Status.allCases.map(\.rawValue)), required: true,
                "accepted (the risk is taken), mitigated (prevented outside the scenarios) or false-positive.",
                example: "mitigated"),
            FieldSchema(
                "justification", .text, required: true, "Why, with a reference a later reviewer can follow.",
                example: "'PSP iframe is not mirrored in production (SEC-412)'"),
            FieldSchema("owner", .text, required: true, "Who answers for it.", example: "security@shop.example"),
            FieldSchema(
                "expires", .text, required: true, "The last day it applies, YYYY-MM-DD (UTC).", example: "2027-03-31"),
        ])

    /// The top level of the file.
    public static let schema = ObjectSchema(
        name: "accepted-risks",
        summary: "Findings a reviewer accepted, for `supportscope run --accept FILE`.",
        fields: [
            FieldSchema(
                "accepted", .list(.object(entrySchema)), required: true, "The accepted risks, each with an expiry.",
                example:
                    "[{id: SS-1a8372338a04d6dc, status: accepted, justification: '…', owner: '…', expires: 2027-03-31}]"
            )
        ])

    /// The key reference of the file, as Markdown tables.
    public static func markdownReference() -> String {
        FormatDocumentation.markdownReference(root: schema, objects: [entrySchema])
    }

    /// The JSON Schema of the file (`Scenarios/accepted-risks.schema.json`).
    public static func jsonSchema() -> String {
        FormatDocumentation.jsonSchema(
            root: schema, objects: [entrySchema],
            id: "https://supportscope.example/schema/accepted-risks.schema.json", title: "SupportScope accepted risks")
    }

    /// The file at `path`, judged on `today`; nil with diagnostics (file, line, column) when it has errors.
    public static func load(file path: String, today: String) -> (risks: AcceptedRisks?, diagnostics: [Diagnostic]) {
        let read = YAMLDocument.read(file: path, schema: schema, what: "the accepted risks")
        // Past the schema's errors, what can be read is checked too: every problem of the file at once.
        guard let object = read.object, let reader = read.reader else { return (nil, read.diagnostics) }
        var entries: [Entry] = []
        for value in object.list("accepted") {
            guard let fields = value.object else { continue }
            let mark = fields.mark
            func text(_ key: String) -> String? {
                fields.string(key).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            let patterns = ["scenario", "profile", "kind", "class"].filter { text($0) != nil }
            if let id = text("id"), id.wholeMatch(of: #/SS-[0-9a-f]{16}/#) == nil {
                reader.error(fields["id"]?.mark ?? mark, "'id' must be a finding id: SS- and 16 hex digits")
            }
            if text("id") == nil, patterns.isEmpty {
                reader.error(
                    mark, "an accepted risk names a finding 'id' or at least one of scenario, profile, kind, class")
            }
            // Without an id, one pattern must say something: `scenario: '*'` alone would accept every finding.
            if text("id") == nil, !patterns.isEmpty,
                patterns.allSatisfy({ key in text(key)!.allSatisfy { $0 == "*" || $0 == "?" } })
            {
                reader.error(
                    mark,
                    "an accepted risk without an 'id' needs a pattern that is more than wildcards; "
                        + "accepting every finding is no review")
            }
            // A key written but empty would silently widen the entry.
            for key in ["id", "scenario", "profile", "kind", "class"]
            where fields[key] != nil && text(key) == nil {
                reader.error(fields[key]?.mark ?? mark, "'\(key)' is empty; give a value or leave the key out")
            }
            if let kind = text("kind"), !kind.contains(where: { $0 == "*" || $0 == "?" }),
                Finding.Kind(rawValue: kind) == nil
            {
                reader.error(
                    fields["kind"]?.mark ?? mark,
                    "'kind' cannot be '\(kind)'; use observed, reachable, retained or action")
            }
            if let dataClass = text("class"), !dataClass.contains(where: { $0 == "*" || $0 == "?" }),
                DataClass(rawValue: dataClass) == nil
            {
                reader.error(
                    fields["class"]?.mark ?? mark,
                    "'class' cannot be '\(dataClass)'; `supportscope schema` lists the classes")
            }
            let expires = text("expires") ?? ""
            if !Self.isDate(expires) {
                reader.error(fields["expires"]?.mark ?? mark, "'expires' must be a date, YYYY-MM-DD (got '\(expires)')")
            }
            for key in ["justification", "owner"] where text(key) == nil {
                reader.error(fields[key]?.mark ?? mark, "'\(key)' cannot be empty")
            }
            guard let status = text("status").flatMap(Status.init(rawValue:)) else { continue }
            entries.append(
                Entry(
                    id: text("id"), scenario: text("scenario"), profile: text("profile"), kind: text("kind"),
                    dataClass: text("class"), status: status, justification: text("justification") ?? "",
                    owner: text("owner") ?? "", expires: expires,
                    location: SourceLocation(file: path, line: mark.line, column: mark.column)))
        }
        let diagnostics = reader.diagnostics.cappedPerFile()
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        return (AcceptedRisks(entries: entries, today: today), diagnostics)
    }

    /// `YYYY-MM-DD` naming a day that exists.
    public static func isDate(_ text: String) -> Bool {
        guard let match = text.wholeMatch(of: #/(\d{4})-(\d{2})-(\d{2})/#), let year = Int(match.output.1),
            let month = Int(match.output.2), let day = Int(match.output.3), (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}

/// Shell-style wildcards: `*` any run, `?` one character; linear, with one backtrack point (no pattern is slow).
enum Wildcard {
    static func matches(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        var (p, t) = (0, 0)
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
