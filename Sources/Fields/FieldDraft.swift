import Markup

/// A part of a date, as a control's words, options or length say.
enum DatePart: String, Sendable {
    case day, month, year
    /// The whole date in one control (`MM/YY`, `type=month`).
    case whole
}

/// One control's evidence while its form is being classified.
///
/// Over 300 lines: it reads every kind of signal (names, labels, options, placeholders, groups) for one control, and
/// the signals weigh each other, so they live with the evidence they add to.
struct FieldDraft {
    enum Kind: Equatable {
        /// Typed text: text, tel, number, password, search and unknown input types, textareas, editable regions.
        case typed
        case password
        case select
        /// A type that cannot hold any sensitive class (e-mail, URL).
        case inert
        case date
        case month
    }

    let node: Node
    let kind: Kind
    let maxLength: Int?
    /// The page's language (`de` for `<html lang="de-CH">`): phrases of other languages weigh half.
    let language: String?
    /// Concept scores from every signal.
    var scores: [Concept: Double] = [:]
    var evidence: [Concept: [FieldSignal]] = [:]
    /// Concepts of the group's label: the text before the first control, the legend. Read for groups only.
    var context: [Concept: Double] = [:]
    var contextEvidence: [Concept: FieldSignal] = [:]
    /// Date-part evidence by how direct it is: the type, the options, the control's own attributes, its labels.
    private var partEvidence: [[DatePart: Double]] = Array(repeating: [:], count: 4)
    var shape: OptionShape?
    /// The class an autocomplete token gives, if the token names one.
    var autocomplete: FieldClass?
    /// True when the autocomplete token names something else (an e-mail, a street): weighed against words.
    var autocompleteReadable = false
    var notes: [String] = []
    /// Set by `resolve`.
    var fieldClass: FieldClass?
    var decided: [FieldSignal] = []
    /// A placeholder of three or four digits or dots: a security code where the form takes a card.
    var shortCodePlaceholder: String?
    /// True when the class came from words that name a security code without saying whose (resolved by the form).
    var fromSecurityCode = false
    /// True when a label a person reads names the control (explicitly, or the text next to it), whatever it says.
    var hasLabelText = false
    /// Concepts of the control's own attributes (name, id, placeholder, aria-label, title).
    var ownConcepts: [Concept: Double] = [:]
    /// A label whose words name another private concept than the control's own name, with the label's evidence.
    var labelConflict: (label: Concept, own: Concept, signals: [FieldSignal])?

    /// The weight of each kind of signal: an autocomplete token decides; a label a person reads is strong evidence,
    /// names and placeholders nearly as strong; text found near the control, weaker.
    static func weight(_ source: FieldSignal.Source) -> Double {
        switch source {
        case .autocomplete: 10
        case .label, .ariaLabel, .ariaLabelledBy: 4
        case .name, .id, .placeholder, .inferredLabel: 3
        case .previousCell, .columnHeader: 2.5
        case .type, .title: 2
        case .legend: 1.5
        case .options, .group, .position, .shape: 3
        }
    }

    /// Reads the evidence for `node`; `ownSignalsOnly` leaves out labels (a hidden input has none a person reads).
    init(_ node: Node, labels: LabelIndex, language: String?, reading: PageReading, ownSignalsOnly: Bool = false) {
        self.node = node
        self.language = language
        let type = node.attribute("type")?.lowercased() ?? "text"
        kind = Self.kind(of: node, type: type)
        let length =
            Int(node.attribute("maxlength") ?? "") ?? Int(node.attribute("size") ?? "").flatMap { $0 <= 6 ? $0 : nil }
        maxLength = length.flatMap { $0 > 0 ? $0 : nil }
        readAutocomplete(node.attribute("autocomplete"))
        if kind == .password { add(.password, FieldSignal(source: .type, evidence: "password", weight: 2.5)) }
        if type == "search" { add(.search, FieldSignal(source: .type, evidence: "search", weight: 3)) }
        if kind == .month || kind == .date { partEvidence[0][.whole] = 1 }
        if kind == .select, let shape = OptionShape.of(node) {
            self.shape = shape
            switch shape {
            case .months: partEvidence[1][.month] = 1
            case .days: partEvidence[1][.day] = 1
            case .expiryYears, .birthYears: partEvidence[1][.year] = 1
            }
        }
        readOwnAttributes()
        readPlaceholderShape(node.attribute("placeholder"))
        if ownSignalsOnly { return }
        let explicit = readLabels(labels, reading: reading)
        readInferredLabels(hasExplicitLabel: explicit, reading: reading)
    }

    private static func kind(of node: Node, type: String) -> Kind {
        switch node.name {
        case "select": return .select
        case "input":
            switch type {
            case "password": return .password
            case "email", "url": return .inert
            case "date", "datetime-local": return .date
            case "month": return .month
            default: return .typed
            }
        default: return .typed
        }
    }

    /// The control's own words: name, id, placeholder, accessible name, title.
    private mutating func readOwnAttributes() {
        for (source, value) in [
            (FieldSignal.Source.name, node.attribute("name")), (.id, node.attribute("id")),
            (.placeholder, node.attribute("placeholder")), (.ariaLabel, node.attribute("aria-label")),
            (.title, node.attribute("title")),
        ] {
            guard let value, !value.isEmpty else { continue }
            let found = matches(value, source, names: source == .name || source == .id)
            readParts(found, level: 2)
            for (concept, signal) in found {
                // The name and the id are one developer's words for the field: what both say counts once.
                if source == .id, evidence[concept]?.contains(where: { $0.source == .name }) == true { continue }
                add(concept, signal)
                ownConcepts[concept, default: 0] += signal.weight
            }
        }
    }

    /// The labels a person reads for this control: `<label for>`, a wrapping `<label>`, `aria-labelledby`.
    /// Returns whether there is any.
    private mutating func readLabels(_ labels: LabelIndex, reading: PageReading) -> Bool {
        var explicit: [(String, FieldSignal.Source)] = []
        if let id = node.attribute("id"), !id.isEmpty {
            explicit += labels.labels(for: id).map { (reading.text(of: $0), .label) }
        }
        if let wrapping = Self.wrappingLabel(of: node, reading: reading) { explicit.append((wrapping, .label)) }
        if let ids = node.attribute("aria-labelledby") {
            for id in ids.split(whereSeparator: \.isWhitespace).prefix(8) {
                if let label = reading.element(withID: String(id)) {
                    explicit.append((reading.text(of: label), .ariaLabelledBy))
                }
            }
        }
        var fromLabels: [Concept: Double] = [:]
        var labelSignals: [(Concept, FieldSignal)] = []
        for (text, source) in explicit where !text.isEmpty {
            if text.contains(where: \.isLetter) { hasLabelText = true }
            let found = matches(Self.namingPart(of: text), source, names: false)
            readParts(found, level: 3)
            for (concept, signal) in found {
                fromLabels[concept, default: 0] += signal.weight
                labelSignals.append((concept, signal))
            }
        }
        for (concept, signal) in labelSignals { add(concept, signal) }
        // A label that names another private concept than the field's own name does: weighed once the whole form is read.
        let ownBest = Self.best(ownConcepts), labelBest = Self.best(fromLabels)
        if let ownBest, let labelBest, ownBest.concept != labelBest.concept, ownBest.score >= 3,
            ownConcepts[labelBest.concept] == nil,
            FieldDraft.readable[ownBest.concept] == nil, FieldDraft.readable[labelBest.concept] == nil
        {
            labelConflict = (
                labelBest.concept, ownBest.concept, labelSignals.filter { $0.0 == labelBest.concept }.map(\.1)
            )
        }
        return !explicit.isEmpty
    }

    /// Text near the control counts where the page gives it no label of its own; otherwise it is the group's context.
    private mutating func readInferredLabels(hasExplicitLabel: Bool, reading: PageReading) {
        for (text, source) in Labels.inferred(for: node, reading: reading) {
            let found = matches(text, source, names: false)
            if source != .legend, source != .columnHeader, text.contains(where: \.isLetter) { hasLabelText = true }
            if source != .legend, !hasExplicitLabel {
                for (concept, signal) in found { add(concept, signal) }
                if source == .inferredLabel || source == .columnHeader { readParts(found, level: 3) }
            }
            for (concept, signal) in found where context[concept] == nil {
                context[concept] = signal.weight
                contextEvidence[concept] = signal
            }
        }
    }

    /// The words of a long label that name the field: "Gift Card Number: Your 19-digit number and four-digit PIN are
    /// on the back…" names a gift card's number, not its PIN. A label over 40 characters with a colon early on is read
    /// up to the colon; help text after it is left out.
    static func namingPart(of label: String) -> String {
        guard label.count > 40, let colon = label.firstIndex(where: { $0 == ":" || $0 == "：" }),
            label.distance(from: label.startIndex, to: colon) <= 40,
            label.distance(from: label.startIndex, to: colon) >= 2
        else { return label }
        return String(label[..<colon])
    }

    /// The date parts the control holds: from the most direct evidence that names any, the strongest of them;
    /// two equally strong parts ("MM/YY") mean the whole date in one control.
    var parts: Set<DatePart> {
        guard let level = partEvidence.first(where: { !$0.isEmpty }) else { return [] }
        if level[.whole] != nil { return [.whole] }
        let strongest = level.values.max()!
        let parts = Set(level.filter { $0.value == strongest }.keys)
        return parts.count > 1 ? [.whole] : parts
    }

    /// Concept matches of `text` from `source`, each weighed for its source and, when the page declares another
    /// language than the phrase's, at half.
    private func matches(_ text: String, _ source: FieldSignal.Source, names: Bool) -> [(Concept, FieldSignal)] {
        var best: [Concept: FieldSignal] = [:]
        var order: [Concept] = []
        // A name, placeholder or title longer than this is no name: read its start, in bounded time.
        let text = text.utf8.count > 256 ? String(decoding: text.utf8.prefix(256), as: UTF8.self) : text
        let evidence = text.count > 40 ? String(text.prefix(39)) + "…" : text
        for match in Vocabulary.shared.matches(in: text, names: names) {
            let foreign =
                language != nil && match.language != nil && match.language != language && match.language != "en"
            let weight = Self.weight(source) * (foreign ? 0.5 : 1)
            if let known = best[match.concept], known.weight >= weight { continue }
            if best[match.concept] == nil { order.append(match.concept) }
            best[match.concept] = FieldSignal(source: source, evidence: evidence, weight: weight)
        }
        // "Name on card" in words of its own: a name or holder word next to a card word in a short text
        // (`nombre_tarjeta`, "Karten-Inhaber"); not a long name such as `creditCard.billingContact.firstName`.
        if best[.cardholderName] == nil, let card = best[.card], let person = best[.holder] ?? best[.name],
            Words.split(text).count <= 4
        {
            best[.cardholderName] = FieldSignal(
                source: source, evidence: evidence, weight: min(card.weight, person.weight))
            order.append(.cardholderName)
        }
        return order.map { ($0, best[$0]!) }
    }

    /// Month, year and day words in a text about this control alone (not a legend over a group), at `level`.
    private mutating func readParts(_ found: [(Concept, FieldSignal)], level: Int) {
        for (concept, signal) in found {
            let part: DatePart? =
                switch concept {
                case .month: .month
                case .year: .year
                case .day: .day
                default: nil
                }
            if let part { partEvidence[level][part] = max(partEvidence[level][part] ?? 0, signal.weight) }
        }
    }

    mutating func add(_ concept: Concept, _ signal: FieldSignal) {
        scores[concept, default: 0] += signal.weight
        evidence[concept, default: []].append(signal)
    }

    static func best(_ scores: [Concept: Double]) -> (concept: Concept, score: Double)? {
        scores.filter { $0.key.namesField }.max { lhs, rhs in
            lhs.value != rhs.value ? lhs.value < rhs.value : priority(lhs.key) > priority(rhs.key)
        }.map { ($0.key, $0.value) }
    }

    /// Which concept wins a tie: the more specific, and those masked by default before the cardholder's name.
    static func priority(_ concept: Concept) -> Int { priorities[concept] ?? priorities.count }

    private static let priorities: [Concept: Int] = {
        let order: [Concept] = [
            .iban, .cardNumber, .cardSecurityCode, .cardExpiry, .oneTimeCode, .securityCode, .taxID, .nationalID,
            .routingNumber, .bankAccount, .dateOfBirth, .seedPhrase, .securityAnswer, .giftCard, .pin, .password,
            .cardholderName, .securityQuestion, .postalCode, .coupon, .quantity, .search, .comment,
        ]
        return Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, $0.offset) })
    }()

    /// The text of a `<label>` around the field: the words before the field inside the label (`<label><b>City</b>
    /// <input><span>Please enter a city.</span></label>` is "City"), or after it when nothing comes before
    /// (`<label><input> Remember me</label>`); never the field's own text or other fields'.
    static func wrappingLabel(of element: Node, reading: PageReading) -> String? {
        var ancestor = element.parent
        var inner = element
        while let current = ancestor, current.isElement {
            if current.name == "label" {
                var before: [String] = []
                var after: [String] = []
                var passed = false
                var child = current.firstChild
                var read = 0
                while let node = child, read < 24 {
                    read += 1
                    if node == inner {
                        passed = true
                    } else if !(node.isElement
                        && (Labels.isSilent(node.name) || FieldClassifier.isControl(node)
                            || reading.holdsControls(node)))
                    {
                        let text =
                            node.isElement
                            ? reading.text(of: node) : String(node.textContent.prefix(Labels.maximumLength))
                        if passed { after.append(text) } else { before.append(text) }
                    }
                    child = node.nextSibling
                }
                let text = Labels.clip(before.joined(separator: " "))
                if !text.isEmpty { return text }
                let trailing = Labels.clip(after.joined(separator: " "))
                return trailing.isEmpty ? nil : trailing
            }
            if current.name == "form" || current.name == "body" { return nil }
            inner = current
            ancestor = current.parent
        }
        return nil
    }

    // MARK: - Autocomplete

    /// Reads the `autocomplete` attribute by the HTML grammar: `[section-*] [shipping|billing] [home|work|mobile|fax|pager] field [webauthn]`.
    private mutating func readAutocomplete(_ value: String?) {
        guard let value else { return }
        var tokens = value.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        guard !tokens.isEmpty, tokens.count <= 5 else { return }
        if tokens.last == "webauthn" { tokens.removeLast() }
        if let first = tokens.first, first.hasPrefix("section-") { tokens.removeFirst() }
        if let first = tokens.first, first == "shipping" || first == "billing" { tokens.removeFirst() }
        if let first = tokens.first, ["home", "work", "mobile", "fax", "pager"].contains(first) {
            tokens.removeFirst()
        }
        guard tokens.count == 1, let token = tokens.first else { return }
        if let sensitive = Self.autocompleteClasses[token] {
            autocomplete = sensitive
            let signal = FieldSignal(source: .autocomplete, evidence: token, weight: Self.weight(.autocomplete))
            decided = [signal]
        } else if Self.readableAutocomplete.contains(token) {
            autocompleteReadable = true
            if token == "postal-code" {
                add(.postalCode, FieldSignal(source: .autocomplete, evidence: token, weight: 5))
            }
        }
    }

    static let autocompleteClasses: [String: FieldClass] = [
        "cc-number": .cardNumber, "cc-exp": .cardExpiry, "cc-exp-month": .cardExpiryMonth,
        "cc-exp-year": .cardExpiryYear,
        "cc-csc": .cardSecurityCode, "cc-name": .cardholderName, "cc-given-name": .cardholderName,
        "cc-additional-name": .cardholderName,
        "cc-family-name": .cardholderName, "current-password": .currentPassword, "new-password": .newPassword,
        "one-time-code": .oneTimeCode, "bday": .dateOfBirth, "bday-day": .birthDay, "bday-month": .birthMonth,
        "bday-year": .birthYear,
    ]

    /// Autofill tokens of the HTML standard that name readable data: they speak against a sensitive class unless words outweigh them.
    static let readableAutocomplete: Set<String> = [
        "name", "honorific-prefix", "given-name", "additional-name", "family-name", "honorific-suffix", "nickname",
        "username",
        "organization-title", "organization", "street-address", "address-line1", "address-line2", "address-line3",
        "address-level4",
        "address-level3", "address-level2", "address-level1", "country", "country-name", "postal-code", "cc-type",
        "transaction-currency",
        "transaction-amount", "language", "sex", "url", "photo", "tel", "tel-country-code", "tel-national",
        "tel-area-code", "tel-local",
        "tel-extension", "email", "impp",
    ]

    // MARK: - Placeholder shapes

    /// A placeholder that shows the value's shape: `0000 0000 0000 0000` is a card number, `DE00 0000 …` an IBAN,
    /// `123` or `•••` a short code.
    private mutating func readPlaceholderShape(_ placeholder: String?) {
        guard let placeholder else { return }
        let symbols = Array(placeholder.filter { !$0.isWhitespace && $0 != "-" })
        guard !symbols.isEmpty else { return }
        let digitLike: (Character) -> Bool = { $0.isASCIIDigitLike || "•*●xX·_".contains($0) }
        // The evidence describes the shape rather than quoting it: a placeholder may hold a real-looking number.
        if symbols.count >= 15, symbols.count <= 34, symbols[0].isLetter, symbols[1].isLetter,
            symbols.dropFirst(2).allSatisfy(digitLike)
        {
            add(
                .iban,
                FieldSignal(
                    source: .shape, evidence: "placeholder of two letters and \(symbols.count - 2) digits", weight: 3))
        } else if symbols.allSatisfy(digitLike) {
            if symbols.count >= 13, symbols.count <= 19 {
                add(
                    .cardNumber,
                    FieldSignal(source: .shape, evidence: "placeholder of \(symbols.count) digits", weight: 3))
            } else if symbols.count >= 3, symbols.count <= 4 {
                shortCodePlaceholder = "placeholder of \(symbols.count) digits"
            }
        }
    }

    /// True for controls that take typed text of any kind.
    var isTyped: Bool { kind == .typed || kind == .password }
}

extension Character {
    var isASCIIDigitLike: Bool { isASCII && isNumber }
}
