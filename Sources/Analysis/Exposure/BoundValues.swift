import Markup
import Scenarios
import Simulation

/// Short values — a CVC, a PIN, a month, a 4-digit code: fewer than five letters and digits — occur by chance
/// everywhere (`n737` is a mirror's node id, `11` a quantity). They are traced only where they are bound: as the whole
/// of a field's value or of an element's text, or inside a text unit that reads like one of the places the scenario
/// put them (`Code: 7391` where a page said `Code: {{otp}}`).
enum BoundValues {
    /// Fewer significant symbols than this make a value short.
    static let shortLength = 5

    static func isShort(_ item: PlantedItem) -> Bool {
        item.value.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.count < shortLength
    }

    /// A text unit as contexts are compared: entities and escapes decoded, lowercased, whitespace collapsed.
    static func normalised(_ text: String) -> String { TextUnits.normalised(text) }

    /// Whether `unit` (one text node, attribute value, field value or line) shows `item`'s value where it was put: the
    /// whole unit is the value, or the unit holds one of the places the scenario put it with the words next to it (a
    /// screen line may draw several of the page's units side by side, so a context counts inside a longer unit when it
    /// has words of its own; a bare `\u{1}` context only as the whole unit).
    static func shows(_ unit: WireUnits.Unit, item: PlantedItem) -> Bool {
        shows(normalised: normalised(unit.text), isBound: unit.isBound, item: item, value: normalised(item.value))
    }

    /// `shows` with the unit's text and the item's value already normalised, for callers that test many pairs.
    static func shows(normalised text: String, isBound: Bool, item: PlantedItem, value: String) -> Bool {
        guard !value.isEmpty, text.count >= value.count, text.contains(value) else { return false }
        // `<option>11</option>` in a page's month list is furniture, not the customer's month: a page's own unit counts
        // as the value only where the scenario put the value alone in such a unit.
        if text == value { return isBound || item.contexts.contains("\u{1}") }
        for context in item.contexts {
            guard let marker = context.firstIndex(of: "\u{1}") else { continue }
            let before = context[..<marker], after = context[context.index(after: marker)...]
            let placed = before + value + after
            if text == placed, !placed.isEmpty, placed != value { return true }
            let words = (before + after).unicodeScalars.filter(isWord).count
            // The value's edges must not run into a word when the context leaves them open (`bis 09/28` in `bis 09/281`).
            guard words >= 3 else { continue }
            // The context keeps a few words on each side: the match must not start or end inside a longer word
            // (`code: 7391` in `barcode: 73912`).
            let opensWithWord = placed.unicodeScalars.first.map(isWord) ?? false
            let closesWithWord = placed.unicodeScalars.last.map(isWord) ?? false
            var from = text.startIndex
            while let range = text.range(of: placed, range: from..<text.endIndex) {
                if !opensWithWord || !(text[..<range.lowerBound].unicodeScalars.last.map(isWord) ?? false),
                    !closesWithWord || !(text[range.upperBound...].unicodeScalars.first.map(isWord) ?? false)
                {
                    return true
                }
                from = text.index(after: range.lowerBound)
            }
        }
        return false
    }

    private static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }
}

/// The text units of one message as a person reads them: each text node and each attribute that carries data
/// (not ids, classes, names or the mirror's own node ids), a field's value, a frame's or a file's lines.
enum WireUnits {
    /// One unit, and whether it is bound to what it shows: a field's value, or a line drawn on its own (a screen line,
    /// a line of a file). A page's other text units are not: the page had them before the customer did anything.
    struct Unit {
        var text: String
        var isBound: Bool
    }

    /// Attributes that carry structure, never a customer's data.
    static let structural: Set<String> = [
        "data-ss-id", "data-ss-blocked", "data-ss-frame", "data-ss-media", "id", "class", "name", "for", "type", "role",
        "lang", "dir",
        "autocomplete", "inputmode", "tabindex", "rel", "method", "target", "colspan", "rowspan", "scope", "width",
        "height",
        "maxlength", "minlength", "size", "aria-controls", "aria-describedby", "aria-labelledby", "aria-hidden",
        "aria-expanded",
        "aria-pressed", "hidden", "disabled", "checked", "selected", "readonly", "required", "multiple", "charset",
        "http-equiv",
    ]

    /// The units of markup the mirror sent (a snapshot or a mutation).
    static func markup(_ html: String) -> [Unit] {
        // Recovery parses any text under 2 GB; a message that still does not parse is one unit, not skipped.
        guard let document = try? Document.parseHTML(html) else { return [Unit(text: html, isBound: false)] }
        return markup(document)
    }

    /// The units of a parsed message.
    static func markup(_ document: Document) -> [Unit] {
        var units: [Unit] = []
        for node in document.node.descendants {
            switch node.kind {
            case .element:
                let isField = node.name == "input" || node.name == "textarea"
                for attribute in node.attributes where !structural.contains(attribute.name) {
                    units.append(Unit(text: attribute.value, isBound: isField && attribute.name == "value"))
                }
            case .text, .cdata, .comment:
                // A textarea's text and a chosen option's are a field's value.
                let parent = node.parent
                let isField =
                    parent?.name == "textarea" || (parent?.name == "option" && parent?.hasAttribute("selected") == true)
                units.append(Unit(text: node.textContent, isBound: isField))
            default:
                continue
            }
        }
        return units
    }

    /// The units of any carrier: markup for snapshots and mutations, the value for a field, lines otherwise — and,
    /// for lines that hold markup (a recording is the wire's messages one after another), the markup's units as well.
    static func units(_ text: String, isMarkup: Bool, isFieldValue: Bool) -> [Unit] {
        if isFieldValue { return [Unit(text: text, isBound: true)] }
        if isMarkup { return markup(text) }
        let lines = text.split(separator: "\n").map { Unit(text: String($0), isBound: true) }
        guard text.contains("<") else { return lines }
        return lines
            + markup(text).flatMap { unit in
                unit.text.split(separator: "\n").map { Unit(text: String($0), isBound: unit.isBound) }
            }
    }
}
