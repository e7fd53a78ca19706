import Markup
import Scenarios

extension World {
    /// Why a step could not change the world: a page that did not parse now (it parsed when the scenario was loaded).
    public struct ApplyFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Applies a step's effect to the world and returns what changed, in order.
    ///
    /// Customer and system steps always apply; agent steps apply only after their
    /// model allowed them. Typing changes the live DOM one keystroke at a time.
    /// An element a selector does not find changes nothing (the loader warned about it at its line).
    func apply(_ action: Action, by actor: Actor) throws -> [WorldChange] {
        switch action {
        case let .navigate(tabID, url, page, html): return try navigate(tabID, url: url, page: page, html: html)
        case let .type(tabID, selector, text): return type(text, into: selector, in: tabID, by: actor)
        case let .select(tabID, selector, value): return select(value, in: selector, tab: tabID, by: actor)
        case let .click(tabID, selector): return click(selector, in: tabID, by: actor)
        case let .revealPassword(tabID, selector):
            guard let tab = targetTab(tabID), let element = element(selector, in: tab) else { return [] }
            setAttribute("type", "text", of: element)
            return [.attributesChanged(tab: tab, element: element, names: ["type"])]
        case let .scroll(tabID, selector, y): return scroll(tabID, to: selector, y: y)
        case let .switchTab(tabID):
            guard let tab = tab(tabID) else { return [] }
            activeTab = tab.id
            lastActiveTab[tab.window] = tab.id
            focusedWindow = tab.window
            return [.activeTabChanged(tab: tab.id)]
        case let .switchWindow(window): return switchWindow(window)
        case let .openFile(path, window): return openFile(path, in: window)
        case let .copy(text):
            clipboard = text
            return [.clipboardChanged(text: text)]
        case let .notification(app, title, text, duration):
            let notification = Notification(app: app, title: title, text: text, until: time + duration)
            notifications.append(notification)
            return [.notificationShown(notification)]
        case let .pageChange(tabID, selector, change): return pageChange(change, at: selector, in: tabID)
        case let .autofillPopup(tabID, selector, suggestions):
            guard let tab = targetTab(tabID), let element = element(selector, in: tab) else { return [] }
            return [.autofillShown(tab: tab, element: element, suggestions: suggestions)]
        case .requestControl, .readClipboard, .transferFile, .start, .grantControl, .revokeControl, .escalate, .end:
            return []
        }
    }

    private func navigate(_ tabID: String?, url: String, page: String, html: String) throws -> [WorldChange] {
        guard let tab = tab(tabID ?? activeTab ?? "") else { return [] }
        let document: Document
        do {
            document = try Document.parseHTML(html, url: page)
        } catch {
            // The loader parsed this page; if it cannot be parsed now, the run must stop rather than skip the page.
            throw ApplyFailure(
                description: "\(page): the page could not be parsed when the replay navigated to it: \(error)")
        }
        tab.document = document
        tab.url = url
        tab.page = page
        tab.frames = []
        return [.navigated(tab: tab.id)]
    }

    private func type(_ text: String, into selector: String, in tabID: String?, by actor: Actor) -> [WorldChange] {
        guard let tab = targetTab(tabID), let element = element(selector, in: tab) else { return [] }
        var changes: [WorldChange] = []
        var typed = ""
        for character in text {
            typed.append(character)
            setValue(typed, of: element)
            changes.append(
                .valueChanged(tab: tab, element: element, value: typed, cause: actor == .agent ? .agent : .keystroke))
        }
        return changes
    }

    private func select(_ value: String, in selector: String, tab tabID: String?, by actor: Actor) -> [WorldChange] {
        guard let tab = targetTab(tabID), let select = element(selector, in: tab) else { return [] }
        for option in select.select(Self.optionSelector) {
            if option.attribute("value") ?? option.textContent == value {
                setAttribute("selected", "", of: option)
            } else {
                option.removeAttribute("selected")
            }
        }
        return [.valueChanged(tab: tab, element: select, value: value, cause: actor == .agent ? .agent : .selection)]
    }

    private static let optionSelector = try! Selector("option")

    private func click(_ selector: String, in tabID: String?, by actor: Actor) -> [WorldChange] {
        guard let tab = targetTab(tabID), let element = element(selector, in: tab) else { return [] }
        var changes: [WorldChange] = []
        let type = element.attribute("type")?.lowercased()
        if element.name == "input", type == "checkbox" || type == "radio" {
            if element.hasAttribute("checked"), type == "checkbox" {
                element.removeAttribute("checked")
            } else {
                setAttribute("checked", "", of: element)
            }
            changes.append(.attributesChanged(tab: tab, element: element, names: ["checked"]))
        }
        changes.append(.clicked(tab: tab, element: element, by: actor))
        return changes
    }

    private func scroll(_ tabID: String?, to selector: String?, y: Int?) -> [WorldChange] {
        guard let tab = targetTab(tabID) else { return [] }
        let target = selector.flatMap { element($0, in: tab) }
        if let y {
            scrollOffset[tab] = y
        } else if let target, let state = self.tab(tab) {
            // Scrolling to an element puts its first line at the top of the viewport.
            let width = windows.first { $0.id == state.window }?.bounds.width ?? scenario.world.screen.width
            let lines = PageLayout(width: width, frames: state.frames).lines(of: state.document)
            if let index = lines.firstIndex(where: {
                $0.elements.contains { $0 == target || $0.isDescendant(of: target) }
            }) {
                scrollOffset[tab] = index * PageLayout.lineHeight
            }
        }
        return [.scrolled(tab: tab, element: target, y: y)]
    }

    private func switchWindow(_ window: String) -> [WorldChange] {
        focusedWindow = window
        var changes: [WorldChange] = [.windowFocused(window: window)]
        if let index = windows.firstIndex(where: { $0.id == window }) {
            windows[index].z = (windows.map(\.z).max() ?? 0) + 1
            windows[index].minimized = false
            // A browser window brings its tab back to the front: the last active one of that window.
            let tabs = self.tabs.filter { $0.window == window }
            if let tab = tabs.first(where: { $0.id == lastActiveTab[window] }) ?? tabs.first, tab.id != activeTab {
                activeTab = tab.id
                changes.append(.activeTabChanged(tab: tab.id))
            }
        }
        return changes
    }

    private func openFile(_ path: String, in window: String?) -> [WorldChange] {
        // The file is shown in the window named, or in a new viewer window in front of the others.
        let shownIn = window ?? "viewer \(path)"
        if window == nil, !windows.contains(where: { $0.id == shownIn }) {
            windows.append(
                .viewer(showing: path, on: scenario.world.screen, above: windows.map(\.z).max() ?? 0))
        } else if let index = windows.firstIndex(where: { $0.id == shownIn }) {
            windows[index].z = (windows.map(\.z).max() ?? 0) + 1
            windows[index].minimized = false
        }
        openFiles[shownIn] = path
        focusedWindow = shownIn
        return [.fileOpened(path: path, window: shownIn)]
    }

    private func pageChange(_ change: PageChange, at selector: String, in tabID: String?) -> [WorldChange] {
        // The selector parsed when the scenario was loaded, and the loader tried the change on the page.
        guard let tab = targetTab(tabID), let parsed = try? Selector(selector), let document = self.tab(tab)?.document
        else { return [] }
        var changes: [WorldChange] = []
        for element in document.select(parsed) {
            switch change {
            case let .text(text):
                // Setting an element's text cannot fail (only a comment's can, on `--`).
                try? element.setText(text)
                changes.append(.contentChanged(tab: tab, element: element))
            case let .html(html):
                // A fragment that parses as nothing leaves the element empty, which is what a browser does too.
                _ = try? element.setInnerHTML(html)
                changes.append(.contentChanged(tab: tab, element: element))
            case let .attributes(attributes):
                for (name, value) in attributes.sorted(by: { $0.key < $1.key }) {
                    setAttribute(name, value, of: element)
                }
                changes.append(.attributesChanged(tab: tab, element: element, names: attributes.keys.sorted()))
                if let value = attributes["value"] {
                    changes.append(.valueChanged(tab: tab, element: element, value: value, cause: .script))
                }
            case .remove:
                changes.append(.removed(tab: tab, element: element))
                element.remove()
            }
        }
        return changes
    }

    /// Advances the clock to `time` and drops notifications that have expired; says whether any did.
    @discardableResult
    func advance(to time: Double) -> [WorldChange] {
        self.time = max(self.time, time)
        let before = notifications.count
        notifications.removeAll { $0.until <= self.time }
        return notifications.count < before ? [.notificationsExpired] : []
    }

    private func targetTab(_ id: String?) -> String? {
        id ?? activeTab
    }

    /// A field's value lives where the browser keeps it: `value` for inputs, the text of a textarea, the text of a contenteditable.
    private func setValue(_ value: String, of element: Node) {
        if element.name == "textarea" || element.hasAttribute("contenteditable") {
            // An element's text can always be set.
            try? element.setText(value)
        } else {
            setAttribute("value", value, of: element)
        }
    }

    /// Sets an attribute whose name the loader accepted (or a fixed one): Markup refuses only names that are not XML names.
    private func setAttribute(_ name: String, _ value: String, of element: Node) {
        try? element.setAttribute(name, value)
    }
}

extension WindowSpec {
    /// The viewer window a file opened in no window is shown in: in front of the others, centred, half the screen
    /// wide and three quarters high (the reports draw it where the world put it).
    public static func viewer(showing path: String, on screen: Size, above z: Int) -> WindowSpec {
        WindowSpec(
            id: "viewer \(path)", app: "Viewer", title: path,
            bounds: Rect(
                x: screen.width / 4, y: screen.height / 8, width: screen.width / 2, height: screen.height * 3 / 4),
            z: z + 1, minimized: false, text: nil, file: path, tabs: [])
    }
}
