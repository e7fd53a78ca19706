/// The passes that read a form as a whole: a control's class can depend on its neighbours
/// (a year `<select>` after an expiry month, a 3-digit box after a card number, four 4-digit boxes).
extension FieldDraft {
    /// Readable classes and the concepts that name them.
    static let readable: [Concept: FieldClass] = [
        .search: .search, .quantity: .quantity, .coupon: .coupon, .postalCode: .postalCode, .comment: .comment,
    ]

    /// Classifies every draft of one form.
    static func resolve(_ drafts: inout [FieldDraft]) {
        weighLabelsThatPointElsewhere(&drafts)
        for index in drafts.indices { drafts[index].decideAlone() }
        let card = drafts.contains(where: \.suggestsCard)
        for index in drafts.indices where drafts[index].fromSecurityCode {
            // "Security code" on a form that takes a card is the card's; elsewhere it is sent by SMS or e-mail.
            drafts[index].fieldClass = card ? .cardSecurityCode : .oneTimeCode
        }
        findSplitCardNumbers(&drafts, card: card)
        findDateGroups(&drafts, card: card)
        findCodeBoxes(&drafts)
        findSeedWordBoxes(&drafts)
        findSecurityCodesByPosition(&drafts, card: card)
        assignPasswordRoles(&drafts)
        findSecurityAnswers(&drafts)
        // "Titular", "Inhaber", "Właściciel" alone on a form that takes a card: the cardholder.
        if card {
            for index in drafts.indices where drafts[index].fieldClass == nil && drafts[index].isTyped {
                if let holder = drafts[index].evidence[.holder]?.first {
                    drafts[index].fieldClass = .cardholderName
                    drafts[index].decided = [holder]
                }
            }
        }
        // A PIN right after a gift card's number is that card's PIN (a payment PIN further on is not).
        for index in drafts.indices where drafts[index].fieldClass == .pin {
            if index > 0, drafts[index - 1].fieldClass == .giftCardNumber { drafts[index].fieldClass = .giftCardPIN }
        }
    }

    /// A label whose `for` points at a control whose own name says otherwise, while another control of the form is
    /// named what the label says, labels that other control: the widely copied Bootstrap checkout labels its expiry
    /// input "CVV" (`<label for="cc-expiration">CVV`) and leaves its `cc-cvv` input unlabelled. Such a label weighs a
    /// quarter; a label that disagrees with a name but belongs to nobody else keeps its weight ("Número de documento"
    /// over `SignupForm[card_number]` is an ID document's number).
    static func weighLabelsThatPointElsewhere(_ drafts: inout [FieldDraft]) {
        guard drafts.contains(where: { $0.labelConflict != nil }) else { return }
        // How many fields of the form are named each concept by their own attributes: one pass, not one per label.
        var owners: [Concept: Int] = [:]
        for draft in drafts { for concept in draft.ownConcepts.keys { owners[concept, default: 0] += 1 } }
        for index in drafts.indices {
            guard let conflict = drafts[index].labelConflict else { continue }
            let claimed = (owners[conflict.label] ?? 0) - (drafts[index].ownConcepts[conflict.label] == nil ? 0 : 1) > 0
            guard claimed else { continue }
            let removed = conflict.signals.reduce(0) { $0 + $1.weight } * 0.75
            drafts[index].scores[conflict.label, default: 0] -= removed
            drafts[index].evidence[conflict.label] = drafts[index].evidence[conflict.label]?.map { signal in
                guard conflict.signals.contains(signal) else { return signal }
                var weighed = signal
                weighed.weight *= 0.25
                return weighed
            }
            drafts[index].notes.append(
                "its label says \(conflict.label.rawValue), which another field of the form is named; "
                    + "its own name says \(conflict.own.rawValue), and the name wins")
        }
    }

    /// The classification, once resolved.
    var classification: FieldClassification? {
        guard let fieldClass else { return nil }
        // Strongest first; among equals, the order they were found in (the sort is not stable).
        let signals = decided.enumerated().sorted { ($0.element.weight, $1.offset) > ($1.element.weight, $0.offset) }
            .map(\.element)
        let total = signals.reduce(0) { $0 + $1.weight }
        return FieldClassification(
            fieldClass: fieldClass, confidence: min(0.99, 0.45 + total / 15), signals: signals, notes: notes)
    }

    /// True when the control, or words about it, speak of a payment card.
    var suggestsCard: Bool {
        if let fieldClass,
            [.cardNumber, .cardNumberPart, .cardExpiry, .cardExpiryMonth, .cardExpiryYear].contains(fieldClass)
        {
            return true
        }
        if fieldClass == .cardSecurityCode, !fromSecurityCode { return true }
        return scores[.card] != nil || context[.card] != nil || context[.cardNumber] != nil
    }

    /// The class on the control's own evidence: its autocomplete token, else the strongest concept — a readable
    /// one only when it outweighs every sensitive one (a "promo code" is not a one-time code).
    mutating func decideAlone() {
        if let token = autocomplete {
            fieldClass = token
            if let concept = Self.concept(of: token) { decided += evidence[concept] ?? [] }
            return
        }
        guard kind != .inert else { return }
        let sensitive = Self.best(scores.filter { $0.key != .securityQuestion && Self.readable[$0.key] == nil })
        var readableScore = autocompleteReadable ? 5.0 : 0
        var readableClass: (FieldClass, Concept)?
        // A list of options is never typed into: it is no search box, comment or coupon, whatever its name says.
        let typedOnly: Set<Concept> = [.search, .comment, .coupon]
        for (concept, fieldClass) in Self.readable.sorted(by: { $0.key.rawValue < $1.key.rawValue })
        where kind != .select || !typedOnly.contains(concept) {
            if let score = scores[concept], score > readableScore || (readableClass == nil && score == readableScore) {
                readableScore = score
                readableClass = (fieldClass, concept)
            }
        }
        guard var sensitive, sensitive.score >= readableScore else {
            if let (fieldClass, concept) = readableClass {
                self.fieldClass = fieldClass
                decided = evidence[concept] ?? []
            }
            return
        }
        // A general concept gives way to a specific one with any evidence: an IBAN is one kind of account number
        // ("Kontonummer / IBAN"), and a "verification code" named `codigoSms` is the SMS's.
        if sensitive.concept == .bankAccount, let iban = scores[.iban] { sensitive = (.iban, iban) }
        if sensitive.concept == .securityCode {
            if let code = scores[.oneTimeCode] {
                sensitive = (.oneTimeCode, code)
            } else if let cvc = scores[.cardSecurityCode] {
                sensitive = (.cardSecurityCode, cvc)
            }
        }
        decided = evidence[sensitive.concept] ?? []
        fromSecurityCode = sensitive.concept == .securityCode
        switch sensitive.concept {
        case .cardNumber: fieldClass = .cardNumber
        case .cardExpiry:
            fieldClass = datePart(month: .cardExpiryMonth, year: .cardExpiryYear, day: nil, whole: .cardExpiry)
        case .cardSecurityCode, .securityCode: fieldClass = .cardSecurityCode
        case .cardholderName: fieldClass = .cardholderName
        case .password: fieldClass = .currentPassword
        case .oneTimeCode: fieldClass = .oneTimeCode
        case .iban: fieldClass = .iban
        case .bankAccount: fieldClass = .bankAccount
        case .routingNumber: fieldClass = .routingNumber
        case .nationalID: fieldClass = .nationalID
        case .taxID: fieldClass = .taxID
        case .dateOfBirth:
            fieldClass = datePart(month: .birthMonth, year: .birthYear, day: .birthDay, whole: .dateOfBirth)
        case .securityAnswer: fieldClass = .securityAnswer
        case .pin: fieldClass = .pin
        case .giftCard: fieldClass = scores[.pin] != nil ? .giftCardPIN : .giftCardNumber
        case .seedPhrase: fieldClass = .seedPhrase
        default: fieldClass = nil
        }
    }

    private func datePart(month: FieldClass, year: FieldClass, day: FieldClass?, whole: FieldClass) -> FieldClass {
        if parts == [.month] { return month }
        if parts == [.year] { return year }
        if parts == [.day], let day { return day }
        return whole
    }

    static func concept(of fieldClass: FieldClass) -> Concept? {
        switch fieldClass {
        case .cardNumber, .cardNumberPart: .cardNumber
        case .cardExpiry, .cardExpiryMonth, .cardExpiryYear: .cardExpiry
        case .cardSecurityCode: .cardSecurityCode
        case .cardholderName: .cardholderName
        case .currentPassword, .newPassword: .password
        case .oneTimeCode: .oneTimeCode
        case .dateOfBirth, .birthDay, .birthMonth, .birthYear: .dateOfBirth
        default: nil
        }
    }

    /// Weighs the group's label (the text before its first control, its legend) and the members' own words.
    /// Takes the members' range rather than a slice: a slice kept alive while the drafts are changed would copy them all.
    private static func groupScore(
        _ drafts: [FieldDraft], _ members: Range<Int>, _ concepts: [Concept]
    ) -> (Double, FieldSignal?) {
        var score = 0.0
        var signal: FieldSignal?
        for index in members {
            for concept in concepts {
                score += drafts[index].scores[concept] ?? 0
                if signal == nil { signal = drafts[index].evidence[concept]?.max { $0.weight < $1.weight } }
            }
        }
        if let first = members.first {
            for concept in concepts {
                if let weight = drafts[first].context[concept], drafts[first].scores[concept] == nil {
                    score += weight
                    signal = signal ?? drafts[first].contextEvidence[concept]
                }
            }
        }
        return (score, signal)
    }

    // MARK: - Groups

    /// Three to five short boxes in a row that together take 13 to 19 digits (or four 4-digit boxes) hold one card number.
    /// Where a run of short boxes is longer (a 6-digit BLIK code before four card boxes), the window that starts at
    /// card words and has boxes of one length wins.
    static func findSplitCardNumbers(_ drafts: inout [FieldDraft], card: Bool) {
        var start = 0
        while start < drafts.count {
            var end = start
            // Card numbers are written in groups of four to six digits (4-4-4-4, 4-6-5): a phone's 3-3-4 is not one.
            // A box that already has a class of its own (a CVC, a postal code) is not part of a card number.
            while end < drafts.count, drafts[end].isTyped, let length = drafts[end].maxLength, length >= 4, length <= 6,
                drafts[end].fieldClass == nil || drafts[end].fieldClass == .cardNumber
                    || drafts[end].fieldClass == .cardNumberPart
            {
                end += 1
            }
            // Left to right through the run: at each box, the best window starting within the next five; linear in the run.
            var index = start
            while end - index >= 3 {
                var best: (first: Int, size: Int, score: Double)?
                for first in index..<min(end, index + 5) {
                    var total = 0
                    for size in 1...min(end - first, 5) {
                        total += drafts[first + size - 1].maxLength!
                        guard size >= 3, (13...19).contains(total), drafts[first].maxLength == 4 else { continue }
                        let members = first..<(first + size)
                        let (words, _) = groupScore(drafts, members, [.cardNumber, .card])
                        let even = members.allSatisfy { drafts[$0].maxLength == drafts[first].maxLength }
                        let score = (words > 0 ? 2 : 0) + (even ? 1 : 0) + (size == 4 ? 0.5 : 0)
                        if best == nil || score > best!.score { best = (first, size, score) }
                    }
                }
                guard let (first, size, _) = best else { break }
                let members = first..<(first + size)
                let (words, signal) = groupScore(drafts, members, [.cardNumber, .card])
                if words > 0 || card || members.contains(where: { drafts[$0].fieldClass == .cardNumber }) {
                    let lengths = members.map { String(drafts[$0].maxLength!) }.joined(separator: "+")
                    let evidence = FieldSignal(
                        source: .group, evidence: "\(size) boxes of \(lengths) digits", weight: 3)
                    for member in first..<(first + size) {
                        drafts[member].fieldClass = .cardNumberPart
                        drafts[member].decided = [evidence] + (signal.map { [$0] } ?? [])
                    }
                }
                index = first + size
            }
            start = max(end, start + 1)
        }
    }

    /// Twelve or more word boxes under a recovery-phrase heading: each holds a word of the wallet's seed phrase.
    static func findSeedWordBoxes(_ drafts: inout [FieldDraft]) {
        var start = 0
        while start < drafts.count {
            var end = start
            while end < drafts.count, drafts[end].isTyped,
                drafts[end].fieldClass == nil || drafts[end].fieldClass == .seedPhrase
            { end += 1 }
            defer { start = max(end, start + 1) }
            guard end - start >= 12 else { continue }
            let (words, signal) = groupScore(drafts, start..<end, [.seedPhrase])
            guard words > 0 else { continue }
            let evidence = FieldSignal(source: .group, evidence: "\(end - start) word boxes", weight: 3)
            for index in start..<end {
                drafts[index].fieldClass = .seedPhrase
                drafts[index].decided = [evidence] + (signal.map { [$0] } ?? [])
            }
        }
    }

    /// Month and year (and day) controls side by side: a card's expiry on a card form or under expiry words,
    /// a date of birth under birth words or when the years reach far back.
    static func findDateGroups(_ drafts: inout [FieldDraft], card: Bool) {
        var index = 0
        while index < drafts.count {
            var members: [(Int, DatePart)] = []
            var next = index
            while next < drafts.count, members.count < 3, let part = drafts[next].datePartAlone,
                !members.contains(where: { $0.1 == part })
            {
                members.append((next, part))
                next += 1
            }
            let parts = Set(members.map(\.1))
            guard parts.contains(.month), parts.contains(.year) else {
                index += 1
                continue
            }
            let (expiry, expirySignal) = groupScore(drafts, index..<next, [.cardExpiry])
            let (birth, birthSignal) = groupScore(drafts, index..<next, [.dateOfBirth])
            let (other, _) = groupScore(drafts, index..<next, [.otherDate])
            let birthYears = (index..<next).contains { drafts[$0].shape == .birthYears }
            let isExpiry: Bool
            var signal: FieldSignal?
            if expiry > 0 || birth > 0 {
                isExpiry = expiry >= birth
                signal = isExpiry ? expirySignal : birthSignal
            } else if !parts.contains(.day), card, !birthYears {
                isExpiry = true
                signal = FieldSignal(source: .group, evidence: "month and year on a card form", weight: 3)
            } else if parts.contains(.day), birthYears, other == 0 {
                isExpiry = false
                signal = FieldSignal(source: .group, evidence: "day, month and a century of years", weight: 3)
            } else {
                index = next
                continue
            }
            let description = members.map(\.1.rawValue).joined(separator: ", ")
            let group = FieldSignal(source: .group, evidence: description, weight: 3)
            for (member, part) in members {
                let fieldClass: FieldClass? =
                    switch (isExpiry, part) {
                    case (true, .month): .cardExpiryMonth
                    case (true, .year): .cardExpiryYear
                    case (false, .month): .birthMonth
                    case (false, .year): .birthYear
                    case (false, .day): .birthDay
                    default: nil
                    }
                guard let fieldClass else { continue }
                // A stronger class of the control's own (a CVC box next to the expiry) stays.
                if let own = drafts[member].fieldClass, own.whole != fieldClass.whole, own.isSensitive,
                    own != .cardExpiry, own != .dateOfBirth
                {
                    continue
                }
                drafts[member].fieldClass = fieldClass
                drafts[member].decided =
                    [group] + (signal.map { [$0] } ?? []) + drafts[member].decided.filter { $0.source != .group }
            }
            index = next
        }
    }

    /// The date part this control holds by itself, when it names one: its options, words or length.
    var datePartAlone: DatePart? {
        if let fieldClass {
            switch fieldClass {
            case .cardExpiryMonth, .birthMonth: return .month
            case .cardExpiryYear, .birthYear: return .year
            case .birthDay: return .day
            case .cardExpiry, .dateOfBirth: break
            default: if fieldClass.isSensitive { return nil }
            }
        }
        guard kind == .select || isTyped, parts.count == 1, let part = parts.first, part != .whole else { return nil }
        // A typed year or month takes two or four characters.
        if isTyped, let maxLength, maxLength > 4 { return nil }
        return part
    }

    /// Four to eight one-character boxes in a row: a one-time code typed a digit per box (or a PIN).
    static func findCodeBoxes(_ drafts: inout [FieldDraft]) {
        var start = 0
        while start < drafts.count {
            var end = start
            while end < drafts.count, drafts[end].isTyped, drafts[end].maxLength == 1 { end += 1 }
            defer { start = max(end, start + 1) }
            let count = end - start
            guard (4...8).contains(count) else { continue }
            let (pin, pinSignal) = groupScore(drafts, start..<end, [.pin])
            let (code, codeSignal) = groupScore(drafts, start..<end, [.oneTimeCode, .securityCode])
            let fieldClass: FieldClass = pin > code ? .pin : .oneTimeCode
            let evidence = FieldSignal(source: .group, evidence: "\(count) one-character boxes", weight: 3)
            for index in start..<end {
                drafts[index].fieldClass = fieldClass
                drafts[index].decided = [evidence] + ((pin > code ? pinSignal : codeSignal).map { [$0] } ?? [])
            }
        }
    }

    /// A short box without a class of its own just after the card number (and its expiry): the security code.
    static func findSecurityCodesByPosition(_ drafts: inout [FieldDraft], card: Bool) {
        guard card else { return }
        // Only a box nobody labelled: "Age", "Fax" or a phone's area code after the card fields are not its security code.
        for index in drafts.indices
        where drafts[index].fieldClass == nil && drafts[index].isTyped && !drafts[index].hasLabelText {
            let draft = drafts[index]
            let short =
                (draft.maxLength.map { (3...4).contains($0) } ?? false) || draft.shortCodePlaceholder != nil
                || draft.node.attribute("pattern").map(Self.isShortCodePattern) == true
            guard short else { continue }
            let afterCard = (max(0, index - 4)..<index).contains {
                [.cardNumber, .cardNumberPart, .cardExpiry, .cardExpiryYear, .cardExpiryMonth].contains(
                    drafts[$0].fieldClass)
            }
            guard afterCard || draft.shortCodePlaceholder != nil else { continue }
            drafts[index].fieldClass = .cardSecurityCode
            let evidence =
                draft.shortCodePlaceholder.map { "\($0) on a card form" } ?? "a 3–4 character box after the card number"
            drafts[index].decided = [FieldSignal(source: .position, evidence: evidence, weight: 3)]
        }
    }

    /// `\d{3,4}`, `[0-9]{3}`: a pattern that takes three or four digits.
    static func isShortCodePattern(_ pattern: String) -> Bool {
        let compact = pattern.replacingOccurrences(of: " ", with: "")
        return ["\\d{3}", "\\d{4}", "\\d{3,4}", "[0-9]{3}", "[0-9]{4}", "[0-9]{3,4}"].contains { compact.contains($0) }
    }

    /// Current or new: a password field's own words decide; otherwise a lone password is the current one, two are a
    /// new one and its confirmation, three are current, new and confirmation.
    static func assignPasswordRoles(_ drafts: inout [FieldDraft]) {
        let passwords = drafts.indices.filter {
            drafts[$0].fieldClass == .currentPassword && drafts[$0].autocomplete == nil
        }
        guard !passwords.isEmpty else { return }
        // Password boxes, not their "show password" copies in plain text.
        let count = drafts.filter {
            ($0.fieldClass == .currentPassword || $0.fieldClass == .newPassword) && $0.kind == .password
        }.count
        for (position, index) in passwords.enumerated() {
            let draft = drafts[index]
            if draft.scores[.newPassword] != nil, draft.scores[.currentPassword] == nil {
                drafts[index].fieldClass = .newPassword
            } else if draft.scores[.currentPassword] != nil {
                continue
            } else if draft.kind != .password {
                continue
            } else if count == 2, drafts[passwords[0]].scores[.currentPassword] == nil {
                drafts[index].fieldClass = .newPassword
            } else if count >= 3, position > 0 {
                drafts[index].fieldClass = .newPassword
            }
        }
    }

    /// "Answer" is private on a form that asks a security question, as is a box right after the question.
    static func findSecurityAnswers(_ drafts: inout [FieldDraft]) {
        let asks = drafts.contains { $0.scores[.securityQuestion] != nil || $0.context[.securityQuestion] != nil }
        guard asks else { return }
        for index in drafts.indices where drafts[index].fieldClass == nil || drafts[index].fieldClass == .comment {
            let draft = drafts[index]
            if let signal = draft.evidence[.answer]?.first {
                drafts[index].fieldClass = .securityAnswer
                drafts[index].decided = [signal]
            } else if draft.isTyped, index > 0, drafts[index - 1].scores[.securityQuestion] != nil, !draft.hasLabelText,
                draft.scores[.securityQuestion] == nil
            {
                drafts[index].fieldClass = .securityAnswer
                drafts[index].decided = [
                    FieldSignal(source: .position, evidence: "the box after a security question", weight: 3)
                ]
            }
        }
    }
}
