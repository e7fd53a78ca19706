import Foundation
import SupportScope

/// What a reader needs in the first minute, computed from the findings: per profile how much of what was planted the
/// agent received, how that compares with the reference, the worst severity and the actions it could take; three key
/// findings in plain words; and recommendations per profile derived from what it exposed.
struct ReportDigest {
    /// One profile over the whole suite.
    struct Card {
        var profile: String
        var model: ModelKind?
        /// Planted items the agent received (a recognisable part or more), counted once per scenario.
        var received = 0
        /// Planted items of the scenarios this profile ran.
        var planted = 0
        var reachable = 0
        var retained = 0
        /// Sensitive actions the agent could take (allowed, at once or after consent).
        var actions = 0
        var unplanted = 0
        var index = 0
        /// The index as a multiple of the reference's; nil for the reference or when the reference's is 0.
        var ratio: Double?
        var worst: Severity?
        /// Per data class, the scenarios in which the agent received it.
        var classes: [DataClass: Set<String>] = [:]
        /// Per channel, the items the agent received or could reach through it.
        var channels: [Channel: Int] = [:]
        /// The sensitive actions, in words (`submits a payment`).
        var actionNames: [String] = []
        var recommendations: [String] = []
    }

    var cards: [Card]
    var keyFindings: [String]
    let reference: String

    /// One run's part of its profile's card, counted as the scenario is prepared (the card sums them).
    struct Tally: Sendable {
        var planted = 0
        var received = 0
        /// Items within reach that the agent did not also receive.
        var reachable = 0
        var retained = 0
        var actions = 0
        var unplanted = 0
        var worst: Severity?
        /// The classes of the items the agent received.
        var classes: Set<DataClass> = []
        var channels: [Channel: Int] = [:]
        /// The sensitive actions in words, in the order first met.
        var actionNames: [String] = []

        init(_ result: ProfileAnalysis, items: Int) {
            planted = items
            var received: Set<String> = [], reachable: Set<String> = [], retained: Set<String> = []
            for finding in result.findings {
                worst = max(worst ?? finding.severity, finding.severity)
                switch finding.subject {
                case .unplanted: unplanted += 1
                case let .action(what):
                    actions += 1
                    if !actionNames.contains(what) { actionNames.append(what) }
                case let .item(id):
                    guard finding.grade?.isExposure == true else { continue }
                    switch finding.kind {
                    case .observed:
                        received.insert(id)
                        if let dataClass = finding.dataClass { classes.insert(dataClass) }
                    case .reachable: reachable.insert(id)
                    case .retained: retained.insert(id)
                    case .action: break
                    }
                    channels[finding.channel, default: 0] += 1
                }
            }
            self.received = received.count
            self.reachable = reachable.subtracting(received).count
            self.retained = retained.count
        }
    }

    init(_ report: ReportModel, reference: String = referenceProfile) {
        self.reference = reference
        let models = Dictionary(report.profiles.map { ($0.name, $0.model) }, uniquingKeysWith: { first, _ in first })
        var cards: [Card] = []
        for comparison in report.suite {
            var card = Card(profile: comparison.profile, model: models[comparison.profile])
            card.index = comparison.score.index
            card.ratio = comparison.profile == reference ? nil : comparison.ratio
            for outline in report.outlines {
                guard let run = outline.runs.first(where: { $0.profile == comparison.profile }) else { continue }
                let tally = run.tally
                card.model = card.model ?? run.model
                card.planted += tally.planted
                card.received += tally.received
                card.reachable += tally.reachable
                card.retained += tally.retained
                card.actions += tally.actions
                card.unplanted += tally.unplanted
                if let worst = tally.worst { card.worst = max(card.worst ?? worst, worst) }
                for dataClass in tally.classes { card.classes[dataClass, default: []].insert(outline.id) }
                card.channels.merge(tally.channels, uniquingKeysWith: +)
                for name in tally.actionNames where !card.actionNames.contains(name) { card.actionNames.append(name) }
            }
            cards.append(card)
        }
        for index in cards.indices { cards[index].recommendations = Self.recommendations(cards[index]) }
        self.cards = cards
        keyFindings = Self.keyFindings(cards, reference: reference, scenarios: report.outlines.count)
    }

    /// `5.2×`, `12×`, `0.5×`, `<0.1×`: one decimal below ten (as it rounds), whole numbers from there.
    static func times(_ ratio: Double) -> String {
        if ratio < 0.05 { return "<0.1×" }
        return (ratio * 10).rounded() >= 100 ? "\(Int(ratio.rounded()))×" : String(format: "%.1f×", ratio)
    }

    /// A data class in words, plural: `card numbers`, `card security codes`.
    static func plural(_ dataClass: DataClass) -> String {
        switch dataClass {
        case .other: "other planted values"
        case .healthData: "health data"
        case .email: "e-mail addresses"
        case .iban: "IBANs"
        case .dateOfBirth: "dates of birth"
        case .postalAddress: "postal addresses"
        case .nationalID: "national IDs"
        case .oneTimeCode: "one-time codes"
        case .seedPhrase: "seed phrases"
        case .ipAddress: "IP addresses"
        case .secret: "secrets (API keys, tokens)"
        default: dataClass.rawValue.replacingOccurrences(of: "-", with: " ") + "s"
        }
    }

    /// The classes a profile exposed most widely, worst impact first, in words.
    static func topClasses(_ card: Card, _ limit: Int = 3) -> [String] {
        card.classes.sorted {
            ($0.key.defaultImpact, $0.value.count, $1.key.rawValue) > (
                $1.key.defaultImpact, $1.value.count, $0.key.rawValue
            )
        }
        .prefix(limit).map { plural($0.key) }
    }

    static func list(_ words: [String]) -> String {
        switch words.count {
        case 0: ""
        case 1: words[0]
        default: words.dropLast().joined(separator: ", ") + " and " + words.last!
        }
    }

    /// What to do about what a profile exposed, in the terms of its model: one line per kind of exposure it had.
    static func recommendations(_ card: Card) -> [String] {
        var lines: [String] = []
        let classes = list(topClasses(card))
        let reached = card.channels.filter {
            [.file, .window, .browserTab, .savedPassword, .clipboard].contains($0.key)
        }
        .values.reduce(0, +)
        let kept = card.channels.filter { [.recording, .standingAccess].contains($0.key) }.values.reduce(0, +)
        switch card.model {
        case .screenshare?:
            if card.received > 0 {
                lines.append(
                    "Do not share the whole screen while the customer enters \(classes): share only the support "
                        + "window, or co-browse those steps.")
            }
            if reached > 0 {
                lines.append(
                    "Close other windows, tabs and files before sharing: \(reached) exposure(s) came from them.")
            }
        case .remoteDesktop?:
            if card.actions > 0 {
                lines.append(
                    "Do not hand over control while payments or account changes are on screen: \(card.actions) "
                        + "sensitive action(s) were possible (\(list(Array(card.actionNames.prefix(2))))).")
            }
            if card.received > 0 {
                lines.append(
                    "Avoid remote desktop while the customer enters \(classes); co-browse those steps instead.")
            }
            if reached > 0 {
                lines.append(
                    "Files, saved passwords and the clipboard were within reach (\(reached) exposure(s)): use a "
                        + "restricted support session.")
            }
        case .cobrowse?, nil:
            if card.received > 0 {
                lines.append(
                    "Mask what still reaches the agent (\(classes)) with the policy's mask selectors or "
                        + "mask-fields, or a stricter profile.")
            } else {
                lines.append("No planted value reached the agent: keep this profile as the baseline.")
            }
            if card.actions > 0 {
                lines.append("Block the sensitive controls the agent could still use (\(card.actions) action(s)).")
            }
        }
        if kept > 0 {
            lines.append("Session records kept \(kept) exposure(s): turn recording off or end standing access.")
        }
        if card.unplanted > 0 {
            lines.append(
                "Review the \(card.unplanted) finding(s) of data nobody planted: real pages hold more than the test data."
            )
        }
        return lines
    }

    /// Three sentences a prospect can repeat: the gap between the reference and the worst profile, the data most
    /// exposed, and the actions (or, without any, what was kept).
    static func keyFindings(_ cards: [Card], reference: String, scenarios: Int) -> [String] {
        guard !cards.isEmpty else { return ["No profile was run."] }
        var findings: [String] = []
        let base = cards.first { $0.profile == reference }
        let worst = cards.max { ($0.index, $1.profile) < ($1.index, $0.profile) }!
        if let base, worst.profile != base.profile {
            let ratio = worst.ratio.map { ", \(times($0)) the exposure" } ?? ""
            findings.append(
                "The agent received \(base.received) of \(base.planted) planted items under \(base.profile) and "
                    + "\(worst.received) of \(worst.planted) under \(worst.profile)\(ratio).")
        } else {
            findings.append(
                "The agent received \(worst.received) of \(worst.planted) planted items under \(worst.profile) "
                    + "across \(scenarios) scenario(s).")
        }
        // The class seen in the most scenarios under any profile (ties: the worse profile by index, then by name).
        let widest = cards.flatMap { card in card.classes.map { (card: card, dataClass: $0.key, seen: $0.value.count) }
        }
        .max {
            ($0.seen, $0.card.index, $1.card.profile, $1.dataClass.rawValue)
                < ($1.seen, $1.card.index, $0.card.profile, $0.dataClass.rawValue)
        }
        if let widest {
            findings.append(
                "The data most widely exposed: \(plural(widest.dataClass)), seen under \(widest.card.profile) in "
                    + "\(widest.seen) of \(scenarios) scenario(s).")
        } else {
            findings.append("No profile showed the agent a planted value.")
        }
        if let acting = cards.max(by: { ($0.actions, $1.profile) < ($1.actions, $0.profile) }), acting.actions > 0 {
            let others = cards.filter { $0.profile != acting.profile }.map { "\($0.actions) under \($0.profile)" }
            findings.append(
                "Under \(acting.profile) the agent could take \(acting.actions) sensitive action(s) "
                    + "(\(list(Array(acting.actionNames.prefix(2)))))"
                    + (others.isEmpty ? "." : "; \(list(others))."))
        } else if let keeping = cards.max(by: { ($0.retained, $1.profile) < ($1.retained, $0.profile) }),
            keeping.retained > 0
        {
            findings.append("Under \(keeping.profile) \(keeping.retained) item(s) were kept after the session ended.")
        } else {
            findings.append("No profile let the agent take a sensitive action or kept a value after the session.")
        }
        return findings
    }
}
