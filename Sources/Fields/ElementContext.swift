import Markup

extension FieldClassifier {
    /// The words an element's place in the page gives the values it holds, for the detectors' context: a field's name,
    /// id, autocomplete token and labels; for any element, the text a person reads before it, its table row's and
    /// column's headers and a `<dt>`. Read through the classifier's bounded, cached page reading.
    public func contextWords(of element: Node) -> String {
        guard element.isElement else { return "" }
        // Farthest first: the detectors take the last word as the nearest, and a field's own name is nearest of all.
        var pieces = Labels.inferred(for: element, reading: reading).map(\.0).reversed() as [String]
        if let label = element.attribute("aria-label"), !label.isEmpty { pieces.append(label) }
        if Self.isControl(element) || element.name == "input" {
            if let label = Labels.ancestor(of: element, within: 3, where: { $0.name == "label" }) {
                pieces.append(reading.text(of: label))
            }
            if let id = element.attribute("id") { pieces += labels.labels(for: id).map { reading.text(of: $0) } }
            for name in ["autocomplete", "id", "name"] {
                if let value = element.attribute(name), !value.isEmpty { pieces.append(value) }
            }
        }
        return Labels.clip(pieces.joined(separator: " "), fromEnd: true)
    }
}
