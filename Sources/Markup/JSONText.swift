/// A JSON value written the same way every time: the documents tools read (inspect's JSON, SARIF) come out
/// byte-identical for the same content.
/// Keys are sorted and nesting is indented by two spaces.
public enum JSONText: Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([String: JSONText])

    /// A string, or null when there is none.
    public static func optional(_ value: String?) -> JSONText { value.map(JSONText.string) ?? .null }

    /// Appends the value to `output`, its nested lines indented by `indent` spaces more.
    public func write(to output: inout String, indent: Int) {
        switch self {
        case .string(let value): Escaper.appendJSONString(value, to: &output)
        case .int(let value): output += String(value)
        case .double(let value):
            // The shortest form that reads back as the same number, as JSON readers expect (`0.85`, `1`); JSON has
            // no NaN or infinity.
            if !value.isFinite {
                output += "null"
            } else {
                output += value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
            }
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        case .array(let values):
            guard !values.isEmpty else {
                output += "[]"
                return
            }
            output += "[\n"
            for (index, value) in values.enumerated() {
                output += String(repeating: " ", count: indent + 2)
                value.write(to: &output, indent: indent + 2)
                output += index < values.count - 1 ? ",\n" : "\n"
            }
            output += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else {
                output += "{}"
                return
            }
            output += "{\n"
            let keys = members.keys.sorted()
            for (index, key) in keys.enumerated() {
                output += String(repeating: " ", count: indent + 2)
                Escaper.appendJSONString(key, to: &output)
                output += ": "
                members[key]!.write(to: &output, indent: indent + 2)
                output += index < keys.count - 1 ? ",\n" : "\n"
            }
            output += String(repeating: " ", count: indent) + "}"
        }
    }
}

extension JSONText {
    /// The whole document, ending with a line break.
    public var document: String {
        var output = ""
        write(to: &output, indent: 0)
        return output + "\n"
    }
}
