import Foundation
import Markup
import Scenarios
import Simulation

/// A co-browsing run's wire as an rrweb recording: what a recorder with that profile's masking would have sent. The
/// page's address becomes a Meta event, each snapshot a FullSnapshot, each replaced subtree or removal a Mutation,
/// each field value an Input, each customer cursor a click and each scroll a Scroll, timed by the scenario's steps.
/// It is the recording `import rrweb` and `audit rrweb` read, so a scenario of the library makes recordings of known
/// content, and the round trip (export, then import or audit) checks both readers against the models.
public enum RRWebExporter {
    /// A recording written, and what of the wire it could not carry.
    public struct Export: Sendable {
        /// The events, as JSON: an array, one event per line.
        public var json: String
        public var events: Int
        /// Wire messages with no rrweb equivalent (status, frames, transfers), or a change to an element the mirror
        /// had not sent: counted, not silently dropped.
        public var notCarried: [String: Int]
    }

    /// Why a run cannot be exported.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// When the exported session starts (2025-12-02 10:06:40 UTC): fixed, so an export is the same every time.
    static let start = 1_764_670_000_000.0

    /// The first id given to nodes the mirror does not number (texts, comments, the document): above any element's.
    static let unnumbered = 1 << 40

    /// Exports `run`, a co-browsing run of `scenario`.
    public static func recording(of run: ModelRun, scenario: Scenario) throws(Failure) -> Export {
        guard run.model == .cobrowse else {
            throw Failure(
                description:
                    "\(run.profile) is a \(run.model.rawValue) profile: only a co-browsing run sends the page as rrweb "
                    + "records it (a screen is pixels)")
        }
        var writer = Writer(scenario: scenario)
        for message in run.wire { writer.add(message) }
        return Export(
            json: "[\n" + writer.events.joined(separator: ",\n") + "\n]\n", events: writer.events.count,
            notCarried: writer.notCarried)
    }

    private struct Writer {
        let scenario: Scenario
        let document = RecordedDocument()
        var events: [String] = []
        var notCarried: [String: Int] = [:]
        var next = RRWebExporter.unnumbered
        var lastTime = RRWebExporter.start

        init(scenario: Scenario) { self.scenario = scenario }

        mutating func add(_ message: WireMessage) {
            let time = self.time(of: message.step)
            switch message.kind {
            case .location:
                let href = String(message.content.prefix { $0 != " " })
                emit(4, "{\"href\":\(json(href)),\"width\":1280,\"height\":800}", at: time)
            case .snapshot:
                guard let parsed = try? Document.parseHTML(message.content) else {
                    return skip("a snapshot that did not parse")
                }
                var ids = Set<Int>()
                let root = SerializedNode(
                    id: fresh(), kind: .document, children: parsed.node.children.compactMap { node(of: $0, ids: &ids) },
                    isShadow: false, rootId: nil)
                document.load(root)
                emit(2, "{\"node\":\(json(root)),\"initialOffset\":{\"left\":0,\"top\":0}}", at: time)
            case .mutation:
                mutation(message, at: time)
            case .input:
                guard let id = message.nodeID.map({ $0 + 1 }), document.element(id) != nil else {
                    return skip("an input to an element the mirror had not sent")
                }
                emit(
                    3, "{\"source\":5,\"text\":\(json(message.content)),\"isChecked\":false,\"id\":\(id)}", at: time)
            case .cursor:
                guard let id = message.nodeID.map({ $0 + 1 }), document.element(id) != nil else {
                    return skip("a cursor or scroll without an element (the document's own)")
                }
                if message.content.hasPrefix("scroll ") {
                    emit(3, "{\"source\":3,\"id\":\(id),\"x\":0,\"y\":0}", at: time)
                } else if message.content.hasPrefix("customer ") {
                    emit(3, "{\"source\":2,\"type\":2,\"id\":\(id),\"x\":0,\"y\":0}", at: time)
                } else {
                    skip("the agent's cursor (a recorder on the customer's page sees it as no event of its own)")
                }
            case .status, .frame, .transfer:
                skip("\(message.kind.rawValue) messages (rrweb has no event for them)")
            }
        }

        /// A replaced subtree (`<div data-ss-id="n7">…`) becomes the removal of the old one and the addition of the
        /// new one in its place; `remove nX` a removal.
        private mutating func mutation(_ message: WireMessage, at time: Double) {
            guard let id = message.nodeID.map({ $0 + 1 }), let parent = document.nodes[id]?.parent else {
                return skip("a change to an element the mirror had not sent")
            }
            let remove = "{\"parentId\":\(parent),\"id\":\(id)}"
            if message.content.hasPrefix("remove ") {
                emit(3, "{\"source\":0,\"texts\":[],\"attributes\":[],\"removes\":[\(remove)],\"adds\":[]}", at: time)
                apply(Mutation(removes: [(parent, id)], adds: [], texts: [], attributes: [], attachesFrame: false))
                return
            }
            guard let element = Self.element(of: message.content) else {
                return skip("a change whose markup did not parse")
            }
            // Ids elsewhere in the page stay theirs: an element of the new subtree that has one gets a new id.
            var ids = subtree(of: id)
            guard let added = node(of: element, ids: &ids, free: true) else {
                return skip("a change whose markup did not parse")
            }
            let siblings = document.nodes[parent]?.children ?? []
            let after = siblings.firstIndex(of: id).flatMap { $0 + 1 < siblings.count ? siblings[$0 + 1] : nil }
            let add = "{\"parentId\":\(parent),\"nextId\":\(after.map(String.init) ?? "null"),\"node\":\(json(added))}"
            emit(3, "{\"source\":0,\"texts\":[],\"attributes\":[],\"removes\":[\(remove)],\"adds\":[\(add)]}", at: time)
            apply(
                Mutation(
                    removes: [(parent, id)], adds: [(parent, after, added)], texts: [], attributes: [],
                    attachesFrame: false))
        }

        /// The element a replaced subtree's markup holds. Parsed as the content of a body, as the mirror's own views
        /// apply it — except a `body` or `head`, which a parser would merge into its own, so it is parsed in place.
        static func element(of markup: String) -> Markup.Node? {
            let tag = markup.prefix(6).lowercased()
            let place = ["<body", "<head"].first { tag.hasPrefix($0) && !(tag.dropFirst(5).first?.isLetter ?? false) }
            guard
                let holder = try? Document.parseHTML(
                    place == nil ? "<html><body>" + markup + "</body></html>" : "<html>" + markup + "</html>")
            else { return nil }
            if let place { return holder.first(try! Selector(String(place.dropFirst()))) }
            return holder.first(try! Selector("body"))?.children.first(where: \.isElement)
        }

        private func apply(_ mutation: Mutation) {
            // The mutation is built from the document itself, so every parent and sibling it names is there.
            try? document.apply(mutation)
        }

        /// The ids of `id` and everything under it, which a replacement frees.
        private func subtree(of id: Int) -> Set<Int> {
            var ids = Set<Int>()
            var pending = [id]
            while let next = pending.popLast() {
                ids.insert(next)
                pending += document.nodes[next]?.children ?? []
            }
            return ids
        }

        /// A parsed node as rrweb serialises it: an element keeps the mirror's id (plus one: rrweb's ids start at 1),
        /// other nodes get ids of their own. `ids` holds the ids taken (or, with `free`, the ids the node may reuse).
        private mutating func node(
            of node: Markup.Node, ids: inout Set<Int>, free: Bool = false, inSVG: Bool = false
        ) -> SerializedNode? {
            // rrweb marks every element of an SVG drawing, not only the `svg` element.
            let isSVG = inSVG || (node.kind == .element && node.name == "svg")
            let kind: SerializedNode.Kind
            var id: Int?
            switch node.kind {
            case .element:
                let mirrored = node.attribute("data-ss-id").flatMap {
                    $0.hasPrefix("n") ? Int($0.dropFirst(), radix: 36) : nil
                }
                id = mirrored.map { $0 + 1 }
                kind = .element(
                    tag: node.name,
                    attributes: node.attributes.filter { $0.name != "data-ss-id" }.map { ($0.name, $0.value) },
                    isSVG: isSVG)
            case .text, .cdata: kind = .text(node.textContent)
            case .comment: kind = .comment(node.textContent)
            case .documentType: kind = .doctype(name: "html")
            default: return nil
            }
            if let known = id {
                let taken = free ? (document.nodes[known] != nil && !ids.contains(known)) : !ids.insert(known).inserted
                if taken { id = nil }
            }
            let children = node.children.compactMap { self.node(of: $0, ids: &ids, free: free, inSVG: isSVG) }
            return SerializedNode(id: id ?? fresh(), kind: kind, children: children, isShadow: false, rootId: nil)
        }

        private mutating func fresh() -> Int {
            next += 1
            return next
        }

        /// The step's time (`at`), or a second per step when the scenario gives none; never before the last event.
        private mutating func time(of step: Int) -> Double {
            let at = step < scenario.steps.count ? scenario.steps[step].at : nil
            lastTime = max(lastTime, RRWebExporter.start + ((at ?? Double(step)) * 1000).rounded())
            return lastTime
        }

        private mutating func emit(_ type: Int, _ data: String, at time: Double) {
            events.append("{\"type\":\(type),\"data\":\(data),\"timestamp\":\(Int(time))}")
        }

        private mutating func skip(_ what: String) {
            notCarried[what, default: 0] += 1
        }

        private func json(_ text: String) -> String {
            var out = ""
            Escaper.appendJSONString(text, to: &out)
            return out
        }

        private func json(_ node: SerializedNode) -> String {
            var out = ""
            write(node, into: &out)
            return out
        }

        private func write(_ node: SerializedNode, into out: inout String) {
            switch node.kind {
            case .document: out += "{\"type\":0,\"childNodes\":["
            case let .doctype(name):
                out += "{\"type\":1,\"name\":\(json(name)),\"publicId\":\"\",\"systemId\":\"\",\"id\":\(node.id)}"
                return
            case let .element(tag, attributes, isSVG):
                out += "{\"type\":2,\"tagName\":\(json(tag)),\"attributes\":{"
                out += attributes.map { "\(json($0.0)):\(json($0.1))" }.joined(separator: ",")
                out += "}," + (isSVG ? "\"isSVG\":true," : "") + "\"childNodes\":["
            case let .text(text):
                out += "{\"type\":3,\"textContent\":\(json(text)),\"id\":\(node.id)}"
                return
            case let .comment(text):
                out += "{\"type\":5,\"textContent\":\(json(text)),\"id\":\(node.id)}"
                return
            case .cdata:
                out += "{\"type\":4,\"textContent\":\"\",\"id\":\(node.id)}"
                return
            }
            for (index, child) in node.children.enumerated() {
                if index > 0 { out += "," }
                write(child, into: &out)
            }
            out += "],\"id\":\(node.id)}"
        }
    }
}
