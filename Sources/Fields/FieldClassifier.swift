import Markup

/// Recognises what each form control of one document holds: one answer to "what is this field?"
/// for the co-browsing mirror, `inspect`, `validate` and the sensitive-action recogniser.
///
/// Signals are combined the way browsers' autofill heuristics combine them: the `autocomplete`
/// token, the control's type and length, its `name` and `id` split into words, its labels (explicit,
/// or inferred from the text a person reads next to it), the shape of a `<select>`'s options, and
/// the fields around it (four 4-digit boxes are one card number; month and year after a card
/// number are its expiry). Controls are classified a form at a time, lazily, and the answer is
/// kept until content inside that form changes.
///
/// Not thread-safe, like the document it reads.
public final class FieldClassifier {
    public let document: Document
    public let labels: LabelIndex
    private var results: [NodeIdentity: FieldClassification] = [:]
    private var classifiedScopes: Set<NodeIdentity> = []
    /// Every element that contains a control, so label inference can stop at another field's wrapper.
    private var controlAncestors: Set<NodeIdentity>?

    /// The page's language from `<html lang>`, as a two-letter code.
    let language: String?

    /// A classifier for `document`; nothing is classified until a control is asked about.
    public init(document: Document) {
        self.document = document
        labels = LabelIndex(document: document)
        let lang = document.rootElement?.attribute("lang")?.lowercased().split(separator: "-").first.map(String.init)
        language = lang.flatMap { $0.count == 2 ? $0 : nil }
    }

    /// The class of `control`, or nil when it is not a field the classifier recognises.
    public func classification(of control: Node) -> FieldClassification? {
        if Self.isHiddenInput(control) { return hiddenClassification(of: control) }
        guard Self.isControl(control) else { return nil }
        let scope = Self.scope(of: control)
        if !classifiedScopes.contains(scope.identity) { classify(scope) }
        return results[control.identity]
    }

    /// Every control of the document in document order (hidden inputs too), with its class where it has one.
    public func fields() -> [(control: Node, classification: FieldClassification?)] {
        document.node.select(Self.controlSelector).filter { Self.isControl($0) || Self.isHiddenInput($0) }.map { ($0, classification(of: $0)) }
    }

    /// `<input type=hidden>`: no one types into it and no label names it, but scripts put data there
    /// (`payout_iban`), so its own name and id are read — alone, outside the groups of the visible fields.
    public static func isHiddenInput(_ node: Node) -> Bool {
        node.isElement && node.name == "input" && node.attribute("type")?.lowercased() == "hidden"
    }

    private func hiddenClassification(of input: Node) -> FieldClassification? {
        if let known = hidden[input.identity] { return known }
        var draft = FieldDraft(input, labels: labels, language: language, holdsControls: { _ in false }, ownSignalsOnly: true)
        draft.decideAlone()
        hidden[input.identity] = .some(draft.classification)
        return draft.classification
    }

    private var hidden: [NodeIdentity: FieldClassification?] = [:]

    /// Content was added or replaced at `root`: its labels are indexed, and the forms it touches are classified
    /// again. Returns the controls whose class changed (a label or a fourth card box that just appeared).
    @discardableResult
    public func contentChanged(at root: Node) -> [Node] {
        let named = labels.add(labelsIn: root)
        let addsControls = Self.isControl(root) || root.first(Self.controlSelector) != nil
        guard addsControls || !named.isEmpty || Self.form(of: root) != nil else { return [] }
        controlAncestors = nil
        ownersCache = nil
        var scopes: [Node] = []
        if let form = Self.form(of: root) { scopes.append(form) }
        for id in named {
            if let target = (try? document.nodes(matchingXPath: "id($id)", variables: ["id": .string(id)]))?.first, Self.isControl(target) {
                scopes.append(Self.scope(of: target))
            }
        }
        if addsControls {
            for control in ([root] + root.select(Self.controlSelector)) where Self.isControl(control) { scopes.append(Self.scope(of: control)) }
        }
        var changed: [Node] = []
        var seen: Set<NodeIdentity> = []
        for scope in scopes where seen.insert(scope.identity).inserted && classifiedScopes.contains(scope.identity) {
            let controls = self.controls(in: scope)
            let before = controls.map { results[$0.identity]?.fieldClass }
            for control in controls { results[control.identity] = nil }
            classifiedScopes.remove(scope.identity)
            classify(scope)
            for (control, old) in zip(controls, before) where results[control.identity]?.fieldClass != old { changed.append(control) }
        }
        return changed
    }

    // MARK: - Controls and scopes

    static let controlSelector = try! Selector("input, select, textarea, [contenteditable]")

    /// Form fields and editable regions: what customers type into. Buttons, checkboxes, radios, hidden and
    /// file inputs hold no typed value (file inputs are masked by their own rule).
    public static func isControl(_ node: Node) -> Bool {
        guard node.isElement else { return false }
        // Widgets draw decorations with inputs marked as presentation (a clear button, a masked echo); nobody types there.
        if let role = node.attribute("role")?.lowercased(), role == "presentation" || role == "none" { return false }
        switch node.name {
        case "select", "textarea":
            return true
        case "input":
            switch node.attribute("type")?.lowercased() ?? "text" {
            case "hidden", "submit", "button", "reset", "image", "checkbox", "radio", "file", "range", "color": return false
            default: return true
            }
        default:
            guard let value = node.attribute("contenteditable")?.lowercased() else { return false }
            return value.isEmpty || value == "true" || value == "plaintext-only"
        }
    }

    /// The form a control belongs to: its `form` attribute's form, or its `<form>` ancestor.
    static func form(of node: Node) -> Node? {
        if let id = node.attribute("form"), !id.isEmpty,
           let owner = (try? node.document.nodes(matchingXPath: "id($id)", variables: ["id": .string(id)]))?.first, owner.name == "form" {
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
    static func scope(of control: Node) -> Node { form(of: control) ?? control.document.node }

    private func controls(in scope: Node) -> [Node] {
        let all = scope.select(Self.controlSelector).filter(Self.isControl)
        guard scope.isElement else { return all.filter { Self.form(of: $0) == nil } }
        // Controls elsewhere on the page that join this form by its id (`form="checkout"`), in document order.
        let joining = scope.attribute("id").map { owners[$0] ?? [] } ?? []
        let own = all.filter { Self.form(of: $0) == scope }
        guard !joining.isEmpty else { return own }
        let members = Set((own + joining).map(\.identity))
        return document.node.select(Self.controlSelector).filter { members.contains($0.identity) }
    }

    /// Controls with a `form` attribute, by the id they name (built on first use, dropped when content changes).
    private var owners: [String: [Node]] {
        if let ownersCache { return ownersCache }
        var owners: [String: [Node]] = [:]
        for control in document.node.select(Self.ownedSelector) where Self.isControl(control) {
            if let id = control.attribute("form") { owners[id, default: []].append(control) }
        }
        ownersCache = owners
        return owners
    }

    private var ownersCache: [String: [Node]]?

    private static let ownedSelector = try! Selector("input[form], select[form], textarea[form]")

    private func holdsControls(_ node: Node) -> Bool {
        if controlAncestors == nil {
            var ancestors: Set<NodeIdentity> = []
            for control in document.node.select(Self.controlSelector) where Self.isControl(control) {
                var current = control.parent
                while let element = current, element.isElement, ancestors.insert(element.identity).inserted {
                    current = element.parent
                }
            }
            controlAncestors = ancestors
        }
        return controlAncestors!.contains(node.identity)
    }

    private func classify(_ scope: Node) {
        classifiedScopes.insert(scope.identity)
        var drafts = controls(in: scope).map { FieldDraft($0, labels: labels, language: language, holdsControls: holdsControls) }
        FieldDraft.resolve(&drafts)
        for draft in drafts {
            if let classification = draft.classification { results[draft.node.identity] = classification }
        }
    }
}
