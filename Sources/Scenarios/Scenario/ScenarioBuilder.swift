import Fields
import Markup

/// Turns a schema-checked scenario into typed values and checks what the schema cannot:
/// references, duplicates, placeholders, planted values, files, and selectors against the pages.
struct ScenarioBuilder {
    let files: ScenarioFiles
    let reader: SchemaReader
    let knownProfiles: [String]
    private(set) var diagnostics: [Diagnostic] = []

    private var items: [String: PlantedItem] = [:]
    /// Every item id declared, even by an item with other errors, so its uses do not cascade into more errors.
    private var declaredItems: Set<String> = []
    private var usedItems: Set<String> = []
    private var contexts: [String: Set<String>] = [:]
    private var worldFiles: [String] = []
    private var windows: [String] = []
    private var tabs: [String] = []
    private var pages = PageTracker()
    /// False when the world itself could not be read: then nothing can be said about selectors.
    private var worldIsUsable = false

    init(files: ScenarioFiles, reader: SchemaReader, knownProfiles: [String]) {
        self.files = files
        self.reader = reader
        self.knownProfiles = knownProfiles
    }

    private var yaml: SourceText { reader.source }

    private mutating func error(_ position: Position, _ message: String) {
        diagnostics.append(yaml.diagnostic(.error, line: position.line, column: position.column, message))
    }

    private mutating func warning(_ position: Position, _ message: String) {
        diagnostics.append(yaml.diagnostic(.warning, line: position.line, column: position.column, message))
    }

    private func location(_ position: Position) -> SourceLocation {
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
            guard let object = value.object, let id = object.string("id"), let actor = object.actor.flatMap(Actor.init) else { continue }
            if stepIDs[id] != nil {
                error(object["id"]!.mark, "duplicate step id '\(id)'")
                duplicatedStepIDs.insert(id)
            } else {
                stepIDs[id] = actor
            }
        }
        var steps: [Step] = []
        var lastAt: Double?
        for (index, value) in root.list("steps").enumerated() {
            guard let object = value.object, object.action != nil, let step = buildStep(object, index: index) else { continue }
            if let at = step.at {
                if let last = lastAt, at < last {
                    error(object["at"]!.mark, "steps must be in time order: \(Self.format(at)) comes after \(Self.format(last))")
                }
                lastAt = at
            }
            steps.append(step)
        }
        let expectations = root.list("expectations").compactMap {
            $0.object.flatMap { buildExpectation($0, steps: stepIDs, ambiguous: duplicatedStepIDs) }
        }
        let policy = PolicyAdditions(
            mask: root["policy"]?.object?.strings("mask") ?? [],
            block: root["policy"]?.object?.strings("block") ?? [])
        for item in items.values.sorted(by: { $0.location.line < $1.location.line }) where !usedItems.contains(item.id) {
            warning(Position(line: item.location.line, column: item.location.column),
                    "item '\(item.id)' is never planted: no page, file, window or step uses {{\(item.id)}}")
        }
        guard let id = root.string("id"), let title = root.string("title"), let summary = root.string("summary"),
              let world else { return nil }
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

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }

    // MARK: - Items and placeholders

    private mutating func buildItem(_ object: CheckedObject) {
        if let id = object.string("id") { declaredItems.insert(id) }
        guard let id = object.string("id"), let className = object.string("class"),
              let dataClass = DataClass(rawValue: className), let valueField = object["value"], let value = valueField.string else { return }
        if let first = items[id] {
            error(object["id"]!.mark, "duplicate item id '\(id)' (first defined at line \(first.location.line))")
            return
        }
        if value.contains("{{") {
            error(valueField.mark, "an item's value cannot contain a placeholder")
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
        items[id] = PlantedItem(id: id, dataClass: dataClass, value: value, impact: impact,
                                label: object.string("label"), location: location(object["id"]!.mark))
    }

    /// Replaces placeholders in a YAML text value; unknown ids are errors at their column.
    /// `noting` is false for what goes into a field (typed or picked): a field's value is bound by the field, not by
    /// words around it, and must not make the value count wherever it stands alone.
    private mutating func expand(_ value: CheckedValue?, noting: Bool = true) -> String? {
        guard let value, let text = value.string else { return nil }
        let result = Placeholders.expandNoting(text) { items[$0]?.value }
        usedItems.formUnion(result.used)
        if noting { note(Placeholders.contexts(in: result.text, placed: result.placed, markup: false)) }
        for unknown in result.unknown where !declaredItems.contains(unknown.id) || unknown.part != nil {
            error(yamlPosition(of: unknown, in: text, at: value.mark), problem(with: unknown))
        }
        return result.text
    }

    /// What is wrong with a placeholder that could not be replaced: an unknown item, or a part its value does not have.
    private func problem(with unknown: Placeholders.Occurrence) -> String {
        guard let part = unknown.part, let item = items[unknown.id] else {
            return "'{{\(unknown.id)}}' names no item\(SchemaReader.suggestion(for: unknown.id, among: declaredItems.sorted()))"
        }
        let count = Placeholders.parts(of: item.value).count
        return "'{{\(unknown.id)#\(part == 0 ? "…" : String(part))}}' names no part of item '\(unknown.id)': "
            + "its value has \(count) part\(count == 1 ? "" : "s") (runs of letters and digits), numbered from 1"
    }

    /// Where each item's value was put: the text units that show it (see `Placeholders.contexts`).
    private mutating func note(_ placed: [(id: String, context: String)]) {
        for (id, context) in placed where contexts[id, default: []].count < 64 { contexts[id, default: []].insert(context) }
    }

    /// The placeholder's column in the YAML file when the value sits on one line, else the value's start.
    private func yamlPosition(of occurrence: Placeholders.Occurrence, in text: String, at start: Position) -> Position {
        guard let line = yaml.line(start.line) else { return start }
        let needle = String(decoding: Array(text.utf8)[occurrence.utf8Offset...].prefix { $0 != UInt8(ascii: "}") }, as: UTF8.self)
        let scalars = Array(line.unicodeScalars)
        let wanted = Array(needle.unicodeScalars)
        guard !wanted.isEmpty, scalars.count >= wanted.count else { return start }
        for offset in max(0, start.column - 1)...(scalars.count - wanted.count) where Array(scalars[offset..<(offset + wanted.count)]) == wanted {
            return Position(line: start.line, column: offset + 1)
        }
        return start
    }

    /// Reads a page or file of the scenario and replaces its placeholders; unknown ids are errors in that file.
    private mutating func readExpanded(_ value: CheckedValue?, what: String) -> (path: String, text: String)? {
        guard let value, let relative = value.string else { return nil }
        switch files.readText(relative) {
        case let .failure(.problem(message)):
            error(value.mark, message)
            return nil
        case let .success(text):
            let result = Placeholders.expandNoting(text) { items[$0]?.value }
            usedItems.formUnion(result.used)
            note(Placeholders.contexts(in: result.text, placed: result.placed, markup: true))
            let source = SourceText(path: files.display(relative), text: text)
            for unknown in result.unknown where !declaredItems.contains(unknown.id) || unknown.part != nil {
                let position = source.position(ofUTF8Offset: unknown.utf8Offset)
                diagnostics.append(source.diagnostic(.error, line: position.line, column: position.column,
                                                     problem(with: unknown) + " (in \(what) of scenario.yaml)"))
            }
            return (relative, result.text)
        }
    }

    // MARK: - World

    private mutating func buildWorld(_ object: CheckedObject) -> WorldTemplate {
        let screenObject = object["screen"]?.object
        let screen = Size(width: screenObject?["width"]?.integer ?? 1920, height: screenObject?["height"]?.integer ?? 1080)
        var files: [FileSpec] = []
        for value in object.list("files") {
            guard let file = value.object, let path = file.string("path") else { continue }
            if worldFiles.contains(path) {
                error(file["path"]!.mark, "duplicate file path '\(path)'")
                continue
            }
            worldFiles.append(path)
            let content: String?
            switch (file["content"], file["source"]) {
            case let (.some(inline), nil): content = expand(inline)
            case let (nil, .some(source)): content = readExpanded(source, what: "file '\(path)'")?.text
            case (nil, nil):
                error(file.mark, "file '\(path)' needs 'content' or 'source'")
                content = nil
            default:
                error(file.mark, "file '\(path)' takes one of 'content' and 'source', not both")
                content = nil
            }
            guard let content else { continue }
            files.append(FileSpec(path: path, content: content, size: file["size"]?.integer ?? content.utf8.count))
        }
        var windowSpecs: [WindowSpec] = []
        for (index, value) in object.list("windows").enumerated() {
            guard let window = value.object, let spec = buildWindow(window, index: index, screen: screen) else { continue }
            windowSpecs.append(spec)
        }
        // The active tab at the start: the first tab of the front-most browser window, even if
        // its page could not be read (its selectors are then not checked, rather than all flagged).
        let browsers = object.list("windows").enumerated().compactMap { index, value -> (z: Int, tab: String)? in
            guard let window = value.object, window["minimized"]?.boolean != true,
                  let tab = window.list("tabs").first?.object?.string("id") else { return nil }
            return (window["z"]?.integer ?? index, tab)
        }
        pages.activeTab = browsers.max(by: { $0.z < $1.z })?.tab
        let credentials = object.list("credentials").compactMap { value -> Credential? in
            guard let credential = value.object, let site = credential.string("site"),
                  let username = expand(credential["username"]), let password = expand(credential["password"]) else { return nil }
            return Credential(site: site, username: username, password: password)
        }
        return WorldTemplate(screen: screen, windows: windowSpecs, files: files,
                             clipboard: expand(object["clipboard"]), credentials: credentials)
    }

    private mutating func buildWindow(_ object: CheckedObject, index: Int, screen: Size) -> WindowSpec? {
        guard let id = object.string("id"), let app = expand(object["app"]), let title = expand(object["title"]) else { return nil }
        if windows.contains(id) {
            error(object["id"]!.mark, "duplicate window id '\(id)'")
            return nil
        }
        windows.append(id)
        let boundsObject = object["bounds"]?.object
        let bounds = boundsObject.map {
            Rect(x: $0["x"]?.integer ?? 0, y: $0["y"]?.integer ?? 0, width: $0["width"]?.integer ?? screen.width, height: $0["height"]?.integer ?? screen.height)
        } ?? Rect(x: 0, y: 0, width: screen.width, height: screen.height)
        if let file = object["file"], let path = file.string, !worldFiles.contains(path) {
            error(file.mark, "window '\(id)' shows '\(path)', which is not in world.files\(SchemaReader.suggestion(for: path, among: worldFiles))")
        }
        var tabSpecs: [TabSpec] = []
        for value in object.list("tabs") {
            guard let tab = value.object, let spec = buildTab(tab) else { continue }
            tabSpecs.append(spec)
        }
        return WindowSpec(id: id, app: app, title: title, bounds: bounds, z: object["z"]?.integer ?? index,
                          minimized: object["minimized"]?.boolean ?? false, text: expand(object["text"]),
                          file: object.string("file"), tabs: tabSpecs)
    }

    private mutating func buildTab(_ object: CheckedObject) -> TabSpec? {
        guard let id = object.string("id"), let url = object.string("url") else { return nil }
        if tabs.contains(id) {
            error(object["id"]!.mark, "duplicate tab id '\(id)'")
            return nil
        }
        tabs.append(id)
        guard let page = readExpanded(object["page"], what: "tab '\(id)'") else { return nil }
        reportFatal(pages.load(tab: id, path: page.path, html: page.text), in: page.path)
        var frames: [FrameSpec] = []
        for value in object.list("frames") {
            guard let frame = value.object, let selector = frame.string("selector"), let frameURL = frame.string("url"),
                  let framePage = readExpanded(frame["page"], what: "a frame of tab '\(id)'") else { continue }
            if let matches = pages.select(selector, in: id) {
                if matches.isEmpty {
                    warning(frame["selector"]!.mark, "frame selector '\(selector)' matches nothing in \(page.path)")
                } else if !matches.contains(where: { $0.name == "iframe" || $0.name == "frame" }) {
                    warning(frame["selector"]!.mark, "frame selector '\(selector)' matches no <iframe> in \(page.path)")
                }
            }
            frames.append(FrameSpec(selector: selector, url: frameURL, page: framePage.path, html: framePage.text))
        }
        return TabSpec(id: id, url: url, page: page.path, html: page.text, frames: frames)
    }

    // MARK: - Steps

    private mutating func buildStep(_ object: CheckedObject, index: Int) -> Step? {
        guard let actorName = object.actor, let actor = Actor(rawValue: actorName), let actionName = object.action,
              let schema = ScenarioFormat.action(actorName, actionName) else { return nil }
        // Count the step's placeholders as uses even if the step has other errors, so they do not cascade.
        for value in object.fields.values {
            for text in value.string.map({ [$0] }) ?? value.list.compactMap(\.string) {
                usedItems.formUnion(Placeholders.expand(text) { items[$0]?.value }.used)
            }
        }
        // A required key the schema reader already reported as missing or invalid: nothing more to check.
        for field in schema.fields where field.required && object[field.name] == nil { return nil }
        let tab = object["tab"].flatMap { checkTab($0) }
        if object["tab"] != nil, tab == nil { return nil }
        guard let action = buildAction(schema.kind, object, actor: actor, tab: tab, index: index) else { return nil }
        return Step(index: index, id: object.string("id"), actor: actor, action: action, at: object["at"]?.duration,
                    note: object.string("note"), location: location(object.mark))
    }

    /// The action of a step, one case per `ActionKind` (the switch is exhaustive: an action the format lists cannot go
    /// unhandled). Nil only where a problem has been reported: by the schema reader (a required key missing or of the
    /// wrong type) or here, at its line and column.
    private mutating func buildAction(_ kind: ActionKind, _ object: CheckedObject, actor: Actor, tab: String?, index: Int) -> Action? {
        let selector = object.string("selector")
        switch kind {
        case .navigate:
            guard let url = object.string("url"), let page = readExpanded(object["page"], what: "step \(index + 1)") else { return nil }
            // An agent's navigation may be refused: its page becomes an alternative the checks also accept.
            if let target = tab ?? pages.activeTab {
                reportFatal(pages.load(tab: target, path: page.path, html: page.text, tentative: actor == .agent), in: page.path)
            }
            return .navigate(tab: tab, url: url, page: page.path, html: page.text)
        case .type:
            guard let selector else { return nil }
            checkSelector(object, tab: tab)
            guard let text = expand(object["text"], noting: false) else { return nil }
            checkEnteredItem(object, key: "text", tab: tab)
            return .type(tab: tab, selector: selector, text: text)
        case .select:
            guard let selector else { return nil }
            checkSelector(object, tab: tab)
            guard let value = expand(object["value"], noting: false) else { return nil }
            checkEnteredItem(object, key: "value", tab: tab)
            return .select(tab: tab, selector: selector, value: value)
        case .click:
            guard let selector else { return nil }
            checkSelector(object, tab: tab)
            return .click(tab: tab, selector: selector)
        case .revealPassword:
            guard let selector else { return nil }
            checkSelector(object, tab: tab)
            return .revealPassword(tab: tab, selector: selector)
        case .scroll:
            if selector != nil { checkSelector(object, tab: tab) }
            return .scroll(tab: tab, selector: selector, y: object["y"]?.integer)
        case .switchTab:
            guard let target = object["tab"].flatMap({ checkTab($0) }) else { return nil }
            if actor != .agent { pages.activeTab = target }
            return .switchTab(tab: target)
        case .switchWindow:
            guard let window = object["window"], let id = window.string else { return nil }
            guard windows.contains(id) else {
                error(window.mark, "unknown window '\(id)'\(SchemaReader.suggestion(for: id, among: windows))")
                return nil
            }
            return .switchWindow(window: id)
        case .openFile:
            guard let path = checkFile(object["path"]) else { return nil }
            if let window = object["window"], let id = window.string, !windows.contains(id) {
                error(window.mark, "unknown window '\(id)'\(SchemaReader.suggestion(for: id, among: windows))")
            }
            return .openFile(path: path, window: object.string("window"))
        case .copy:
            return expand(object["text"]).map { .copy(text: $0) }
        case .requestControl: return .requestControl
        case .readClipboard: return .readClipboard
        case .transferFile:
            guard let path = checkFile(object["path"]) else { return nil }
            return .transferFile(path: path, toAgent: object.string("direction") != "to-customer")
        case .notification:
            guard let app = expand(object["app"]), let text = expand(object["text"]) else { return nil }
            return .notification(app: app, title: expand(object["title"]), text: text, duration: object["duration"]?.duration ?? 5)
        case .pageChange:
            guard let selector else { return nil }
            return pageChange(object, selector: selector, tab: tab)
        case .autofillPopup:
            guard let selector else { return nil }
            checkSelector(object, tab: tab)
            return .autofillPopup(tab: tab, selector: selector, suggestions: object.list("suggestions").compactMap { expand($0) })
        case .start: return .start
        case .grantControl: return .grantControl
        case .revokeControl: return .revokeControl
        case .escalate: return .escalate
        case .end: return .end
        }
    }

    /// A script's change: text, HTML, attributes or removal, tried on the page as the replay will find it.
    private mutating func pageChange(_ object: CheckedObject, selector: String, tab: String?) -> Action? {
        checkSelector(object, tab: tab)
        let change: PageChange
        if let text = object["text"] {
            guard let expanded = expand(text) else { return nil }
            change = .text(expanded)
        } else if let html = object["html"] {
            guard let expanded = expand(html) else { return nil }
            change = .html(expanded)
        } else if case let .map(pairs, _)? = object["attributes"] {
            var attributes: [String: String] = [:]
            for pair in pairs { attributes[pair.key] = expand(pair.value) }
            change = .attributes(attributes)
        } else if object["remove"]?.boolean == true {
            change = .remove
        } else {
            error(object["remove"]?.mark ?? object.mark, "this page change changes nothing: give text, html, attributes or remove: true")
            return nil
        }
        if let problem = pages.apply(change, selector: selector, in: tab) {
            error(object.mark, "this page change cannot be applied: \(problem)")
        }
        return .pageChange(tab: tab, selector: selector, change: change)
    }

    /// A page the HTML parser gave up on (libxml2 stops at 256 levels of nesting) would be measured only in part.
    private mutating func reportFatal(_ problems: [ParseDiagnostic], in page: String) {
        guard let first = problems.first else { return }
        diagnostics.append(Diagnostic(.warning, file: files.display(page), line: first.line, column: first.column,
                                      message: "the HTML parser stopped here, so the rest of the page is not measured: \(first.message)"))
    }

    private mutating func checkTab(_ value: CheckedValue) -> String? {
        guard let id = value.string else { return nil }
        guard tabs.contains(id) else {
            error(value.mark, "unknown tab '\(id)'\(SchemaReader.suggestion(for: id, among: tabs))")
            return nil
        }
        return id
    }

    private mutating func checkFile(_ value: CheckedValue?) -> String? {
        guard let value, let path = value.string else { return nil }
        guard worldFiles.contains(path) else {
            error(value.mark, "'\(path)' is not in world.files\(SchemaReader.suggestion(for: path, among: worldFiles))")
            return nil
        }
        return path
    }

    /// A selector that matches nothing in the page its tab shows at this step is almost always a mistake.
    private mutating func checkSelector(_ object: CheckedObject, tab: String?) {
        guard let field = object["selector"], let selector = field.string, worldIsUsable else { return }
        guard let target = tab ?? pages.activeTab else {
            warning(field.mark, "no browser tab is open, so '\(selector)' cannot match anything")
            return
        }
        if let matches = pages.select(selector, in: target), matches.isEmpty, pages.selectAlternative(selector, in: target)?.isEmpty ?? true {
            warning(field.mark, "selector '\(selector)' matches nothing in \(pages.path(of: target) ?? "the page") (tab '\(target)') at this step")
        }
    }

    /// An item entered into a field that the field classifier reads as holding another kind of private data
    /// (a CVC typed into the expiry field) is almost always a selector that points at the wrong field.
    private mutating func checkEnteredItem(_ object: CheckedObject, key: String, tab: String?) {
        guard let field = object[key], let text = field.string, let selector = object.string("selector"), worldIsUsable,
              let target = tab ?? pages.activeTab else { return }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}"), let item = items[String(trimmed.dropFirst(2).dropLast(2))],
              let element = pages.select(selector, in: target)?.first, let found = pages.classification(of: element),
              let expected = FieldKinds.dataClasses(of: found.fieldClass), !expected.contains(item.dataClass),
              FieldKinds.specific.contains(item.dataClass) else { return }
        warning(field.mark, "item '\(item.id)' (\(item.dataClass.rawValue)) goes into '\(selector)', which the field classifier reads as "
            + "\(found.fieldClass.title) (\(found.signals.first?.description ?? "no signal")): check that the selector names the right field")
    }

    // MARK: - Expectations

    private mutating func buildExpectation(_ object: CheckedObject, steps: [String: Actor], ambiguous: Set<String>) -> Expectation? {
        let profiles = object.list("profile")
        for profile in profiles {
            if let name = profile.string, !knownProfiles.contains(name) {
                error(profile.mark, "unknown profile '\(name)'\(SchemaReader.suggestion(for: name, among: knownProfiles))")
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
                    error(value.mark, "'\(id)' in '\(key)' names no item\(SchemaReader.suggestion(for: id, among: declaredItems.sorted()))")
                }
            }
        }
        for key in ["refused", "allowed"] {
            for value in object.list(key) {
                guard let id = value.string else { continue }
                guard let actor = steps[id] else {
                    error(value.mark, "'\(id)' in '\(key)' names no step\(SchemaReader.suggestion(for: id, among: steps.keys.sorted()))")
                    continue
                }
                if actor != .agent, !ambiguous.contains(id) {
                    error(value.mark, "'\(key)' lists agent actions, but step '\(id)' is a \(actor.rawValue) step")
                }
            }
        }
        var entryLocations: [String: SourceLocation] = [:]
        for key in ["observed", "not-observed", "reachable", "not-reachable", "retained", "not-retained", "refused", "allowed"] {
            for value in object.list(key) {
                if let id = value.string { entryLocations["\(key):\(id)"] = location(value.mark) }
            }
        }
        return Expectation(
            profiles: profiles.compactMap(\.string), observed: itemList("observed"), notObserved: itemList("not-observed"),
            reachable: itemList("reachable"), notReachable: itemList("not-reachable"), retained: itemList("retained"),
            notRetained: itemList("not-retained"), refused: itemList("refused"), allowed: itemList("allowed"),
            location: location(object.mark), entryLocations: entryLocations)
    }
}

/// Follows each tab's page through the steps (navigation, page changes) so selectors are checked against what the page is at that step.
struct PageTracker {
    private var documents: [String: (path: String, document: Document)] = [:]
    /// Pages an agent navigated to, which the replay may or may not allow.
    private var alternatives: [String: Document] = [:]
    var activeTab: String?

    /// Loads a page for a tab and returns the problems that made the HTML parser give up early, if any.
    @discardableResult
    mutating func load(tab: String, path: String, html: String, tentative: Bool = false) -> [ParseDiagnostic] {
        guard let document = try? Document.parseHTML(html, url: path) else { return [] }
        if tentative {
            alternatives[tab] = document
        } else {
            documents[tab] = (path, document)
            alternatives[tab] = nil
        }
        return document.diagnostics.filter { $0.severity == .fatal }
    }

    /// The elements a selector matches in the page an agent may have navigated the tab to.
    func selectAlternative(_ css: String, in tab: String) -> [Node]? {
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
                    for (name, value) in attributes.sorted(by: { $0.key < $1.key }) { try element.setAttribute(name, value) }
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
        case .currentPassword, .newPassword, .pin, .giftCardPIN, .securityAnswer: [.password, .oneTimeCode, .secret, .other]
        case .oneTimeCode: [.oneTimeCode, .password]
        case .iban, .bankAccount, .routingNumber: [.iban, .bankAccount]
        case .nationalID, .taxID: [.nationalID]
        case .dateOfBirth, .birthDay, .birthMonth, .birthYear: [.dateOfBirth]
        case .seedPhrase: [.seedPhrase, .secret, .cryptoWallet]
        default: nil
        }
    }

    /// Planted classes specific enough that a field of another sensitive kind means a mistake.
    static let specific: Set<DataClass> = [.cardNumber, .cardExpiry, .cardSecurityCode, .iban, .nationalID, .dateOfBirth, .oneTimeCode, .password]
}
