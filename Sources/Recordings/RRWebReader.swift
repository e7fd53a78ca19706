import Detectors
import Foundation
import Markup

/// The budgets a recording is read within: a recording is untrusted input (it may come from a customer's browser),
/// so each is an error with the file, line and column, never a crash or a hang.
public enum RecordingLimits {
    /// The file's size.
    public static let fileBytes = 256 << 20
    /// Events in one recording.
    public static let events = 2_000_000
    /// Nodes in one snapshot or mutation, and live in the document at once.
    public static let nodes = 1_000_000
    /// JSON nesting: a node takes two levels (itself and its `childNodes`), so a document may be about 500 deep.
    public static let jsonDepth = 1_000
    /// One attribute value, and one text.
    public static let attributeBytes = 1 << 20
    public static let textBytes = 8 << 20
    /// A tag or attribute name.
    public static let nameBytes = 256
}

/// Why a recording cannot be read, and where.
public struct RecordingError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    /// `file:line:column: error: message`, as every other input error is printed.
    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}

/// Reads rrweb recordings: a JSON array of events, or an object whose `events` member is one (as rrweb-player and
/// several exporters write them).
public enum RRWebReader {
    /// Reads the recording at `path`.
    public static func read(file path: String) throws(RecordingError) -> RRWebRecording {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes, (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw RecordingError(
                file: path, line: 0, column: 0,
                message: attributes == nil ? "cannot read the file" : "not a regular file")
        }
        let size = (attributes[.size] as? Int) ?? 0
        guard size <= RecordingLimits.fileBytes else {
            throw RecordingError(
                file: path, line: 0, column: 0,
                message: "the recording is \(size) bytes; the limit is \(RecordingLimits.fileBytes) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RecordingError(file: path, line: 0, column: 0, message: "cannot read the file")
        }
        return try read(bytes: Array(data), path: path)
    }

    /// Reads a recording from its bytes (`path` names it in errors).
    public static func read(bytes: [UInt8], path: String) throws(RecordingError) -> RRWebRecording {
        guard bytes.count <= RecordingLimits.fileBytes else {
            throw RecordingError(
                file: path, line: 0, column: 0,
                message: "the recording is \(bytes.count) bytes; the limit is \(RecordingLimits.fileBytes) bytes")
        }
        let reader = JSONReader(bytes: bytes, maximumDepth: RecordingLimits.jsonDepth, maximumValue: 1 << 30)
        var events: [RecordedEvent] = []
        do {
            if try reader.nextIsArray() {
                try readEvents(reader, into: &events, path: path)
            } else {
                let (line, column) = try reader.location()
                try reader.beginObject()
                var found = false
                while let key = try reader.nextKey() {
                    if key == "events", !found {
                        guard try reader.nextIsArray() else {
                            let place = try reader.location()
                            throw RecordingError(
                                file: path, line: place.line, column: place.column,
                                message: "'events' is not an array of rrweb events")
                        }
                        try readEvents(reader, into: &events, path: path)
                        found = true
                    } else {
                        try reader.skip()
                    }
                }
                guard found else {
                    throw RecordingError(
                        file: path, line: line, column: column,
                        message: "not an rrweb recording: expected an array of events or an object with 'events'")
                }
            }
            try reader.end()
        } catch let error as RecordingError {
            throw error
        } catch let failure as JSONReader.Failure {
            throw RecordingError(file: path, line: failure.line, column: failure.column, message: failure.message)
        } catch {
            throw RecordingError(file: path, line: 0, column: 0, message: "\(error)")
        }
        guard !events.isEmpty else {
            throw RecordingError(file: path, line: 1, column: 1, message: "the recording has no events")
        }
        var hasher = Checksums.SHA256()
        hasher.update(bytes)
        return RRWebRecording(path: path, sha256: Checksums.hex(hasher.finish()), events: events)
    }

    private static func readEvents(_ reader: JSONReader, into events: inout [RecordedEvent], path: String) throws {
        try reader.beginArray()
        var nodes = 0
        while try reader.nextElement() {
            let (line, column) = try reader.location()
            guard events.count < RecordingLimits.events else {
                throw RecordingError(
                    file: path, line: line, column: column,
                    message: "the recording has over \(RecordingLimits.events) events")
            }
            let value = try reader.value()
            var decoder = EventDecoder(index: events.count, path: path, line: line, column: column)
            let event = try decoder.event(value)
            nodes += decoder.nodes
            guard nodes <= RecordingLimits.nodes * 8 else {
                throw decoder.error(
                    "the recording's snapshots and mutations hold over \(RecordingLimits.nodes * 8) nodes")
            }
            events.append(event)
        }
    }
}

/// Turns one event's JSON into a `RecordedEvent`, refusing anything that is not the format.
struct EventDecoder {
    let index: Int
    let path: String
    let line: Int
    let column: Int
    /// Nodes read in this event.
    private(set) var nodes = 0

    init(index: Int, path: String, line: Int, column: Int) {
        self.index = index
        self.path = path
        self.line = line
        self.column = column
    }

    typealias Value = JSONReader.Value

    func error(_ message: String) -> RecordingError {
        RecordingError(file: path, line: line, column: column, message: "event \(index): \(message)")
    }

    mutating func event(_ value: Value) throws(RecordingError) -> RecordedEvent {
        guard case .object = value else { throw error("an event must be an object with 'type' and 'data'") }
        let type = try integer(value["type"], "'type'")
        let timestamp = try number(value["timestamp"] ?? .number(0), "'timestamp'")
        // Milliseconds since 1970: beyond the year 5138 is no recording, and would overflow the steps' times.
        guard (0...1e14).contains(timestamp) else {
            throw error("'timestamp' \(timestamp) is not a time in milliseconds")
        }
        let data = value["data"] ?? .object([])
        if case .string = data {
            // PostHog (cv 2024-10) and the rrweb packer send compressed text where the object should be.
            throw error("its 'data' is a string: a packed or compressed recording; unpack it to rrweb's JSON first")
        }
        guard case .object = data else { throw error("its 'data' must be an object") }
        let body: RecordedEvent.Body
        switch RRWeb.EventType(rawValue: type) {
        case .meta:
            body = .meta(
                href: try string(data["href"] ?? .string(""), "'href'"),
                width: try integer(data["width"] ?? .number(0), "'width'"),
                height: try integer(data["height"] ?? .number(0), "'height'"))
        case .fullSnapshot:
            guard let node = data["node"] else { throw error("a full snapshot needs its 'node'") }
            var ids = Set<Int>()
            let document = try self.node(node, depth: 0, ids: &ids)
            guard case .document = document.kind else { throw error("a full snapshot's node must be a document") }
            body = .fullSnapshot(document)
        case .incrementalSnapshot:
            body = try incremental(data)
        case let kind?:
            body = .other(kind: kind.name)
        case nil:
            body = .other(kind: "event type \(type) (unknown)")
        }
        var event = RecordedEvent(index: index, line: line, column: column, timestamp: timestamp, body: body)
        let source = data["source"]?.int
        if type == RRWeb.EventType.custom.rawValue || type == RRWeb.EventType.plugin.rawValue
            || (type == RRWeb.EventType.incrementalSnapshot.rawValue && source == RRWeb.Source.log.rawValue)
        {
            event.texts = Self.strings(in: data)
        }
        return event
    }

    /// Every string in `value` (keys too: a logged object's keys are the page's words), in document order.
    static func strings(in value: Value) -> [String] {
        var out: [String] = []
        var pending = [value]
        while let next = pending.popLast() {
            switch next {
            case let .string(text): out.append(text)
            // A logged number (a card number, an account number) is text to a reader of the log.
            case let .number(value):
                out.append(value == value.rounded() && abs(value) < 1e16 ? String(Int64(value)) : String(value))
            case let .array(values): pending += values.reversed()
            case let .object(members):
                for (key, member) in members.reversed() {
                    pending.append(member)
                    pending.append(.string(key))
                }
            default: continue
            }
        }
        return out
    }

    private mutating func incremental(_ data: Value) throws(RecordingError) -> RecordedEvent.Body {
        let source = try integer(data["source"], "'source'")
        switch RRWeb.Source(rawValue: source) {
        case .mutation: return .mutation(try mutation(data))
        case .input:
            let isChecked: Bool? =
                switch data["isChecked"] {
                case let .bool(checked)?: checked
                default: nil
                }
            return .input(
                id: try identifier(data["id"], "an input's 'id'"),
                text: try string(data["text"] ?? .string(""), "'text'"),
                isChecked: isChecked)
        case .mouseInteraction:
            let type = try integer(data["type"], "a mouse interaction's 'type'")
            guard let interaction = RRWeb.MouseInteraction(rawValue: type) else {
                throw error("mouse interaction type \(type) is not one rrweb writes (0 to 10)")
            }
            return .mouse(interaction, id: try identifier(data["id"], "a mouse interaction's 'id'"))
        case .scroll:
            return .scroll(
                id: try identifier(data["id"], "a scroll's 'id'"), x: try number(data["x"] ?? .number(0), "'x'"),
                y: try number(data["y"] ?? .number(0), "'y'"))
        case .selection:
            return .selection(count: data["ranges"]?.array?.count ?? 0)
        case let kind?:
            return .other(kind: "incremental: " + kind.name)
        case nil:
            return .other(kind: "incremental: source \(source) (unknown)")
        }
    }

    private mutating func mutation(_ data: Value) throws(RecordingError) -> Mutation {
        var mutation = Mutation(removes: [], adds: [], texts: [], attributes: [], attachesFrame: false)
        mutation.attachesFrame = data["isAttachIframe"]?.bool ?? false
        for remove in try list(data["removes"], "'removes'") {
            mutation.removes.append(
                (
                    try identifier(remove["parentId"], "a remove's 'parentId'"),
                    try identifier(remove["id"], "a remove's 'id'")
                ))
        }
        var ids = Set<Int>()
        for add in try list(data["adds"], "'adds'") {
            let next: Int? =
                switch add["nextId"] {
                case nil, .null?: nil
                case let value?: try identifier(value, "an add's 'nextId'")
                }
            guard let node = add["node"] else { throw error("an add needs its 'node'") }
            mutation.adds.append(
                (try identifier(add["parentId"], "an add's 'parentId'"), next, try self.node(node, depth: 0, ids: &ids))
            )
        }
        for text in try list(data["texts"], "'texts'") {
            let value: String? =
                switch text["value"] {
                case nil, .null?: nil
                case let value?: try string(value, "a text's 'value'")
                }
            if let value, value.utf8.count > RecordingLimits.textBytes { throw error("a text is over 8 MiB") }
            mutation.texts.append((try identifier(text["id"], "a text's 'id'"), value))
        }
        for change in try list(data["attributes"], "'attributes'") {
            guard case let .object(members)? = change["attributes"] else {
                throw error("an attribute change needs its 'attributes' object")
            }
            var changes: [(name: String, change: AttributeChange)] = []
            for (name, value) in members {
                try checkName(name, "attribute")
                switch value {
                case .null: changes.append((name, .remove))
                case let .object(properties):
                    var style: [(property: String, value: String?)] = []
                    for (property, setting) in properties {
                        switch setting {
                        case .bool(false), .null: style.append((property, nil))
                        case let .string(text): style.append((property, text))
                        case let .array(parts):
                            let words = parts.compactMap(\.string)
                            style.append((property, words.first.map { words.count > 1 ? "\($0) !\(words[1])" : $0 }))
                        default: throw error("style property '\(property)' is neither a value nor false")
                        }
                    }
                    changes.append((name, .style(style)))
                default: changes.append((name, .set(try attributeValue(value, name))))
                }
            }
            mutation.attributes.append((try identifier(change["id"], "an attribute change's 'id'"), changes))
        }
        return mutation
    }

    /// A serialised node and its descendants; ids must be unique within the event.
    private mutating func node(_ value: Value, depth: Int, ids: inout Set<Int>) throws(RecordingError) -> SerializedNode
    {
        nodes += 1
        guard nodes <= RecordingLimits.nodes else { throw error("over \(RecordingLimits.nodes) nodes") }
        guard case .object = value else { throw error("a node must be an object") }
        let id = try identifier(value["id"], "a node's 'id'")
        guard ids.insert(id).inserted else { throw error("node id \(id) appears twice") }
        let type = try integer(value["type"], "node \(id)'s 'type'")
        let kind: SerializedNode.Kind
        switch type {
        case 0: kind = .document
        case 1: kind = .doctype(name: try string(value["name"] ?? .string("html"), "a doctype's 'name'"))
        case 2:
            let tag = try string(value["tagName"], "node \(id)'s 'tagName'")
            try checkName(tag, "tag")
            var attributes: [(String, String)] = []
            if let given = value["attributes"] {
                guard case let .object(members) = given else {
                    throw error("node \(id)'s 'attributes' must be an object")
                }
                for (name, value) in members {
                    try checkName(name, "attribute")
                    // rrweb writes `checked: true` for a checked box; false and null mean the attribute is absent.
                    switch value {
                    case .bool(false), .null: continue
                    case .bool(true): attributes.append((name, ""))
                    default: attributes.append((name, try attributeValue(value, name)))
                    }
                }
            }
            kind = .element(tag: tag.lowercased(), attributes: attributes, isSVG: value["isSVG"]?.bool ?? false)
        case 3, 5:
            let text = try string(value["textContent"] ?? .string(""), "node \(id)'s 'textContent'")
            guard text.utf8.count <= RecordingLimits.textBytes else { throw error("node \(id)'s text is over 8 MiB") }
            kind = type == 3 ? .text(text) : .comment(text)
        case 4: kind = .cdata
        default: throw error("node \(id) has type \(type); rrweb's node types are 0 to 5")
        }
        var children: [SerializedNode] = []
        for child in try list(value["childNodes"], "node \(id)'s 'childNodes'") {
            children.append(try node(child, depth: depth + 1, ids: &ids))
        }
        let rootId: Int? =
            switch value["rootId"] {
            case nil, .null?: nil
            case let given?: try identifier(given, "node \(id)'s 'rootId'")
            }
        return SerializedNode(
            id: id, kind: kind, children: children, isShadow: value["isShadow"]?.bool ?? false, rootId: rootId)
    }

    // MARK: Values

    private func list(_ value: Value?, _ what: String) throws(RecordingError) -> [Value] {
        switch value {
        case nil, .null?: return []
        case let .array(values)?: return values
        default: throw error("\(what) must be an array")
        }
    }

    private func number(_ value: Value?, _ what: String) throws(RecordingError) -> Double {
        guard case let .number(number)? = value, number.isFinite else { throw error("\(what) must be a number") }
        return number
    }

    private func integer(_ value: Value?, _ what: String) throws(RecordingError) -> Int {
        guard let integer = value?.int else { throw error("\(what) must be a whole number") }
        return integer
    }

    /// A node id: rrweb counts them from 1; a negative or fractional one is not an id.
    private func identifier(_ value: Value?, _ what: String) throws(RecordingError) -> Int {
        guard let id = value?.int, id >= 0 else { throw error("\(what) must be a node id (a whole number from 0)") }
        return id
    }

    private func string(_ value: Value?, _ what: String) throws(RecordingError) -> String {
        guard case let .string(text)? = value else { throw error("\(what) must be a string") }
        return text
    }

    private func attributeValue(_ value: Value, _ name: String) throws(RecordingError) -> String {
        let text: String
        switch value {
        case let .string(given): text = given
        case let .number(number):
            text = number == number.rounded() && abs(number) < 9e15 ? String(Int(number)) : String(number)
        case let .bool(flag): text = flag ? "true" : "false"
        default: throw error("attribute '\(name)' has a value that is not text")
        }
        guard text.utf8.count <= RecordingLimits.attributeBytes else {
            throw error(
                "attribute '\(name)' is \(text.utf8.count) bytes; the limit is \(RecordingLimits.attributeBytes)")
        }
        return text
    }

    /// Tag and attribute names end up in HTML: only what HTML's tokenizer reads as one name.
    private func checkName(_ name: String, _ what: String) throws(RecordingError) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= RecordingLimits.nameBytes,
            !bytes.contains(where: {
                $0 <= 0x20 || $0 == 0x22 || $0 == 0x27 || $0 == 0x2F || $0 == 0x3C || $0 == 0x3D
                    || $0 == 0x3E || $0 == 0x7F
            }),
            what == "attribute" || name.wholeMatch(of: /[A-Za-z][A-Za-z0-9_:-]*/) != nil
        else {
            throw error("'\(Escaper.terminal(String(name.prefix(64))))' is not a valid \(what) name")
        }
    }
}
