import Detectors
import Fields
import Markup

/// Detection in a parsed page, where each text and attribute value is read with the words its place gives it (the
/// field's name and labels, the table's headers) and a form's placeholder examples are not data.
struct StructuralContext {
    private let classifier: FieldClassifier

    init(document: Document) {
        classifier = FieldClassifier(document: document)
    }

    /// The hits in `text`, held by `holder` in `place` (`text`, `attribute NAME`, `comment`, `script`, `style`).
    func scan(_ text: String, in holder: Node, place: String, detectors: DetectorSet) -> [DetectorHit] {
        let hits: [DetectorHit]
        // Only text that can hold a context-dependent value (a number) is worth reading the page around it for.
        if place == "text" || place.hasPrefix("attribute "), text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
            var context = classifier.contextWords(of: holder)
            if place.hasPrefix("attribute ") { context += " " + place.dropFirst("attribute ".count) }
            hits = detectors.scan(text, context: context)
        } else {
            hits = detectors.scan(text)
        }
        guard place == "attribute placeholder" else { return hits }
        return hits.filter { !$0.isDocumentationExample }
    }
}
