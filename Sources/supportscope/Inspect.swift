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
                throw registry.unknown(profile)
            }
            var ignored: Set<DetectorClass> = []
            for name in (ignore ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
            where !name.isEmpty {
                guard let detectorClass = DetectorClass(rawValue: name) else {
                    let names = DetectorClass.allCases.map(\.rawValue)
                    throw InputError(
                        "--ignore: unknown detector class '\(name)'\(SchemaReader.suggestion(for: name, among: names)); "
                            + "the classes are \(names.joined(separator: ", "))")
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
            case .text: print(InspectionOutput.text(inspections, reveal: reveal, allFields: allFields))
            case .json: print(InspectionOutput.json(inspections))
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

    }
}
