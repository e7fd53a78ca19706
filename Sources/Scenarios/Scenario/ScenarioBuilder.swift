import Fields
import Markup

/// Turns a schema-checked scenario into typed values and checks what the schema cannot:
/// references, duplicates, placeholders, planted values, files, and selectors against the pages.
struct ScenarioBuilder {
    let files: ScenarioFiles
    let reader: SchemaReader
    let knownProfiles: [String]
    let knownPolicies: [String]
    var diagnostics: [Diagnostic] = []

    var items: [String: PlantedItem] = [:]
    /// Every item id declared, even by an item with other errors, so its uses do not cascade into more errors.
    var declaredItems: Set<String> = []
    var usedItems: Set<String> = []
    /// The files read for the scenario (relative path → text), for its input digest.
    var sources: [String: String] = [:]
    /// Bytes produced by placeholder expansion so far, against `Limits.expandedScenarioBytes`.
    var expandedBytes = 0
    /// Notification steps so far, against `Limits.notificationsPerScenario`.
    var notifications = 0
    var contexts: [String: Set<String>] = [:]
    var worldFiles: [String] = []
    var windows: [String] = []
    var tabs: [String] = []
    var pages = PageTracker()
    /// False when the world itself could not be read: then nothing can be said about selectors.
    var worldIsUsable = false
    /// The id of the step being built, if it has one.
    var currentStepID: String?
    /// Each tab's URL as the steps so far left it, the origin of the active tab when the session started (what
    /// co-browsing mirrors unless the policy lists other origins), and how many steps the scenario has.
    var tabURLs: [String: String] = [:]
    var sessionOrigin: String?
    var stepCount = 0
    /// The last navigation of the mirrored tab to another origin, until the tab is back.
    var foreignOrigin: (position: Position, origin: String, index: Int)?
    /// Per step id, its warnings that a selector matches nothing (where and what): an error instead when an
    /// expectation depends on that step, since an action on nothing is refused by itself.
    var missingTargets: [String: [(position: Position, message: String, diagnostic: Int)]] = [:]

    init(
        files: ScenarioFiles, reader: SchemaReader, knownProfiles: [String],
        knownPolicies: [String] = [Expectation.builtInPolicy]
    ) {
        self.files = files
        self.reader = reader
        self.knownProfiles = knownProfiles
        self.knownPolicies = knownPolicies
    }

    var yaml: SourceText { reader.source }

    mutating func error(_ position: Position, _ message: String) {
        diagnostics.append(
            yaml.diagnostic(
                .error, line: position.line, column: position.column, message,
                snippet: diagnostics.count < Limits.diagnosticsPerFile))
    }

    mutating func warning(_ position: Position, _ message: String) {
        diagnostics.append(
            yaml.diagnostic(
                .warning, line: position.line, column: position.column, message,
                snippet: diagnostics.count < Limits.diagnosticsPerFile))
    }

    /// A `refused:` or `allowed:` expectation on a step whose selector matches nothing would pass or fail because of
    /// the typo, not the mode (a mistyped agent selector is refused as "not on the mirrored page"): that step's
    /// warning becomes an error naming the expectation.
    mutating func dependOnMissingTargets(_ expectations: [CheckedValue]) {
        for value in expectations {
            guard let object = value.object else { continue }
            for key in ["refused", "allowed"] {
                for entry in object[key]?.list ?? [] {
                    guard let id = entry.string, let missing = missingTargets[id] else { continue }
                    for target in missing {
                        diagnostics[target.diagnostic] = yaml.diagnostic(
                            .error, line: target.position.line, column: target.position.column,
                            target.message + "; the expectation '\(key): [\(id)]' at line \(entry.mark.line) depends "
                                + "on this step, and an action on nothing is refused by itself",
                            snippet: target.diagnostic < Limits.diagnosticsPerFile)
                    }
                    missingTargets[id] = nil
                }
            }
        }
    }

    func location(_ position: Position) -> SourceLocation {
        SourceLocation(file: yaml.path, line: position.line, column: position.column)
    }

    // MARK: - Scenario

    mutating func build(_ root: CheckedObject) -> Scenario? {
        for value in root.list("items") {
            if let object = value.object { buildItem(object) }
        }
        let world = root["world"]?.object.map { buildWorld($0) }
        worldIsUsable = world != nil
        // Step ids with their actors, from every step that names one, built or not.
        var stepIDs: [String: Actor] = [:]
        var duplicatedStepIDs: Set<String> = []
        for value in root.list("steps") {
            guard let object = value.object, let id = object.string("id"), let actor = object.actor.flatMap(Actor.init)
            else { continue }
            if stepIDs[id] != nil {
                error(object["id"]!.mark, "duplicate step id '\(id)'")
                duplicatedStepIDs.insert(id)
            } else {
                stepIDs[id] = actor
            }
        }
        var steps: [Step] = []
        var lastAt: Double?
        let listed = root.list("steps")
        if listed.count > Limits.stepsPerScenario {
            error(
                listed[Limits.stepsPerScenario].mark,
                "a scenario has at most \(Limits.stepsPerScenario) steps (this one \(listed.count))")
        }
        stepCount = min(listed.count, Limits.stepsPerScenario)
        for (index, value) in listed.prefix(Limits.stepsPerScenario).enumerated() {
            currentStepID = value.object?.string("id")
            defer { currentStepID = nil }
            guard let object = value.object, object.action != nil, let step = buildStep(object, index: index) else {
                continue
            }
            if let at = step.at {
                if let last = lastAt, at < last {
                    error(
                        object["at"]!.mark,
                        "steps must be in time order: \(Self.format(at)) comes after \(Self.format(last))")
                }
                lastAt = at
            }
            steps.append(step)
        }
        closeForeignOrigin(before: stepCount)
        let expectations = root.list("expectations").compactMap {
            $0.object.flatMap { buildExpectation($0, steps: stepIDs, ambiguous: duplicatedStepIDs) }
        }
        dependOnMissingTargets(root.list("expectations"))
        let policy = PolicyAdditions(
            mask: root["policy"]?.object?.strings("mask") ?? [],
            block: root["policy"]?.object?.strings("block") ?? [])
        // An item whose value a page or file writes out literally is traced there like a placeholder's: only one
        // that appears nowhere would never be measured.
        for item in items.values.sorted(by: { $0.location.line < $1.location.line })
        where !usedItems.contains(item.id) && !sources.values.contains(where: { $0.contains(item.value) }) {
            warning(
                Position(line: item.location.line, column: item.location.column),
                "item '\(item.id)' is never planted: no page, file, window or step uses {{\(item.id)}} or holds its value"
            )
        }
        guard let id = root.string("id"), let title = root.string("title"), let summary = root.string("summary"),
            let world
        else { return nil }
        return Scenario(
            id: id, title: title, summary: summary, domain: root.string("domain"),
            tags: root.strings("tags"), references: root.strings("references"), folder: files.folder,
            items: items.values.sorted { $0.location.line < $1.location.line }.map { item in
                var bound = item
                bound.contexts = (contexts[item.id] ?? []).sorted()
                return bound
            }, world: world, steps: steps,
            expectations: expectations, policy: policy, location: location(root["id"]!.mark))
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }

    // MARK: - Items and placeholders

    mutating func buildItem(_ object: CheckedObject) {
        if let id = object.string("id") { declaredItems.insert(id) }
        guard let id = object.string("id"), let className = object.string("class"),
            let dataClass = DataClass(rawValue: className), let valueField = object["value"],
            let value = valueField.string
        else { return }
        if let first = items[id] {
            error(object["id"]!.mark, "duplicate item id '\(id)' (first defined at line \(first.location.line))")
            return
        }
        if value.contains("{{") {
            error(valueField.mark, "an item's value cannot contain a placeholder")
        }
        guard value.count <= Limits.plantedValueCharacters else {
            error(
                valueField.mark,
                "item '\(id)' is \(value.count) characters; a planted value has at most \(Limits.plantedValueCharacters)"
            )
            return
        }
        switch ValueValidators.check(value, as: dataClass) {
        case .valid: break
        case let .warning(message): warning(valueField.mark, "item '\(id)': \(message)")
        case let .error(message): error(valueField.mark, "item '\(id)': \(message)")
        }
        var impact = dataClass.defaultImpact
        if let given = object.string("impact").flatMap(Impact.init(rawValue:)) {
            impact = given
        } else if dataClass == .other {
            error(object.mark, "item '\(id)' of class 'other' needs an 'impact'")
        }
        items[id] = PlantedItem(
            id: id, dataClass: dataClass, value: value, impact: impact,
            label: object.string("label"), location: location(object["id"]!.mark))
    }

    /// The most one more expansion may produce: the per-value limit, or what is left of the scenario's.
    var expansionLimit: Int { min(Limits.expandedValueBytes, max(0, Limits.expandedScenarioBytes - expandedBytes)) }

    /// The error for an expansion past `expansionLimit`.
    var expansionTooLarge: String {
        "with its placeholders filled in this would pass \(Limits.expandedValueBytes >> 20) MiB, or the scenario's "
            + "\(Limits.expandedScenarioBytes >> 20) MiB for all pages and texts together (see docs/LIMITS.md)"
    }

    /// Replaces placeholders in a YAML text value; unknown ids are errors at their column.
    /// `noting` is false for what goes into a field (typed or picked): a field's value is bound by the field, not by
    /// words around it, and must not make the value count wherever it stands alone.
    mutating func expand(_ value: CheckedValue?, noting: Bool = true) -> String? {
        guard let value, let text = value.string else { return nil }
        let result = Placeholders.expandNoting(text, limit: expansionLimit) { items[$0]?.value }
        usedItems.formUnion(result.used)
        guard !result.overflow else {
            error(value.mark, expansionTooLarge)
            return nil
        }
        expandedBytes += result.text.utf8.count
        if noting { note(Placeholders.contexts(in: result.text, placed: result.placed, markup: false)) }
        let unknowns = result.unknown.filter { !declaredItems.contains($0.id) || $0.part != nil }
        for (index, unknown) in unknowns.enumerated() {
            // Past the per-file budget only the count is shown, so the exact column is not worth a scan of the line.
            let position =
                index < Limits.diagnosticsPerFile ? yamlPosition(of: unknown, in: text, at: value.mark) : value.mark
            error(position, problem(with: unknown))
        }
        return result.text
    }

    /// What is wrong with a placeholder that could not be replaced: an unknown item, or a part its value does not have.
    func problem(with unknown: Placeholders.Occurrence, in place: String = "") -> String {
        guard let part = unknown.part, let item = items[unknown.id] else {
            let suggestion = SchemaReader.suggestion(for: unknown.id, among: declaredItems.sorted())
            // Text that only looks like a placeholder (a template language's own braces) is written `\{{`.
            return "'{{\(unknown.id)}}' names no item\(suggestion)\(place); to write '{{' as text, escape it: '\\{{'"
        }
        let count = Placeholders.parts(of: item.value).count
        return "'{{\(unknown.id)#\(part == 0 ? "…" : String(part))}}' names no part of item '\(unknown.id)': "
            + "its value has \(count) part\(count == 1 ? "" : "s") (runs of letters and digits), numbered from 1\(place)"
    }

    /// Where each item's value was put: the text units that show it (see `Placeholders.contexts`).
    mutating func note(_ placed: [(id: String, context: String)]) {
        for (id, context) in placed where contexts[id, default: []].count < 64 {
            contexts[id, default: []].insert(context)
        }
    }

    /// The placeholder's column in the YAML file when the value sits on one line, else the value's start.
    func yamlPosition(of occurrence: Placeholders.Occurrence, in text: String, at start: Position) -> Position {
        guard let line = yaml.line(start.line) else { return start }
        let needle = String(
            decoding: Array(text.utf8)[occurrence.utf8Offset...].prefix { $0 != UInt8(ascii: "}") }, as: UTF8.self)
        let scalars = Array(line.unicodeScalars)
        let wanted = Array(needle.unicodeScalars)
        guard !wanted.isEmpty, scalars.count >= wanted.count else { return start }
        for offset in max(0, start.column - 1)...(scalars.count - wanted.count)
        where Array(scalars[offset..<(offset + wanted.count)]) == wanted {
            return Position(line: start.line, column: offset + 1)
        }
        return start
    }

    /// Reads a page or file of the scenario and replaces its placeholders; unknown ids are errors in that file.
    mutating func readExpanded(_ value: CheckedValue?, what: String) -> (path: String, text: String)? {
        guard let value, let relative = value.string else { return nil }
        switch files.readText(relative) {
        case let .failure(.problem(message, _)):
            error(value.mark, message)
            return nil
        case let .success(text):
            sources[relative] = text
            let result = Placeholders.expandNoting(text, limit: expansionLimit) { items[$0]?.value }
            usedItems.formUnion(result.used)
            guard !result.overflow else {
                error(value.mark, "'\(relative)': " + expansionTooLarge)
                return nil
            }
            expandedBytes += result.text.utf8.count
            note(Placeholders.contexts(in: result.text, placed: result.placed, markup: true))
            let source = SourceText(path: files.display(relative), text: text)
            let unknowns = result.unknown.filter { !declaredItems.contains($0.id) || $0.part != nil }
            // One walk of the page for all positions: a walk per placeholder is quadratic on a hostile page.
            let positions = source.positions(ofUTF8Offsets: unknowns.map(\.utf8Offset))
            for (index, (unknown, position)) in zip(unknowns, positions).enumerated() {
                let message = problem(with: unknown, in: " (in \(what) of scenario.yaml)")
                // Past the per-file budget only the count is shown: no snippet is cut from the line for them.
                diagnostics.append(
                    index < Limits.diagnosticsPerFile
                        ? source.diagnostic(.error, line: position.line, column: position.column, message)
                        : Diagnostic(
                            .error, file: source.path, line: position.line, column: position.column, message: message))
            }
            return (relative, result.text)
        }
    }

    // MARK: - Expectations

    mutating func buildExpectation(
        _ object: CheckedObject, steps: [String: Actor], ambiguous: Set<String>
    ) -> Expectation? {
        let profiles = object.list("profile")
        for profile in profiles {
            if let name = profile.string, !knownProfiles.contains(name) {
                error(
                    profile.mark, "unknown profile '\(name)'\(SchemaReader.suggestion(for: name, among: knownProfiles))"
                )
            }
        }
        func itemList(_ key: String) -> [String] {
            object.list(key).compactMap { value in
                guard let id = value.string else { return nil }
                return id
            }
        }
        for key in ["observed", "not-observed", "reachable", "not-reachable", "retained", "not-retained"] {
            for value in object.list(key) {
                if let id = value.string, !declaredItems.contains(id) {
                    error(
                        value.mark,
                        "'\(id)' in '\(key)' names no item\(SchemaReader.suggestion(for: id, among: declaredItems.sorted()))"
                    )
                }
            }
        }
        for key in ["refused", "allowed"] {
            for value in object.list(key) {
                guard let id = value.string else { continue }
                guard let actor = steps[id] else {
                    error(
                        value.mark,
                        "'\(id)' in '\(key)' names no step\(SchemaReader.suggestion(for: id, among: steps.keys.sorted()))"
                    )
                    continue
                }
                if actor != .agent, !ambiguous.contains(id) {
                    error(value.mark, "'\(key)' lists agent actions, but step '\(id)' is a \(actor.rawValue) step")
                }
            }
        }
        for value in object.list("policy") {
            // A misspelt name would leave the expectation unchecked under the very policy its author runs.
            if let name = value.string, !knownPolicies.contains(name),
                let meant = SchemaReader.closest(to: name, among: knownPolicies)
            {
                warning(
                    value.mark,
                    "policy '\(name)' is not a known policy's name (did you mean '\(meant)'?); "
                        + "this expectation is checked only under a policy named '\(name)'")
            }
        }
        var entryLocations: [String: SourceLocation] = [:]
        for key in [
            "observed", "not-observed", "reachable", "not-reachable", "retained", "not-retained", "refused", "allowed",
        ] {
            for value in object.list(key) {
                if let id = value.string { entryLocations["\(key):\(id)"] = location(value.mark) }
            }
        }
        return Expectation(
            profiles: profiles.compactMap(\.string), observed: itemList("observed"),
            notObserved: itemList("not-observed"),
            reachable: itemList("reachable"), notReachable: itemList("not-reachable"), retained: itemList("retained"),
            notRetained: itemList("not-retained"), refused: itemList("refused"), allowed: itemList("allowed"),
            policies: object.list("policy").compactMap(\.string), location: location(object.mark),
            entryLocations: entryLocations)
    }
}

/// Follows each tab's page through the steps (navigation, page changes) so selectors are checked against what the page is at that step.
struct PageTracker {
    private var documents: [String: (path: String, document: Document)] = [:]
    /// Pages an agent navigated to, which the replay may or may not allow.
    private var alternatives: [String: Document] = [:]
    var activeTab: String?

    /// Loads a page for a tab and returns the problems that made the HTML parser give up early or that changed what
    /// it read (NUL bytes replaced), if any.
    @discardableResult
    mutating func load(tab: String, path: String, html: String, tentative: Bool = false) -> [ParseDiagnostic] {
        let document: Document
        do {
            document = try Document.parseHTML(html, url: path)
        } catch let MarkupError.tooManyAttributes(_, line, column, limit) {
            return [
                ParseDiagnostic(
                    severity: .fatal, file: path, line: line, column: column,
                    message: "this element has more than \(limit) attributes (see docs/LIMITS.md)",
                    code: ParseDiagnostic.refused)
            ]
        } catch {
            // Only input over 2 GB or a parser that gives up entirely gets here: said, not skipped.
            return [
                ParseDiagnostic(
                    severity: .fatal, file: path, line: 1, column: 1, message: "the page cannot be parsed: \(error)",
                    code: ParseDiagnostic.refused)
            ]
        }
        if tentative {
            alternatives[tab] = document
        } else {
            documents[tab] = (path, document)
            alternatives[tab] = nil
        }
        return document.diagnostics.filter { $0.severity == .fatal || $0.code == ParseDiagnostic.contentReplaced }
    }

    /// The elements a selector matches in the page an agent may have navigated the tab to.
    func selectAlternative(_ css: String, in tab: String) -> [Node]? {
        // A selector that does not parse was reported by `checkSelector`; here it matches nothing.
        guard let document = alternatives[tab], let selector = try? Selector(css) else { return nil }
        return document.select(selector)
    }

    func path(of tab: String) -> String? { documents[tab]?.path }

    /// The field classifier's class for an element of a tracked page.
    mutating func classification(of element: Node) -> FieldClassification? {
        let key = ObjectIdentifier(element.document)
        if classifiers[key] == nil { classifiers[key] = FieldClassifier(document: element.document) }
        return classifiers[key]!.classification(of: element)
    }

    private var classifiers: [ObjectIdentifier: FieldClassifier] = [:]

    /// The elements a selector matches in the tab's current page; nil when the page or selector is unusable.
    func select(_ css: String, in tab: String) -> [Node]? {
        // A selector that does not parse was reported by `checkSelector`; here it matches nothing.
        guard let document = documents[tab]?.document, let selector = try? Selector(css) else { return nil }
        return document.select(selector)
    }

    /// Applies a page change to every element the selector matches; returns why it could not, if it could not.
    func apply(_ change: PageChange, selector: String, in tab: String?) -> String? {
        guard let target = tab ?? activeTab, let matches = select(selector, in: target) else { return nil }
        do {
            for element in matches {
                switch change {
                case let .text(text): try element.setText(text)
                case let .html(html): _ = try element.setInnerHTML(html)
                case let .attributes(attributes):
                    for (name, value) in attributes.sorted(by: { $0.key < $1.key }) {
                        try element.setAttribute(name, value)
                    }
                case .remove: element.remove()
                }
            }
        } catch let error as MarkupError {
            if case let .invalidMutation(reason) = error { return reason }
            return error.description
        } catch {
            return "\(error)"
        }
        return nil
    }
}

/// Which planted data classes belong in which kind of field, for `validate`'s check of entered items.
enum FieldKinds {
    /// The data classes a field of `fieldClass` takes; nil when any may go there.
    static func dataClasses(of fieldClass: FieldClass) -> Set<DataClass>? {
        switch fieldClass {
        case .cardNumber, .cardNumberPart: [.cardNumber]
        case .cardExpiry, .cardExpiryMonth, .cardExpiryYear: [.cardExpiry]
        case .cardSecurityCode: [.cardSecurityCode]
        case .currentPassword, .newPassword, .pin, .giftCardPIN, .securityAnswer:
            [.password, .oneTimeCode, .secret, .other]
        case .oneTimeCode: [.oneTimeCode, .password]
        case .iban, .bankAccount, .routingNumber: [.iban, .bankAccount]
        case .nationalID, .taxID: [.nationalID]
        case .dateOfBirth, .birthDay, .birthMonth, .birthYear: [.dateOfBirth]
        case .seedPhrase: [.seedPhrase, .secret, .cryptoWallet]
        default: nil
        }
    }

    /// Planted classes specific enough that a field of another sensitive kind means a mistake.
    static let specific: Set<DataClass> = [
        .cardNumber, .cardExpiry, .cardSecurityCode, .iban, .nationalID, .dateOfBirth, .oneTimeCode, .password,
    ]
}
