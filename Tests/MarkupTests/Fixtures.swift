import Foundation
import Markup

/// Access to the realistic pages and XML files under `Fixtures/`.
enum Fixture {
    static var root: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    static func page(_ name: String) throws -> Document {
        try Document.parseHTML(contentsOfFile: path("pages/\(name)"))
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relative)))
    }
}

extension Node {
    /// A short, stable name for an element in test expectations: `#id`, `tag[name=…]`, `tag[value=…]` or `tag@line`.
    var label: String {
        if let id = attribute("id") { return "#\(id)" }
        if let name = attribute("name") { return "\(self.name)[name=\(name)]" }
        if let value = attribute("value") { return "\(self.name)[value=\(value)]" }
        return "\(self.name)@\(line.map(String.init) ?? "?")"
    }
}
