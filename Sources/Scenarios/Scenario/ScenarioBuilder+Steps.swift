import Fields
import Foundation
import Markup

/// The steps of a scenario: each actor's action, checked against the pages as the replay will find them.
extension ScenarioBuilder {
    mutating func buildStep(_ object: CheckedObject, index: Int) -> Step? {
        guard let actorName = object.actor, let actor = Actor(rawValue: actorName), let actionName = object.action,
            let schema = ScenarioFormat.action(actorName, actionName)
        else { return nil }
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
        return Step(
            index: index, id: object.string("id"), actor: actor, action: action, at: object["at"]?.duration,
            note: object.string("note"), location: location(object.mark))
    }

    /// The action of a step, one case per `ActionKind` (the switch is exhaustive: an action the format lists cannot go
    /// unhandled, which is why the cases stay in one function). Nil only where a problem has been reported: by the schema reader (a required key missing or of the
    /// wrong type) or here, at its line and column.
    mutating func buildAction(
        _ kind: ActionKind, _ object: CheckedObject, actor: Actor, tab: String?, index: Int
    ) -> Action? {
        let selector = object.string("selector")
        switch kind {
        case .navigate:
            guard let url = expand(object["url"]), let page = readExpanded(object["page"], what: "step \(index + 1)")
            else { return nil }
            // An agent's navigation may be refused: its page becomes an alternative the checks also accept.
            if let target = tab ?? pages.activeTab {
                reportParserProblems(
                    pages.load(tab: target, path: page.path, html: page.text, tentative: actor == .agent), in: page.path
                )
                if actor != .agent { checkOrigin(object, url: url, tab: target, index: index) }
            }
            return .navigate(tab: tab, url: url, page: page.path, html: page.text)
        case .type:
            guard let selector else { return nil }
            checkSelector(object, tab: tab)
            guard let text = expand(object["text"], noting: false) else { return nil }
            guard text.count <= Limits.typedCharactersPerStep else {
                error(
                    object["text"]!.mark,
                    "one step types at most \(Limits.typedCharactersPerStep) characters (this one \(text.count)): "
                        + "each is a keystroke on the wire; split the typing or use page-change")
                return nil
            }
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
            notifications += 1
            guard notifications <= Limits.notificationsPerScenario else {
                if notifications == Limits.notificationsPerScenario + 1 {
                    error(object.mark, "a scenario shows at most \(Limits.notificationsPerScenario) notifications")
                }
                return nil
            }
            guard let app = expand(object["app"]), let text = expand(object["text"]) else { return nil }
            return .notification(
                app: app, title: expand(object["title"]), text: text, duration: object["duration"]?.duration ?? 5)
        case .pageChange:
            guard let selector else { return nil }
            return pageChange(object, selector: selector, tab: tab)
        case .autofillPopup:
            guard let selector else { return nil }
            checkSelector(object, tab: tab)
            return .autofillPopup(
                tab: tab, selector: selector, suggestions: object.list("suggestions").compactMap { expand($0) })
        case .start:
            sessionOrigin = sessionOrigin ?? pages.activeTab.flatMap { tabURLs[$0] }.flatMap(ScenarioURL.origin)
            return .start
        case .grantControl: return .grantControl
        case .revokeControl: return .revokeControl
        case .escalate: return .escalate
        case .end: return .end
        }
    }

    /// A script's change: text, HTML, attributes or removal, tried on the page as the replay will find it.
    mutating func pageChange(_ object: CheckedObject, selector: String, tab: String?) -> Action? {
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
            error(
                object["remove"]?.mark ?? object.mark,
                "this page change changes nothing: give text, html, attributes or remove: true")
            return nil
        }
        if let problem = pages.apply(change, selector: selector, in: tab) {
            error(object.mark, "this page change cannot be applied: \(problem)")
        }
        return .pageChange(tab: tab, selector: selector, change: change)
    }

    /// A page the HTML parser gave up on (libxml2 stops at 256 levels of nesting) would be measured only in part; one
    /// with NUL bytes is measured whole, with U+FFFD for them: both are said.
    mutating func reportParserProblems(_ problems: [ParseDiagnostic], in page: String) {
        for problem in problems
        where problem.code == ParseDiagnostic.contentReplaced || problem.code == ParseDiagnostic.refused {
            diagnostics.append(
                Diagnostic(
                    problem.code == ParseDiagnostic.refused ? .error : .warning, file: files.display(page),
                    line: problem.line, column: problem.column, message: problem.message))
        }
        if problems.contains(where: { $0.code == ParseDiagnostic.refused }) { return }
        guard let first = problems.first(where: { $0.severity == .fatal }) else { return }
        diagnostics.append(
            Diagnostic(
                .warning, file: files.display(page), line: first.line, column: first.column,
                message: "the HTML parser stopped here, so the rest of the page is not measured: \(first.message)"))
    }

    mutating func checkTab(_ value: CheckedValue) -> String? {
        guard let id = value.string else { return nil }
        guard tabs.contains(id) else {
            error(value.mark, "unknown tab '\(id)'\(SchemaReader.suggestion(for: id, among: tabs))")
            return nil
        }
        return id
    }

    mutating func checkFile(_ value: CheckedValue?) -> String? {
        // Expanded as the world's file paths are, so `{{customer.name}}.pdf` names the same file in both.
        guard let value, let path = expand(value, noting: false) else { return nil }
        guard worldFiles.contains(path) else {
            error(value.mark, "'\(path)' is not in world.files\(SchemaReader.suggestion(for: path, among: worldFiles))")
            return nil
        }
        return path
    }

    /// A customer's navigation of the mirrored tab to another origin pauses co-browsing's mirror (unless the policy
    /// allows that origin) until the tab is back on the session's origin: the steps in between measure nothing under
    /// co-browsing, which is worth a warning once their number is known (at the next navigation, or the last step).
    mutating func checkOrigin(_ object: CheckedObject, url: String, tab: String, index: Int) {
        defer { tabURLs[tab] = url }
        guard let sessionOrigin, tab == pages.activeTab else { return }
        closeForeignOrigin(before: index)
        if let origin = ScenarioURL.origin(of: url), origin != sessionOrigin, let field = object["url"] {
            foreignOrigin = (field.mark, origin, index)
        }
    }

    /// Says how many steps a navigation to another origin left unmeasured, now that they end before `end`.
    mutating func closeForeignOrigin(before end: Int) {
        guard let foreign = foreignOrigin, let sessionOrigin else { return }
        foreignOrigin = nil
        let unmeasured = end - foreign.index - 1
        guard unmeasured > 0 else { return }
        // A URL's host can hold a planted value (`{{customer.name}}.shop.example`): then the origin is not named.
        func named(_ origin: String) -> String? {
            items.values.contains { origin.localizedCaseInsensitiveContains($0.value) } ? nil : origin
        }
        let from = named(sessionOrigin).map { "the session's origin \($0)" } ?? "the session's origin"
        let to = named(foreign.origin)
        warning(
            foreign.position,
            "this navigation leaves \(from) for \(to ?? "another one"): co-browsing pauses the mirror there, so the "
                + "\(unmeasured) step(s) after it measure nothing under co-browsing unless the policy's allowed-origins "
                + "lists \(to ?? "that origin")")
    }

    /// A selector that matches nothing in the page its tab shows at this step is almost always a mistake.
    mutating func checkSelector(_ object: CheckedObject, tab: String?) {
        guard let field = object["selector"], let selector = field.string, worldIsUsable else { return }
        guard let target = tab ?? pages.activeTab else {
            warning(field.mark, "no browser tab is open, so '\(selector)' cannot match anything")
            return
        }
        if let matches = pages.select(selector, in: target), matches.isEmpty,
            pages.selectAlternative(selector, in: target)?.isEmpty ?? true
        {
            let message =
                "selector '\(selector)' matches nothing in \(pages.path(of: target) ?? "the page") (tab '\(target)') at this step"
            if let currentStepID {
                missingTargets[currentStepID, default: []].append((field.mark, message, diagnostics.count))
            }
            warning(field.mark, message)
        }
    }

    /// An item entered into a field that the field classifier reads as holding another kind of private data
    /// (a CVC typed into the expiry field) is almost always a selector that points at the wrong field.
    mutating func checkEnteredItem(_ object: CheckedObject, key: String, tab: String?) {
        guard let field = object[key], let text = field.string, let selector = object.string("selector"), worldIsUsable,
            let target = tab ?? pages.activeTab
        else { return }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}"),
            let item = items[String(trimmed.dropFirst(2).dropLast(2))],
            let element = pages.select(selector, in: target)?.first, let found = pages.classification(of: element),
            let expected = FieldKinds.dataClasses(of: found.fieldClass), !expected.contains(item.dataClass),
            FieldKinds.specific.contains(item.dataClass)
        else { return }
        warning(
            field.mark,
            "item '\(item.id)' (\(item.dataClass.rawValue)) goes into '\(selector)', which the field classifier reads as "
                + "\(found.fieldClass.title) (\(found.signals.first?.description ?? "no signal")): check that the selector names the right field"
        )
    }
}
