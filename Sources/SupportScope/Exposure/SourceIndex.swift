/// The scenario's pages and files, for pointing a finding at the line that holds its data.
struct SourceIndex: Sendable {
    let sources: [(file: String, text: [Unicode.Scalar])]

    init(scenario: Scenario) {
        var sources: [(String, [Unicode.Scalar])] = []
        var seen = Set<String>()
        func add(_ page: String, _ html: String) {
            let path = scenario.folder == "." ? page : scenario.folder + "/" + page
            guard seen.insert(path).inserted else { return }
            sources.append((path, Array(html.unicodeScalars)))
        }
        for window in scenario.world.windows {
            for tab in window.tabs {
                add(tab.page, tab.html)
                for frame in tab.frames { add(frame.page, frame.html) }
            }
        }
        for step in scenario.steps {
            if case let .navigate(_, _, page, html) = step.action { add(page, html) }
        }
        for file in scenario.world.files where seen.insert(file.path).inserted {
            sources.append((file.path, Array(file.content.unicodeScalars)))
        }
        self.sources = sources
    }

    /// The first place `value` appears in full, as file, line and column; in `preferring` first when it is one of the sources.
    func locate(_ value: String, dataClass: DataClass, preferring: String? = nil) -> SourceLocation? {
        let pattern = CanaryPattern(value: value, dataClass: dataClass)
        let ordered = sources.filter { $0.file == preferring } + sources.filter { $0.file != preferring }
        for (file, text) in ordered {
            guard let sighting = pattern.sightings(in: text, lengthOnlyAllowed: { _ in false }).first(where: { $0.grade == .full }) else { continue }
            var line = 1, column = 1
            for scalar in text[..<sighting.range.lowerBound] {
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            return SourceLocation(file: file, line: line, column: column)
        }
        return nil
    }
}
