import Markup

/// Recognises what each form control of one document holds: one answer to "what is this field?"
/// for the co-browsing mirror, `inspect`, `validate` and the sensitive-action recogniser.
///
/// Signals are combined the way browsers' autofill heuristics combine them: the `autocomplete`
/// token, the control's type and length, its `name` and `id` split into words, its labels (explicit,
/// or inferred from the text a person reads next to it), the shape of a `<select>`'s options, and
/// the fields around it (four 4-digit boxes are one card number; month and year after a card
/// number are its expiry). Controls are classified a form at a time, lazily, and the answer is
/// kept until content or attributes inside that form change.
///
/// Not thread-safe, like the document it reads.
public final class FieldClassifier {
    public let document: Document
    public let labels: LabelIndex
    let reading: PageReading
    private var results: [NodeIdentity: FieldClassification] = [:]
    private var classifiedScopes: Set<NodeIdentity> = []
    private var hidden: [NodeIdentity: FieldClassification?] = [:]
    private var ownersCache: [String: [Node]]?

    /// The page's language from `<html lang>`, as a two-letter code.
    let language: String?

    /// A classifier for `document`; nothing is classified until a control is asked about.
    public init(document: Document) {
        self.document = document
        labels = LabelIndex(document: document)
        reading = PageReading(document: document)
        let lang = document.rootElement?.attribute("lang")?.lowercased().split(separator: "-").first.map(String.init)
        language = lang.flatMap { $0.count == 2 ? $0 : nil }
    }

    /// The class of `control`, or nil when it is not a field the classifier recognises.
    public func classification(of control: Node) -> FieldClassification? {
        if Self.isHiddenInput(control) { return hiddenClassification(of: control) }
        guard Self.isControl(control) else { return nil }
        let scope = self.scope(of: control)
        if !classifiedScopes.contains(scope.identity) { classify(scope) }
        return results[control.identity]
    }

    /// Every control of the document in document order (hidden inputs too), with its class where it has one.
    public func fields() -> [(control: Node, classification: FieldClassification?)] {
        document.node.select(Self.controlSelector).filter { Self.isControl($0) || Self.isHiddenInput($0) }.map {
            ($0, classification(of: $0))
        }
    }

    /// `<input type=hidden>`: no one types into it and no label names it, but scripts put data there
    /// (`payout_iban`), so its own name and id are read — alone, outside the groups of the visible fields.
    public static func isHiddenInput(_ node: Node) -> Bool {
        node.isElement && node.name == "input" && node.attribute("type")?.lowercased() == "hidden"
    }

    private func hiddenClassification(of input: Node) -> FieldClassification? {
        if let known = hidden[input.identity] { return known }
        var draft = FieldDraft(input, labels: labels, language: language, reading: reading, ownSignalsOnly: true)
        draft.decideAlone()
        hidden[input.identity] = .some(draft.classification)
        return draft.classification
    }

    /// Content was added or replaced at `root` (or `root`'s attributes changed): its labels are indexed, and the forms
    /// it can affect are classified again — the form it is in, the forms of controls it adds or labels, and the forms
    /// of the fields right after it (a heading that now names them). Returns the controls whose class changed.
    @discardableResult
    public func contentChanged(at root: Node) -> [Node] {
        let named = labels.add(labelsIn: root)
        reading.forget()
        hidden = [:]
        var scopes: [Node] = []
        let added = ([root] + root.select(Self.controlSelector)).filter { Self.isControl($0) || Self.isHiddenInput($0) }
        if !added.isEmpty { ownersCache = nil }
        for control in added where Self.isControl(control) { scopes.append(scope(of: control)) }
        for id in named {
            if let target = reading.element(withID: id), Self.isControl(target) { scopes.append(scope(of: target)) }
        }
        // New words next to fields label them: the few controls after the change, in its parent, are read again.
        var sibling = root.nextSibling
        var looked = 0
        while let next = sibling, looked < 8 {
            looked += 1
            if next.isElement {
                if Self.isControl(next) {
                    scopes.append(scope(of: next))
                } else if let first = next.first(Self.controlSelector), Self.isControl(first) {
                    scopes.append(scope(of: first))
                    break
                }
            }
            sibling = next.nextSibling
        }
        var changed: [Node] = []
        var seen: Set<NodeIdentity> = []
        for scope in scopes where seen.insert(scope.identity).inserted && classifiedScopes.contains(scope.identity) {
            let controls = self.controls(in: scope)
            let before = controls.map { results[$0.identity]?.fieldClass }
            for control in controls { results[control.identity] = nil }
            classifiedScopes.remove(scope.identity)
            classify(scope)
            for (control, old) in zip(controls, before) where results[control.identity]?.fieldClass != old {
                changed.append(control)
            }
        }
        return changed
    }

    // MARK: - Controls and scopes

    static let controlSelector = try! Selector("input, select, textarea, [contenteditable]")

    /// Form fields and editable regions: what customers type into. Buttons, checkboxes, radios, hidden and
    /// file inputs hold no typed value (file inputs are masked by their own rule).
    public static func isControl(_ node: Node) -> Bool {
        guard node.isElement else { return false }
        switch node.name {
        case "select", "textarea":
            return true
        case "input":
            switch node.attribute("type")?.lowercased() ?? "text" {
            case "hidden", "submit", "button", "reset", "image", "checkbox", "radio", "file", "range", "color":
                return false
            default: return true
            }
        default:
            return isEditable(node)
        }
    }

    /// `contenteditable` (empty, `true` or `plaintext-only`): the region takes typing like a field.
    public static func isEditable(_ node: Node) -> Bool {
        guard let value = node.attribute("contenteditable")?.lowercased() else { return false }
        return value.isEmpty || value == "true" || value == "plaintext-only"
    }

    /// A control a widget draws as decoration (`role=presentation` or `none`): classified like any control, since
    /// a customer can still type into it, but it neither ends a label search nor joins a group.
    static func isPresentation(_ node: Node) -> Bool {
        guard let role = node.attribute("role")?.lowercased() else { return false }
        return role == "presentation" || role == "none"
    }

    /// The form a control belongs to: its `form` attribute's form, or its `<form>` ancestor.
    static func form(of node: Node, reading: PageReading) -> Node? {
        if let id = node.attribute("form"), let owner = reading.element(withID: id), owner.name == "form" {
            return owner
        }
        var current = node.isElement && node.name == "form" ? node : node.parent
        while let element = current, element.isElement {
            if element.name == "form" { return element }
            current = element.parent
        }
        return nil
    }

    /// The controls classified together: a form's, or all those outside any form.
    func scope(of control: Node) -> Node { Self.form(of: control, reading: reading) ?? control.document.node }

    private func controls(in scope: Node) -> [Node] {
        let all = scope.select(Self.controlSelector).filter(Self.isControl)
        guard scope.isElement else { return all.filter { Self.form(of: $0, reading: reading) == nil } }
        // Controls elsewhere on the page that join this form by its id (`form="checkout"`), in document order.
        let joining = scope.attribute("id").map { owners[$0] ?? [] } ?? []
        let own = all.filter { Self.form(of: $0, reading: reading) == scope }
        guard !joining.isEmpty else { return own }
        let members = Set((own + joining).map(\.identity))
        return document.node.select(Self.controlSelector).filter { members.contains($0.identity) }
    }

    /// Controls with a `form` attribute that names a form, by the form's id (built on first use, dropped when
    /// controls are added).
    private var owners: [String: [Node]] {
        if let ownersCache { return ownersCache }
        var owners: [String: [Node]] = [:]
        for control in document.node.select(Self.ownedSelector) where Self.isControl(control) {
            if let form = Self.form(of: control, reading: reading), let id = form.attribute("id") {
                owners[id, default: []].append(control)
            }
        }
        ownersCache = owners
        return owners
    }

    private static let ownedSelector = try! Selector("input[form], select[form], textarea[form]")

    private func classify(_ scope: Node) {
        classifiedScopes.insert(scope.identity)
        var drafts = controls(in: scope).map { FieldDraft($0, labels: labels, language: language, reading: reading) }
        FieldDraft.resolve(&drafts)
        for draft in drafts {
            if let classification = draft.classification { results[draft.node.identity] = classification }
        }
    }
}
