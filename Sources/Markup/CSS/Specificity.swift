/// A selector's specificity as CSS Selectors Level 4 defines it: ids, then classes, attributes and pseudo-classes,
/// then type selectors, compared in that order.
public struct Specificity: Sendable, Hashable, Comparable {
    public var ids: Int
    public var classes: Int
    public var types: Int

    public init(ids: Int = 0, classes: Int = 0, types: Int = 0) {
        self.ids = ids
        self.classes = classes
        self.types = types
    }

    public static let zero = Specificity()

    public static func < (a: Specificity, b: Specificity) -> Bool {
        (a.ids, a.classes, a.types) < (b.ids, b.classes, b.types)
    }

    static func + (a: Specificity, b: Specificity) -> Specificity {
        Specificity(ids: a.ids + b.ids, classes: a.classes + b.classes, types: a.types + b.types)
    }
}

extension ComplexSelector {
    /// The sum over its compounds. `:is()` and `:not()` count as their most specific argument, `:where()` as nothing.
    public var specificity: Specificity {
        compounds.reduce(.zero) { $0 + $1.specificity }
    }
}

extension CompoundSelector {
    var specificity: Specificity {
        var result = Specificity(types: elementName == nil ? 0 : 1)
        for condition in conditions {
            switch condition {
            case .id: result.ids += 1
            case .className, .attribute: result.classes += 1
            case let .pseudoClass(pseudo):
                switch pseudo {
                case let .not(list), let .is(list): result = result + (list.map(\.specificity).max() ?? .zero)
                case .where: break
                default: result.classes += 1
                }
            }
        }
        return result
    }
}

extension Selector {
    /// The specificity with which the element matches: that of the most specific alternative it matches, or nil.
    public func specificity(matching node: Node) -> Specificity? {
        guard node.isElement else { return nil }
        let matcher = SelectorMatcher(isHTML: node.document.isHTML)
        return alternatives.filter { matcher.matches($0, node.pointer) }.map(\.specificity).max()
    }
}
