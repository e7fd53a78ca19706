import Markup

extension FieldClassifier {
    /// The words an element's place in the page gives the values it holds, for the detectors' context. `names`: what
    /// names the element itself (a field's `name`, `id` and `autocomplete`, its `<label>`s, its `aria-label`), which
    /// may say what a value is or is not (`postal_code`). `surroundings`: the text a person reads before it, its table
    /// row's and column's headers, a `<dt>` — which can name a value but are too far to rule one out (a paragraph
    /// about an order before a verification code). Read through the classifier's bounded, cached page reading.
    public func contextWords(of element: Node) -> (names: String, surroundings: String) {
        guard element.isElement else { return ("", "") }
        // Farthest first: the detectors take the last word as the nearest, and a field's own name is nearest of all.
        let surroundings = Labels.inferred(for: element, reading: reading).map(\.0).reversed().joined(separator: " ")
        var names: [String] = []
        let isField = Self.isControl(element) || element.name == "input"
        if isField {
            if let label = Labels.ancestor(of: element, within: 3, where: { $0.name == "label" }) {
                names.append(reading.text(of: label))
            }
            if let id = element.attribute("id") { names += labels.labels(for: id).map { reading.text(of: $0) } }
        }
        if let label = element.attribute("aria-label"), !label.isEmpty { names.append(label) }
        if isField {
            for name in ["autocomplete", "id", "name"] {
                if let value = element.attribute(name), !value.isEmpty { names.append(value) }
            }
        }
        return (
            Labels.clip(names.joined(separator: " "), fromEnd: true), Labels.clip(surroundings, fromEnd: true)
        )
    }
}
