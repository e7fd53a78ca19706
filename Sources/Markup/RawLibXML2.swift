internal import CLibXML2

/// Direct libxml2 calls with no Markup layer on top: the floor that benchmarks measure Markup against.
///
/// Not for product code: it exists so that the benchmark package can compare
/// in one run without importing libxml2 itself.
@_spi(Benchmarking)
public enum RawLibXML2 {
    /// Parses HTML with libxml2's parser and Markup's options, errors off, and frees the tree; returns the element count.
    public static func parseHTML(_ bytes: [UInt8], walk: Bool = false) -> Int {
        _ = libxml2Initialized
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
                | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(chars.count), nil, nil, options)
            }
        }
        guard let document else { return 0 }
        defer { xmlFreeDoc(document) }
        guard walk else { return 1 }
        return countElements(document)
    }

    /// Walks a parsed document's tree with raw pointers, counting elements and attributes.
    public static func walk(_ document: Document) -> Int {
        countElements(document.pointer)
    }

    private static func countElements(_ document: xmlDocPtr) -> Int {
        let root = UnsafeMutableRawPointer(document).assumingMemoryBound(to: xmlNode.self)
        var count = 0
        var current = root.pointee.children
        while let node = current {
            if node.pointee.type == XML_ELEMENT_NODE {
                count += 1
                var attribute = node.pointee.properties
                while let present = attribute {
                    count += 1
                    attribute = present.pointee.next
                }
            }
            current = nextInDocumentOrder(after: node, within: root)
        }
        return count
    }
}
