import Foundation
import Markup

/// What `inspect` prints: the text a person reads and the JSON tools read, from the same inspections.
public enum InspectionOutput {
    /// The inspections as a person reads them: each field and value with its line, class, evidence and whether the
    /// agent sees it, then what to add to the policy.
    public static func text(_ inspections: [PageInspection], reveal: Bool, allFields: Bool = false) -> String {
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

    /// The inspections as JSON, keys sorted and indented, written directly: the same bytes every run, and as fast to
    /// make as the text (Foundation's `JSONSerialization` took 83 % of a JSON run on a large file).
    public static func json(_ inspections: [PageInspection]) -> String {
        let files: [JSONText] = inspections.map { inspection in
            .object([
                "file": .string(inspection.file), "kind": .string(inspection.kind),
                "profile": .string(inspection.profile), "unmasked": .int(inspection.unmasked),
                "url": .optional(inspection.url), "selectorsIgnored": .bool(inspection.selectorsIgnored),
                "warnings": .array(inspection.warnings.map(JSONText.string)),
                "fields": .array(
                    inspection.fields.map { field in
                        .object([
                            "line": .int(field.line), "selector": .string(field.selector),
                            "name": .optional(field.name), "class": .string(field.fieldClass.rawValue),
                            "confidence": .double(field.confidence),
                            "signals": .array(field.signals.map(JSONText.string)),
                            "notes": .array(field.notes.map(JSONText.string)), "hidden": .bool(field.hidden),
                            "sensitive": .bool(field.mustBeMasked), "index": .int(field.index),
                            "masked": .bool(field.maskedBy != nil), "rule": .optional(field.maskedBy),
                        ])
                    }),
                "otherFields": .array(
                    inspection.otherFields.map { field in
                        .object([
                            "line": .int(field.line), "selector": .string(field.selector),
                            "name": .optional(field.name), "class": .optional(field.fieldClass?.rawValue),
                            "signals": .array(field.signals.map(JSONText.string)), "hidden": .bool(field.hidden),
                            "index": .int(field.index),
                        ])
                    }),
                "content": .array(
                    inspection.content.map { item in
                        .object([
                            "line": .int(item.line), "column": .int(item.column),
                            "class": .string(item.detectorClass.rawValue), "confidence": .double(item.confidence),
                            "evidence": .string(item.evidence), "reachesAgent": .bool(item.reachesAgent),
                            "selector": .optional(item.selector), "place": .string(item.place),
                            "coveredBy": .optional(item.coveredBy), "reason": .string(item.reason),
                        ])
                    }),
                "regions": .array(
                    inspection.regions.map {
                        .object([
                            "selector": .string($0.selector), "reason": .string($0.reason.rawValue),
                            "rule": .string($0.rule),
                        ])
                    }),
            ])
        }
        let root = JSONText.object([
            "files": .array(files), "unmasked": .int(inspections.reduce(0) { $0 + $1.unmasked }),
        ])
        var output = ""
        root.write(to: &output, indent: 0)
        return output
    }
}
