import Fields
import Foundation
import Markup

/// The world a scenario describes: screen, windows, tabs and their pages, files, clipboard and saved passwords.
extension ScenarioBuilder {
    mutating func buildWorld(_ object: CheckedObject) -> WorldTemplate {
        let screenObject = object["screen"]?.object
        let screen = Size(
            width: screenObject?["width"]?.integer ?? 1920, height: screenObject?["height"]?.integer ?? 1080)
        var files: [FileSpec] = []
        for value in object.list("files") {
            // A file's name may hold a planted value too (`~/Downloads/{{customer.name}}.pdf`).
            guard let file = value.object, let path = expand(file["path"]) else { continue }
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
            guard let window = value.object, let spec = buildWindow(window, index: index, screen: screen) else {
                continue
            }
            windowSpecs.append(spec)
        }
        // The active tab at the start: the first tab of the front-most browser window, even if
        // its page could not be read (its selectors are then not checked, rather than all flagged).
        let browsers = object.list("windows").enumerated().compactMap { index, value -> (z: Int, tab: String)? in
            guard let window = value.object, window["minimized"]?.boolean != true,
                let tab = window.list("tabs").first?.object?.string("id")
            else { return nil }
            return (window["z"]?.integer ?? index, tab)
        }
        pages.activeTab = browsers.max(by: { $0.z < $1.z })?.tab
        let credentials = object.list("credentials").compactMap { value -> Credential? in
            guard let credential = value.object, let site = credential.string("site"),
                let username = expand(credential["username"]), let password = expand(credential["password"])
            else { return nil }
            return Credential(site: site, username: username, password: password)
        }
        return WorldTemplate(
            screen: screen, windows: windowSpecs, files: files,
            clipboard: expand(object["clipboard"]), credentials: credentials)
    }

    mutating func buildWindow(_ object: CheckedObject, index: Int, screen: Size) -> WindowSpec? {
        guard let id = object.string("id"), let app = expand(object["app"]), let title = expand(object["title"]) else {
            return nil
        }
        if windows.contains(id) {
            error(object["id"]!.mark, "duplicate window id '\(id)'")
            return nil
        }
        windows.append(id)
        guard windows.count <= Limits.windowsPerScenario else {
            if windows.count == Limits.windowsPerScenario + 1 {
                error(object.mark, "a scenario has at most \(Limits.windowsPerScenario) windows")
            }
            return nil
        }
        let boundsObject = object["bounds"]?.object
        let bounds =
            boundsObject.map {
                Rect(
                    x: $0["x"]?.integer ?? 0, y: $0["y"]?.integer ?? 0, width: $0["width"]?.integer ?? screen.width,
                    height: $0["height"]?.integer ?? screen.height)
            } ?? Rect(x: 0, y: 0, width: screen.width, height: screen.height)
        if let file = object["file"], let path = file.string, !worldFiles.contains(path) {
            error(
                file.mark,
                "window '\(id)' shows '\(path)', which is not in world.files\(SchemaReader.suggestion(for: path, among: worldFiles))"
            )
        }
        var tabSpecs: [TabSpec] = []
        for value in object.list("tabs") {
            guard let tab = value.object, let spec = buildTab(tab) else { continue }
            tabSpecs.append(spec)
        }
        return WindowSpec(
            id: id, app: app, title: title, bounds: bounds, z: object["z"]?.integer ?? index,
            minimized: object["minimized"]?.boolean ?? false, text: expand(object["text"]),
            file: expand(object["file"]), tabs: tabSpecs)
    }

    mutating func buildTab(_ object: CheckedObject) -> TabSpec? {
        guard let id = object.string("id"), let url = expand(object["url"]) else { return nil }
        if tabs.contains(id) {
            error(object["id"]!.mark, "duplicate tab id '\(id)'")
            return nil
        }
        tabs.append(id)
        tabURLs[id] = url
        guard let page = readExpanded(object["page"], what: "tab '\(id)'") else { return nil }
        reportParserProblems(pages.load(tab: id, path: page.path, html: page.text), in: page.path)
        var frames: [FrameSpec] = []
        for value in object.list("frames") {
            guard let frame = value.object, let selector = frame.string("selector"),
                let frameURL = expand(frame["url"]),
                let framePage = readExpanded(frame["page"], what: "a frame of tab '\(id)'")
            else { continue }
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
}
