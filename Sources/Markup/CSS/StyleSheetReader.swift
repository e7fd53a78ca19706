/// Reads a style sheet's rules, blocks and layers, one scalar at a time.
extension StyleSheet {
    struct Reader {
        let text: [Unicode.Scalar]
        var index = 0
        /// Layers in the order they are first named.
        var layers: [String] = []
        private var anonymousLayers = 0

        init(_ text: [Unicode.Scalar]) { self.text = text }

        /// Notes a layer's name, in the order of first mention.
        mutating func name(layer: String) {
            if !layers.contains(layer) { layers.append(layer) }
        }

        /// The full name of a layer named `prelude` (`@layer base`) inside `outer`; an unnamed block gets a name of its own.
        mutating func layerName(_ prelude: String, in outer: String?) -> String {
            var name = String(prelude.dropFirst("@layer".count)).cssTrimmed
            if name.isEmpty {
                anonymousLayers += 1
                name = "#\(anonymousLayers)"
            }
            return outer.map { $0 + "." + name } ?? name
        }

        /// Rules until the end of the text or of the enclosing block.
        ///
        /// Over 60 lines: one loop over the at-rules a page can nest (`@media`, `@supports`, `@layer`, `@import`,
        /// the ones skipped), kept together so what is read and what is skipped reads as one list.
        mutating func rules(conditions: [String], layer: String?, depth: Int) -> [Rule] {
            var rules: [Rule] = []
            while index < text.count {
                skipWhitespace()
                guard index < text.count else { break }
                if text[index] == "}" {
                    index += 1
                    // A stray brace at the top level is skipped; inside a block it closes the block.
                    if depth == 0 { continue }
                    break
                }
                let start = index
                guard let end = preludeEnd() else {
                    index = text.count
                    break
                }
                if text[end] == "}" {
                    // A prelude cut short by a closing brace is dropped; the brace is read next.
                    index = end
                    continue
                }
                let prelude = String(String.UnicodeScalarView(text[start..<end])).cssTrimmed
                let atRule =
                    prelude.hasPrefix("@") ? prelude.dropFirst().prefix { $0.isLetter || $0 == "-" }.lowercased() : nil
                if text[end] == ";" {
                    // An at-rule without a block (`@import url(x);`), or a stray declaration: nothing to apply, but
                    // `@layer a, b;` sets the layers' order.
                    if atRule == "layer" {
                        for part in prelude.dropFirst("@layer".count).split(separator: ",") {
                            let name = String(part).cssTrimmed
                            if !name.isEmpty { self.name(layer: layer.map { $0 + "." + name } ?? name) }
                        }
                    }
                    index = end + 1
                    continue
                }
                index = end + 1
                if let atRule {
                    // Depth is bounded so a hostile sheet of nested blocks cannot exhaust the stack.
                    if atRule == "layer", depth < 16 {
                        let inner = layerName(prelude, in: layer)
                        name(layer: inner)
                        rules += self.rules(conditions: conditions, layer: inner, depth: depth + 1)
                    } else if ["media", "supports", "container", "document"].contains(atRule), depth < 16 {
                        rules += self.rules(conditions: conditions + [prelude], layer: layer, depth: depth + 1)
                    } else {
                        skipBlock()
                    }
                    continue
                }
                let bodyStart = index
                let closed = skipBlock()
                let body = text[bodyStart..<max(bodyStart, closed ? index - 1 : index)]
                guard let (selector, approximate) = StyleSheet.selector(prelude) else { continue }
                // Nested rules inside the block are not declarations.
                let flat = Self.withoutNestedBlocks(body)
                rules.append(
                    Rule(
                        selector: selector, declarations: StyleSheet.declarationList(flat[...]), conditions: conditions,
                        layer: layer, approximate: approximate))
            }
            return rules
        }

        /// The index of the `{`, `;` or `}` that ends a prelude, outside strings and parentheses.
        func preludeEnd() -> Int? {
            var depth = 0
            let end = StyleSheet.scan(text[...], from: index) { _, scalar in
                if scalar == "(" { depth += 1 } else if scalar == ")" { depth = max(0, depth - 1) }
                return depth > 0 || (scalar != "{" && scalar != ";" && scalar != "}")
            }
            return end < text.count ? end : nil
        }

        /// Moves past the block whose `{` was just read, to after its matching `}`; false when the sheet ended first.
        @discardableResult
        mutating func skipBlock() -> Bool {
            var depth = 1
            let end = StyleSheet.scan(text[...], from: index) { _, scalar in
                if scalar == "{" { depth += 1 } else if scalar == "}" { depth -= 1 }
                return depth > 0
            }
            index = min(end + 1, text.count)
            return end < text.count
        }

        mutating func skipWhitespace() {
            while index < text.count, text[index].properties.isWhitespace { index += 1 }
        }

        static func withoutNestedBlocks(_ body: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
            var output: [Unicode.Scalar] = []
            var depth = 0
            for scalar in body {
                if scalar == "{" {
                    depth += 1
                } else if scalar == "}" {
                    depth = max(0, depth - 1)
                } else if depth == 0 {
                    output.append(scalar)
                }
            }
            return output
        }
    }
}
