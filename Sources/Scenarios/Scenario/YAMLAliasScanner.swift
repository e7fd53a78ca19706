import CYaml

/// Finds YAML aliases (`*name`) before the YAML is composed.
///
/// Yams resolves an alias by sharing the anchored node, so a few lines can
/// describe an exponentially large tree ("billion laughs"); walking it, or
/// hashing it as a mapping key during composition, would hang. Scenario files
/// therefore may not use aliases. They are found by the same libyaml parser
/// Yams composes with, reading its events only (nothing is built), so line
/// breaks, flow collections, quotes and block scalars are read exactly as the
/// composer will read them — a hand-written scanner disagreed on CRLF, U+2028
/// and `{"k":*a}` and let aliases through.
enum YAMLAliasScanner {
    /// The 1-based line and column of the first alias, or nil (also when the YAML is malformed before any alias:
    /// composing it then fails with Yams's positioned error before anything is expanded).
    static func firstAlias(in text: String) -> Position? {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buffer -> Position? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count - 1)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_ALIAS_EVENT:
                    return Position(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                case YAML_STREAM_END_EVENT:
                    return nil
                default:
                    continue
                }
            }
        }
    }
}
