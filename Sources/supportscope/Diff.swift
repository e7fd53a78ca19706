import ArgumentParser
import Foundation
import Markup
import Reporting
import SupportScope

extension SupportScopeCommand {
    /// `supportscope diff`: what changed between two runs, finding by finding.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two runs' report.json: new, fixed and unchanged findings, and severity changes.",
            discussion: """
                Findings are matched by their stable ids (the same scenario, profile, kind, channel and subject give \
                the same id run after run). The markdown output is meant for a pull-request comment. Exit codes: 0 \
                compared (whatever changed); 2 a report that cannot be read.
                """)

        @Argument(help: "The earlier run's report.json (or its folder).")
        var old: String

        @Argument(help: "The later run's report.json (or its folder).")
        var new: String

        @Option(help: "text, json or markdown.")
        var format: DiffFormat = .text

        @Flag(help: "Accept reports written with --reveal; without it they are refused (they show planted values).")
        var reveal = false

        func run() throws {
            let before: Baseline
            let after: Baseline
            do {
                before = try Baseline.load(old)
                after = try Baseline.load(new)
            } catch {
                throw InputError("\(error)")
            }
            // A revealed report's ratings and paths are not redacted: printed only when asked for, as merge does.
            for report in [before, after] where report.revealed && !reveal {
                throw InputError("\(report.path) was written with --reveal; compare it with `diff --reveal`")
            }
            let diff = FindingDiff(old: before, new: after)
            switch format {
            case .text: print(Self.text(diff), terminator: "")
            case .markdown: print(Self.markdown(diff), terminator: "")
            case .json: print(Self.json(diff).document, terminator: "")
            }
        }

        static func line(_ entry: Baseline.Entry) -> String {
            let place = (entry.source ?? entry.stepLocation).map { " at \($0.file):\($0.line)" } ?? ""
            return "\(entry.id) \(entry.severity.rawValue) \(entry.scenario): \(entry.subject) \(entry.kind)\(place)"
        }

        static func counts(_ profile: FindingDiff.Profile) -> String {
            "\(profile.new.count) new, \(profile.fixed.count) fixed, \(profile.unchanged.count) unchanged, "
                + "\(profile.changed.count) changed severity"
                + (profile.notCompared > 0 ? "; \(profile.notCompared) not compared (not run again)" : "")
        }

        static func text(_ diff: FindingDiff) -> String {
            var lines = [
                "comparing run \(diff.old.runID) (\(diff.old.path)) with run \(diff.new.runID) (\(diff.new.path))"
            ]
            for profile in diff.profiles {
                lines.append("\(profile.name): \(counts(profile))")
                lines += profile.new.map { "  new      " + line($0) }
                lines += profile.fixed.map { "  fixed    " + line($0) }
                lines += profile.changed.map {
                    "  changed  " + line($0.after) + " (was \($0.before.severity.rawValue))"
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }

        static func markdown(_ diff: FindingDiff) -> String {
            func cell(_ text: String) -> String {
                text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
            }
            var lines = [
                "### SupportScope: findings compared with the baseline", "",
                "| profile | new | fixed | unchanged | severity changed | not run again |",
                "| --- | ---: | ---: | ---: | ---: | ---: |",
            ]
            for profile in diff.profiles {
                lines.append(
                    "| \(cell(profile.name)) | \(profile.new.count) | \(profile.fixed.count) | "
                        + "\(profile.unchanged.count) | \(profile.changed.count) | \(profile.notCompared) |")
            }
            let rows =
                diff.profiles.flatMap { profile in
                    profile.new.map { ("new", profile.name, $0, "") }
                        + profile.fixed.map { ("fixed", profile.name, $0, "") }
                        + profile.changed.map {
                            ("changed", profile.name, $0.after, "was \($0.before.severity.rawValue)")
                        }
                }
            if !rows.isEmpty {
                lines += [
                    "", "| | finding | severity | scenario | profile | what | where |",
                    "| --- | --- | --- | --- | --- | --- | --- |",
                ]
                for (state, profile, entry, note) in rows {
                    let place = (entry.source ?? entry.stepLocation).map { "`\($0.file):\($0.line)`" } ?? ""
                    lines.append(
                        "| \(state) | `\(entry.id)` | \(entry.severity.rawValue)\(note.isEmpty ? "" : " (\(note))") | "
                            + "\(cell(entry.scenario)) | \(cell(profile)) | \(cell("\(entry.subject) \(entry.kind)")) | \(place) |"
                    )
                }
            }
            lines += ["", "Runs `\(diff.old.runID)` → `\(diff.new.runID)`; findings matched by their stable ids."]
            return lines.joined(separator: "\n") + "\n"
        }

        static func json(_ diff: FindingDiff) -> JSONText {
            func entry(_ entry: Baseline.Entry) -> JSONText {
                .object([
                    "id": .string(entry.id), "scenario": .string(entry.scenario), "profile": .string(entry.profile),
                    "kind": .string(entry.kind), "class": .optional(entry.dataClass), "subject": .string(entry.subject),
                    "severity": .string(entry.severity.rawValue), "rating": .string(entry.rating),
                ])
            }
            return .object([
                "old": .object(["runId": .string(diff.old.runID), "path": .string(diff.old.path)]),
                "new": .object(["runId": .string(diff.new.runID), "path": .string(diff.new.path)]),
                "profiles": .array(
                    diff.profiles.map { profile in
                        .object([
                            "profile": .string(profile.name), "new": .array(profile.new.map(entry)),
                            "fixed": .array(profile.fixed.map(entry)),
                            "unchanged": .int(profile.unchanged.count), "notCompared": .int(profile.notCompared),
                            "changed": .array(
                                profile.changed.map {
                                    .object([
                                        "id": .string($0.after.id), "before": .string($0.before.severity.rawValue),
                                        "after": .string($0.after.severity.rawValue),
                                    ])
                                }),
                        ])
                    }),
            ])
        }
    }
}

/// `supportscope diff --format`.
enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}
