import ArgumentParser
import Detectors
import Foundation
import SupportScope

extension SupportScopeCommand {
    /// `supportscope inspect`: audit real pages (and text files) against a co-browsing profile and policy.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List the sensitive fields and data in pages or text files and whether a co-browsing profile masks them.",
            discussion: """
                Pages (.html, or anything starting with '<') are mirrored under the profile and policy, as a \
                co-browsing session would send them; text files (chat transcripts, logs) are scanned with the \
                detectors alone. Evidence is redacted unless --reveal is given.

                Exit codes: 0 nothing sensitive would reach the agent unmasked; 1 something would; \
                2 invalid input (an unreadable file, an unknown profile, a bad policy).
                """)

        @Argument(help: "Pages or text files to inspect.")
        var files: [String]

        @Option(help: "The co-browsing profile to audit against.")
        var profile: String = "cobrowse-standard"

        @OptionGroup var options: ProfileOptions

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Flag(help: "Show the sensitive values instead of redacting them.")
        var reveal = false

        @Option(
            help: ArgumentHelp(
                "Detector classes to leave out, comma-separated (e.g. phone,email for a shop's own contact details).",
                valueName: "classes"))
        var ignore: String?

        @Option(
            help: ArgumentHelp(
                "The URL the page was saved from: its query string and fragment are checked too.", valueName: "url"))
        var url: String?

        @Flag(
            help:
                "Also list the fields with no private class (readable ones such as search or coupon boxes, and unrecognised ones)."
        )
        var allFields = false

        enum OutputFormat: String, ExpressibleByArgument {
            case text, json
        }

        /// Large enough for any real page; a bigger file is more likely a mistake than a page.
        static let maximumBytes = 64 * 1024 * 1024

        func run() throws {
            let (registry, policy) = try options.load()
            guard let chosen = registry.profile(named: profile) else {
                throw InputError("unknown profile '\(profile)'; `supportscope models` lists them")
            }
            var ignored: Set<DetectorClass> = []
            for name in (ignore ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
            where !name.isEmpty {
                guard let detectorClass = DetectorClass(rawValue: name) else {
                    throw InputError(
                        "--ignore: unknown detector class '\(name)'; the classes are \(DetectorClass.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                ignored.insert(detectorClass)
            }
            let inspector: PageInspector
            do {
                inspector = try PageInspector(profile: chosen, policy: policy, reveal: reveal, ignoring: ignored)
            } catch {
                throw InputError("\(error)")
            }
            var inspections: [PageInspection] = []
            for file in files {
                let text = try read(file)
                do {
                    inspections.append(try inspector.inspect(file: file, text: text, url: url))
                } catch {
                    throw InputError("\(error)")
                }
            }
            switch format {
            case .text: print(Self.text(inspections, reveal: reveal, allFields: allFields))
            case .json: print(try Self.json(inspections))
            }
            if inspections.contains(where: { $0.unmasked > 0 }) { throw ExitCodes.findings }
        }

        func read(_ file: String) throws -> String {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file) else {
                throw InputError("\(file): no such file")
            }
            switch attributes[.type] as? FileAttributeType {
            case .typeRegular?: break
            case .typeDirectory?: throw InputError("\(file): is a folder; name the HTML files in it")
            default: throw InputError("\(file): is not a regular file")
            }
            if let size = attributes[.size] as? Int, size > Self.maximumBytes {
                throw InputError("\(file): \(size) bytes is more than the 64 MiB inspect reads")
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw InputError("\(file): cannot be read")
            }
            if let text = String(data: data, encoding: .utf8) { return text }
            // Real pages are sometimes Latin-1; reading them so beats refusing them, but say so.
            Console.line("warning: \(file): not UTF-8; read as ISO-8859-1")
            return String(decoding: data.map { UInt16($0) }, as: UTF16.self)
        }

        static func text(_ inspections: [PageInspection], reveal: Bool, allFields: Bool = false) -> String {
            var lines: [String] = []
            if reveal { lines.append("note: --reveal is on; values are shown unredacted") }
            for inspection in inspections {
                lines.append(
                    "\(inspection.file) (\(inspection.kind), \(inspection.profile)\(inspection.url.map { ", at \($0)" } ?? ""))"
                )
                for warning in inspection.warnings { lines.append("  warning: \(warning)") }
                if inspection.selectorsIgnored {
                    lines.append(
                        "  note: \(inspection.profile) ignores the policy's mask selectors; run at the standard level or above "
                            + "(a standard profile, or minimum-privacy: standard in the policy) to mask what is listed below"
                    )
                }
                lines +=
                    fieldLines(inspection, allFields: allFields) + contentLines(inspection) + regionLines(inspection)
                lines.append(
                    "  "
                        + (inspection.unmasked == 0
                            ? "nothing sensitive would be SEEN by the agent: what is listed above is masked or not mirrored"
                            : "\(inspection.unmasked) sensitive field(s) or value(s) would be SEEN by the agent unmasked")
                )
            }
            return lines.joined(separator: "\n")
        }

        /// Why the agent does not see something, in the words the report's legend uses: `masked: field iban (…)` becomes
        /// `masked by co-browsing — field iban (…)`; `not mirrored: …` keeps its words.
        static func hidden(_ reason: String) -> String {
            for (prefix, words) in [("masked: ", "masked by co-browsing"), ("not mirrored: ", "not mirrored")]
            where reason.hasPrefix(prefix) {
                return "\(words) — \(reason.dropFirst(prefix.count))"
            }
            return "not seen — \(reason)"
        }

        /// What to do about something that reaches the agent, when a selector can do anything about it.
        static func fix(_ selector: String, _ inspection: PageInspection) -> String {
            inspection.selectorsIgnored ? "" : " — add to the policy's mask list: '\(selector)'"
        }

        static func fieldLines(_ inspection: PageInspection, allFields: Bool) -> [String] {
            var lines: [String] = []
            let sensitive = inspection.fields.filter(\.mustBeMasked)
            if !sensitive.isEmpty {
                lines.append("  sensitive fields:")
                for field in sensitive {
                    let verdict =
                        field.maskedBy.map(hidden) ?? "SEEN by the agent (unmasked)\(fix(field.selector, inspection))"
                    lines.append(
                        "    line \(field.line): \(field.selector)\(field.hidden ? " (hidden)" : "") \(field.fieldClass.rawValue) "
                            + "[\(describe(field))] \(verdict)")
                    for note in field.notes { lines.append("      note: \(note)") }
                }
            }
            let personal = inspection.fields.filter { !$0.mustBeMasked }
            if !personal.isEmpty {
                lines.append("  personal fields (readable by default):")
                for field in personal {
                    let hint =
                        inspection.selectorsIgnored
                        ? "seen by the agent (readable)"
                        : "seen by the agent (readable) — mask it with 'mask-fields: [\(field.fieldClass.rawValue)]' in the policy"
                    let verdict = field.maskedBy.map(hidden) ?? hint
                    lines.append(
                        "    line \(field.line): \(field.selector) \(field.fieldClass.rawValue) [\(describe(field))] \(verdict)"
                    )
                }
            }
            if allFields, !inspection.otherFields.isEmpty {
                lines.append("  other fields:")
                for field in inspection.otherFields {
                    let what =
                        field.fieldClass.map { "\($0.rawValue) [\(field.signals.prefix(2).joined(separator: ", "))]" }
                        ?? "not recognised"
                    lines.append("    line \(field.line): \(field.selector)\(field.hidden ? " (hidden)" : "") \(what)")
                }
            }
            return lines
        }

        static func contentLines(_ inspection: PageInspection) -> [String] {
            guard !inspection.content.isEmpty else { return [] }
            var lines = ["  sensitive data:"]
            for item in inspection.content {
                let verdict: String
                if item.reachesAgent {
                    verdict = "SEEN by the agent" + (item.selector.map { fix($0, inspection) } ?? "")
                } else {
                    verdict = item.coveredBy.map(hidden) ?? "not seen by the agent"
                }
                let place = item.line > 0 ? "line \(item.line):\(item.column)" : item.place
                let holder = item.selector.map { " in \($0) (\(item.place))" } ?? ""
                lines.append(
                    "    \(place)\(holder): \(item.detectorClass.rawValue) \(item.evidence) "
                        + "(confidence \(String(format: "%.2f", item.confidence)); \(item.reason)) \(verdict)")
            }
            return lines
        }

        static func regionLines(_ inspection: PageInspection) -> [String] {
            var lines: [String] = []
            let blocked = inspection.regions.filter { $0.reason != .masked }
            if !blocked.isEmpty {
                lines.append("  blocked or not mirrored (the agent receives a placeholder or nothing):")
                for region in blocked {
                    lines.append("    \(region.selector) — \(region.reason.rawValue): \(region.rule)")
                }
            }
            let masked = inspection.regions.filter { $0.reason == .masked }
            if !masked.isEmpty {
                lines.append("  masked by co-browsing (the agent receives a mask in their place):")
                for region in masked { lines.append("    \(region.selector) — \(region.rule)") }
            }
            return lines
        }

        /// A field's confidence and the signals that decided its class.
        static func describe(_ field: PageInspection.Field) -> String {
            "\(String(format: "%.2f", field.confidence)); " + field.signals.prefix(3).joined(separator: ", ")
        }

        static func json(_ inspections: [PageInspection]) throws -> String {
            let files: [[String: Any]] = inspections.map { inspection in
                [
                    "file": inspection.file, "kind": inspection.kind, "profile": inspection.profile,
                    "unmasked": inspection.unmasked,
                    "url": inspection.url ?? NSNull(), "selectorsIgnored": inspection.selectorsIgnored,
                    "warnings": inspection.warnings,
                    "fields": inspection.fields.map { field -> [String: Any] in
                        [
                            "line": field.line, "selector": field.selector, "name": field.name ?? NSNull(),
                            "class": field.fieldClass.rawValue,
                            "confidence": field.confidence,
                            "signals": field.signals, "notes": field.notes, "hidden": field.hidden,
                            "sensitive": field.mustBeMasked, "index": field.index,
                            "masked": field.maskedBy != nil, "rule": field.maskedBy ?? NSNull(),
                        ]
                    },
                    "otherFields": inspection.otherFields.map { field -> [String: Any] in
                        [
                            "line": field.line, "selector": field.selector, "name": field.name ?? NSNull(),
                            "class": field.fieldClass?.rawValue ?? NSNull(),
                            "signals": field.signals, "hidden": field.hidden, "index": field.index,
                        ]
                    },
                    "content": inspection.content.map { item -> [String: Any] in
                        [
                            "line": item.line, "column": item.column, "class": item.detectorClass.rawValue,
                            "confidence": item.confidence,
                            "evidence": item.evidence, "reachesAgent": item.reachesAgent,
                            "selector": item.selector ?? NSNull(), "place": item.place,
                            "coveredBy": item.coveredBy ?? NSNull(), "reason": item.reason,
                        ]
                    },
                    "regions": inspection.regions.map {
                        ["selector": $0.selector, "reason": $0.reason.rawValue, "rule": $0.rule]
                    },
                ]
            }
            let root: [String: Any] = ["files": files, "unmasked": inspections.reduce(0) { $0 + $1.unmasked }]
            let data = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
    }
}
