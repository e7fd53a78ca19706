internal import CLibXML2

/// The result of an XPath expression, copied out of libxml2.
public enum XPathValue {
    /// A node-set, in document order. Namespace nodes are left out: libxml2 copies them per result.
    case nodes([Node])
    case string(String)
    case number(Double)
    case boolean(Bool)

    /// The node-set, or an empty array for any other result.
    public var nodes: [Node] {
        if case let .nodes(nodes) = self { return nodes }
        return []
    }
}

/// A value bound to an XPath variable (`$name`), the safe way to put user input into an expression.
public enum XPathVariable: Sendable, Hashable {
    case string(String)
    case number(Double)
    case boolean(Bool)
}

extension Node {
    /// Evaluates an XPath 1.0 expression with this node as the context node.
    ///
    /// Never interpolate user input into `expression`: bind it with `variables`
    /// and refer to it as `$name`. `namespaces` maps prefixes to URIs for XML documents.
    public func evaluateXPath(
        _ expression: String,
        variables: [String: XPathVariable] = [:],
        namespaces: [String: String] = [:]
    ) throws -> XPathValue {
        let collector = DiagnosticCollector(file: nil)
        let result: XPathValue? = collector.capturing {
            guard let context = xmlXPathNewContext(document.pointer) else { return nil }
            defer { xmlXPathFreeContext(context) }
            context.pointee.node = pointer
            context.pointee.error = structuredErrorHandler
            context.pointee.userData = Unmanaged.passUnretained(collector).toOpaque()
            for (prefix, uri) in namespaces.sorted(by: { $0.key < $1.key }) {
                xmlXPathRegisterNs(context, prefix, uri)
            }
            for (name, value) in variables.sorted(by: { $0.key < $1.key }) {
                let object: xmlXPathObjectPtr? =
                    switch value {
                    case let .string(text): xmlXPathNewString(text)
                    case let .number(number): xmlXPathNewFloat(number)
                    case let .boolean(flag): xmlXPathNewBoolean(flag ? 1 : 0)
                    }
                // The context takes ownership of the registered object.
                xmlXPathRegisterVariable(context, name, object)
            }
            guard let object = xmlXPathEvalExpression(expression, context) else { return nil }
            defer { xmlXPathFreeObject(object) }
            return convert(object.pointee)
        }
        guard let result else {
            var diagnostics = collector.finish()
            if diagnostics.isEmpty {
                diagnostics = [
                    ParseDiagnostic(
                        severity: .error, line: 0, column: 0, message: "the expression could not be evaluated")
                ]
            }
            throw MarkupError.invalidXPath(expression: expression, diagnostics: diagnostics)
        }
        return result
    }

    /// The nodes an XPath expression selects, or an empty array when it yields no node-set.
    public func nodes(matchingXPath expression: String, variables: [String: XPathVariable] = [:]) throws -> [Node] {
        try evaluateXPath(expression, variables: variables).nodes
    }

    private func convert(_ object: xmlXPathObject) -> XPathValue? {
        switch object.type {
        case XPATH_NODESET:
            var nodes: [Node] = []
            if let set = object.nodesetval, let table = set.pointee.nodeTab {
                nodes.reserveCapacity(Int(set.pointee.nodeNr))
                for index in 0..<Int(set.pointee.nodeNr) {
                    guard let node = table[index], node.pointee.type != XML_NAMESPACE_DECL else { continue }
                    nodes.append(Node(document: document, pointer: node))
                }
            }
            return .nodes(nodes)
        case XPATH_STRING:
            return .string(swiftString(object.stringval) ?? "")
        case XPATH_NUMBER:
            return .number(object.floatval)
        case XPATH_BOOLEAN:
            return .boolean(object.boolval != 0)
        default:
            return nil
        }
    }
}

extension Document {
    /// Evaluates an XPath 1.0 expression against the whole document.
    public func evaluateXPath(
        _ expression: String,
        variables: [String: XPathVariable] = [:],
        namespaces: [String: String] = [:]
    ) throws -> XPathValue {
        try node.evaluateXPath(expression, variables: variables, namespaces: namespaces)
    }

    /// The nodes an XPath expression selects in the whole document.
    public func nodes(matchingXPath expression: String, variables: [String: XPathVariable] = [:]) throws -> [Node] {
        try node.nodes(matchingXPath: expression, variables: variables)
    }
}
