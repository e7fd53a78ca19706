import Markup
import Scenarios

/// Which elements of a page a screen shows, as the page's own CSS decides: `display: none` removes an element and
/// everything in it, `visibility: hidden` hides an element's text but lets a descendant set `visibility: visible`
/// again, the `hidden` attribute is the browser's own `display: none`. Declarations come from the page's `<style>`
/// blocks and `style` attributes and are resolved by the cascade: `!important` first, then origin (browser, page,
/// inline), then cascade layer, then specificity, then order.
///
/// Not read (and so never hidden by): external style sheets (`<link rel=stylesheet>`, which a replay does not load),
/// `opacity`, `clip`/`clip-path`, off-screen positioning, zero sizes and `content-visibility`. `@media` rules apply as
/// the viewport's width decides (see `MediaQuery`); a rule under a condition that cannot be decided (`@supports`,
/// `prefers-color-scheme`) applies only when it shows something: a rule that may not apply must not hide data that
/// is on the screen.
struct StyleVisibility {
    enum Visibility { case visible, hidden, inherit }

    private struct Candidate {
        var important: Bool
        var origin: Int
        /// The cascade layer's rank for this declaration (see `init`).
        var layer: Int
        var specificity: Specificity
        var order: Int

        /// Normal declarations: browser < page < inline. Important ones: page < inline < browser.
        var rank: Int {
            important
                ? [StyleVisibility.browser: 2, StyleVisibility.page: 0, StyleVisibility.inline: 1][origin]! : origin
        }

        func beats(_ other: Candidate) -> Bool {
            let left = [important ? 1 : 0, rank, layer, specificity.ids, specificity.classes, specificity.types, order]
            let right = [
                other.important ? 1 : 0, other.rank, other.layer, other.specificity.ids, other.specificity.classes,
                other.specificity.types, other.order,
            ]
            return right.lexicographicallyPrecedes(left)
        }
    }

    /// The winning `display` (true: none) and `visibility` from style sheets, by element.
    private var display: [NodeIdentity: (none: Bool, by: Candidate)] = [:]
    private var visibility: [NodeIdentity: (value: Visibility, by: Candidate)] = [:]

    /// Origins in the cascade, lowest first for normal declarations.
    private static let browser = 0, page = 1, inline = 2

    /// The page's styles for a viewport of `width` by `height` CSS pixels (for `@media` queries; nil when the size is
    /// not known, as for a frame sized by CSS, and every size query is undecided).
    init(_ document: Document, width: Int?, height: Int?) {
        let sheets = document.select(Self.styleSelector).compactMap { style -> (StyleSheet, media: Bool?)? in
            // A browser applies a style block only when its type is CSS, its media matches and it is not inert
            // (inside `<template>`, or `<noscript>` where scripts run).
            if let type = style.attribute("type")?.lowercased(), !type.isEmpty, type != "text/css" { return nil }
            if Self.isInert(style) { return nil }
            let media = style.attribute("media").map { MediaQuery.evaluate($0, width: width, height: height) } ?? true
            if media == false { return nil }
            return (StyleSheet(style.textContent), media)
        }
        // Layers are ordered across the page's sheets by first mention; styles outside any layer rank above every layer
        // for normal declarations, below every layer for important ones.
        var layerOrder: [String] = []
        for (sheet, _) in sheets {
            for layer in sheet.layers where !layerOrder.contains(layer) { layerOrder.append(layer) }
        }
        func layerRank(_ layer: String?, important: Bool) -> Int {
            guard let layer, let position = layerOrder.firstIndex(of: layer) else {
                return important ? -1 : layerOrder.count
            }
            return important ? layerOrder.count - position : position
        }
        var order = 0
        for (sheet, media) in sheets {
            for rule in sheet.rules {
                order += 1
                let relevant = rule.declarations.enumerated().filter {
                    $0.element.property == "display" || $0.element.property == "visibility"
                }
                guard !relevant.isEmpty else { continue }
                let decided = rule.conditions.map { MediaQuery.evaluate(condition: $0, width: width, height: height) }
                if decided.contains(false) { continue }
                let conditional = media == nil || decided.contains(nil) || rule.approximate
                for element in document.select(rule.selector) {
                    guard let specificity = rule.selector.specificity(matching: element) else { continue }
                    for (position, declaration) in relevant {
                        // Of two declarations in one rule the later wins: the order counts them too.
                        let candidate = Candidate(
                            important: declaration.important, origin: Self.page,
                            layer: layerRank(rule.layer, important: declaration.important), specificity: specificity,
                            order: order * 1_000 + min(position, 999))
                        apply(declaration, by: candidate, to: element.identity, conditional: conditional)
                    }
                }
            }
        }
    }

    /// Inside `<template>` or `<noscript>`: content a browser that runs scripts does not apply.
    private static func isInert(_ element: Node) -> Bool {
        var current = element.parent
        while let node = current, node.isElement {
            if node.name == "template" || node.name == "noscript" { return true }
            current = node.parent
        }
        return false
    }

    private mutating func apply(
        _ declaration: StyleSheet.Declaration, by candidate: Candidate, to element: NodeIdentity, conditional: Bool
    ) {
        switch declaration.property {
        case "display":
            let none = declaration.value == "none"
            if conditional, none { return }
            if let current = display[element], !candidate.beats(current.by) { return }
            display[element] = (none, candidate)
        default:
            let value = Self.visibility(declaration.value)
            if conditional, value == .hidden { return }
            if let current = visibility[element], !candidate.beats(current.by) { return }
            visibility[element] = (value, candidate)
        }
    }

    private static func visibility(_ value: String) -> Visibility {
        switch value {
        case "hidden", "collapse": return .hidden
        case "inherit", "unset": return .inherit
        default: return .visible
        }
    }

    private static let styleSelector = try! Selector("style")

    /// Whether the element is not rendered at all: `display: none` wins the cascade (the `hidden` attribute and a
    /// hidden input are the browser's own `display: none`).
    func isDisplayNone(_ element: Node) -> Bool {
        var winner: (none: Bool, by: Candidate)?
        if element.hasAttribute("hidden")
            || (element.name == "input" && element.attribute("type")?.lowercased() == "hidden")
        {
            winner = (true, Candidate(important: false, origin: Self.browser, layer: 0, specificity: .zero, order: 0))
        }
        if let sheet = display[element.identity], winner.map({ sheet.by.beats($0.by) }) ?? true { winner = sheet }
        for (position, declaration) in Self.inlineDeclarations(element).enumerated()
        where declaration.property == "display" {
            let candidate = Candidate(
                important: declaration.important, origin: Self.inline, layer: Int.max, specificity: .zero,
                order: Int.max - 1_000 + min(position, 999))
            if winner.map({ candidate.beats($0.by) }) ?? true { winner = (declaration.value == "none", candidate) }
        }
        return winner?.none ?? false
    }

    /// The element's own `visibility`, or `.inherit` when nothing sets it.
    func visibility(of element: Node) -> Visibility {
        var winner = visibility[element.identity]
        for (position, declaration) in Self.inlineDeclarations(element).enumerated()
        where declaration.property == "visibility" {
            let candidate = Candidate(
                important: declaration.important, origin: Self.inline, layer: Int.max, specificity: .zero,
                order: Int.max - 1_000 + min(position, 999))
            if winner.map({ candidate.beats($0.by) }) ?? true {
                winner = (Self.visibility(declaration.value), candidate)
            }
        }
        return winner?.value ?? .inherit
    }

    private static func inlineDeclarations(_ element: Node) -> [StyleSheet.Declaration] {
        guard let style = element.attribute("style"), style.contains(":") else { return [] }
        return StyleSheet.declarations(style)
    }
}

/// Each document's styles, kept until the document changes what style sheets read (`Document.styleRevision`: not
/// typing) or the viewport changes: a frame is composed after every step, and most steps change nothing a style
/// sheet reads. Inline frames' `srcdoc` documents are kept too, parsed once.
final class StyleCache {
    private var inlineFrames: [String: Document] = [:]

    /// The document of an `iframe srcdoc`, parsed once per text; nil when it does not parse.
    func document(srcdoc: String) -> Document? {
        if let known = inlineFrames[srcdoc] { return known }
        // libxml2 recovers from any markup under 2 GB: a srcdoc it cannot parse shows nothing, as in a browser.
        guard let parsed = try? Document.parseHTML(srcdoc) else { return nil }
        inlineFrames[srcdoc] = parsed
        return parsed
    }

    private var entries:
        [ObjectIdentifier: (document: Document, revision: Int, width: Int?, height: Int?, styles: StyleVisibility)] =
            [:]

    func styles(of document: Document, width: Int?, height: Int?) -> StyleVisibility {
        // The entry holds the document, so its identifier cannot be reused by another one while cached.
        if let entry = entries[ObjectIdentifier(document)], entry.document === document,
            entry.revision == document.styleRevision,
            entry.width == width, entry.height == height
        {
            return entry.styles
        }
        let styles = StyleVisibility(document, width: width, height: height)
        entries[ObjectIdentifier(document)] = (document, document.styleRevision, width, height, styles)
        return styles
    }
}
