import Markup

extension World {
    /// Applies a step's effect to the world and returns what changed, in order.
    ///
    /// Customer and system steps always apply; agent steps apply only after their
    /// model allowed them. Typing changes the live DOM one keystroke at a time.
    func apply(_ action: Action, by actor: Actor) -> [WorldChange] {
        switch action {
        case let .navigate(tabID, url, page, html):
            guard let tab = tab(tabID ?? activeTab ?? ""), let document = try? Document.parseHTML(html, url: page) else { return [] }
            tab.document = document
            tab.url = url
            tab.page = page
            tab.frames = []
            return [.navigated(tab: tab.id)]
        case let .type(tabID, selector, text):
            guard let tab = targetTab(tabID), let element = element(selector, in: tab) else { return [] }
            var changes: [WorldChange] = []
            var typed = ""
            for character in text {
                typed.append(character)
                setValue(typed, of: element)
                changes.append(.valueChanged(tab: tab, element: element, value: typed, cause: actor == .agent ? .agent : .keystroke))
            }
            return changes
        case let .select(tabID, selector, value):
            guard let tab = targetTab(tabID), let select = element(selector, in: tab) else { return [] }
            for option in (try? select.select("option")) ?? [] {
                if option.attribute("value") ?? option.textContent == value {
                    try? option.setAttribute("selected", "")
                } else {
                    option.removeAttribute("selected")
                }
            }
            return [.valueChanged(tab: tab, element: select, value: value, cause: actor == .agent ? .agent : .selection)]
        case let .click(tabID, selector):
            guard let tab = targetTab(tabID), let element = element(selector, in: tab) else { return [] }
            var changes: [WorldChange] = []
            let type = element.attribute("type")?.lowercased()
            if element.name == "input", type == "checkbox" || type == "radio" {
                if element.hasAttribute("checked"), type == "checkbox" {
                    element.removeAttribute("checked")
                } else {
                    try? element.setAttribute("checked", "")
                }
                changes.append(.attributesChanged(tab: tab, element: element, names: ["checked"]))
            }
            changes.append(.clicked(tab: tab, element: element, by: actor))
            return changes
        case let .revealPassword(tabID, selector):
            guard let tab = targetTab(tabID), let element = element(selector, in: tab) else { return [] }
            try? element.setAttribute("type", "text")
            return [.attributesChanged(tab: tab, element: element, names: ["type"])]
        case let .scroll(tabID, selector, y):
            guard let tab = targetTab(tabID) else { return [] }
            let target = selector.flatMap { element($0, in: tab) }
            if let y {
                scrollOffset[tab] = y
            } else if let target, let state = self.tab(tab) {
                // Scrolling to an element puts its first line at the top of the viewport.
                let width = windows.first { $0.id == state.window }?.bounds.width ?? scenario.world.screen.width
                let lines = PageLayout(width: width, frames: state.frames).lines(of: state.document)
                if let index = lines.firstIndex(where: { $0.elements.contains { $0 == target || $0.isDescendant(of: target) } }) {
                    scrollOffset[tab] = index * Compositor.lineHeight
                }
            }
            return [.scrolled(tab: tab, element: target, y: y)]
        case let .switchTab(tabID):
            guard let tab = tab(tabID) else { return [] }
            activeTab = tab.id
            lastActiveTab[tab.window] = tab.id
            focusedWindow = tab.window
            return [.activeTabChanged(tab: tab.id)]
        case let .switchWindow(window):
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
        case let .openFile(path, window):
            // The file is shown in the window named, or in a new viewer window in front of the others.
            let shownIn = window ?? "viewer \(path)"
            if window == nil, !windows.contains(where: { $0.id == shownIn }) {
                let screen = scenario.world.screen
                windows.append(WindowSpec(id: shownIn, app: "Viewer", title: path,
                                          bounds: Rect(x: screen.width / 4, y: screen.height / 8, width: screen.width / 2, height: screen.height * 3 / 4),
                                          z: (windows.map(\.z).max() ?? 0) + 1, minimized: false, text: nil, file: path, tabs: []))
            } else if let index = windows.firstIndex(where: { $0.id == shownIn }) {
                windows[index].z = (windows.map(\.z).max() ?? 0) + 1
                windows[index].minimized = false
            }
            openFiles[shownIn] = path
            focusedWindow = shownIn
            return [.fileOpened(path: path, window: shownIn)]
        case let .copy(text):
            clipboard = text
            return [.clipboardChanged(text: text)]
        case let .notification(app, title, text, duration):
            let notification = Notification(app: app, title: title, text: text, until: time + duration)
            notifications.append(notification)
            return [.notificationShown(notification)]
        case let .pageChange(tabID, selector, change):
            guard let tab = targetTab(tabID), let parsed = try? Selector(selector), let document = self.tab(tab)?.document else { return [] }
            var changes: [WorldChange] = []
            for element in document.select(parsed) {
                switch change {
                case let .text(text):
                    try? element.setText(text)
                    changes.append(.contentChanged(tab: tab, element: element))
                case let .html(html):
                    _ = try? element.setInnerHTML(html)
                    changes.append(.contentChanged(tab: tab, element: element))
                case let .attributes(attributes):
                    for (name, value) in attributes.sorted(by: { $0.key < $1.key }) { try? element.setAttribute(name, value) }
                    changes.append(.attributesChanged(tab: tab, element: element, names: attributes.keys.sorted()))
                    if attributes["value"] != nil {
                        changes.append(.valueChanged(tab: tab, element: element, value: attributes["value"]!, cause: .script))
                    }
                case .remove:
                    changes.append(.removed(tab: tab, element: element))
                    element.remove()
                }
            }
            return changes
        case let .autofillPopup(tabID, selector, suggestions):
            guard let tab = targetTab(tabID), let element = element(selector, in: tab) else { return [] }
            return [.autofillShown(tab: tab, element: element, suggestions: suggestions)]
        case .requestControl, .readClipboard, .transferFile, .start, .grantControl, .revokeControl, .escalate, .end:
            return []
        }
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
            try? element.setText(value)
        } else {
            try? element.setAttribute("value", value)
        }
    }
}
