import Detectors
import Fields
import Markup

/// Detection in a parsed page, where each text and attribute value is read with the words its place gives it (the
/// element's names and labels, the table's headers) and a form's placeholder examples are not data.
final class StructuralContext {
    private let classifier: FieldClassifier
    /// Each element's context words, read once however many texts and attributes it holds.
    private var words: [NodeIdentity: (names: String, surroundings: String)] = [:]

    init(document: Document) {
        classifier = FieldClassifier(document: document)
    }

    /// The hits in `text`, held by `holder` in `place` (`text`, `attribute NAME`, `comment`, `script`, `style`).
    func scan(_ text: String, in holder: Node, place: String, detectors: DetectorSet) -> [DetectorHit] {
        let hits: [DetectorHit]
        // What a person reads and what attributes hold, when it can hold a value that needs context: a number, or
        // a cell's or a field's few words (a condition under "Diagnose"). Long prose carries its own words.
        if place == "text" || place.hasPrefix("attribute "),
            text.utf8.count <= 64 || text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 })
        {
            let context = contextWords(of: holder)
            var names = context.names
            if place.hasPrefix("attribute ") { names += " " + place.dropFirst("attribute ".count) }
            hits = detectors.scan(text, names: names, surroundings: context.surroundings)
        } else {
            hits = detectors.scan(text)
        }
        guard place == "attribute placeholder" else { return hits }
        return hits.filter { !$0.isDocumentationExample }
    }

    private func contextWords(of element: Node) -> (names: String, surroundings: String) {
        if let known = words[element.identity] { return known }
        let found = classifier.contextWords(of: element)
        words[element.identity] = found
        return found
    }
}
