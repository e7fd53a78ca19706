/// Finds YAML aliases (`*name`) before the YAML is composed.
///
/// Yams resolves an alias by sharing the anchored node, so a few lines can
/// describe an exponentially large tree ("billion laughs"); walking it, or
/// hashing it as a mapping key during composition, would hang. Scenario files
/// therefore may not use aliases, and this scanner finds them with positions
/// without building anything. It understands quotes, comments and block
/// scalars (`|`, `>`), so text that merely contains `*` is not mistaken for one.
enum YAMLAliasScanner {
    /// The 1-based line and column of the first alias, or nil.
    static func firstAlias(in text: String) -> Position? {
        var blockIndent: Int?  // inside a block scalar whose parent line had this indentation
        var quote: Character?  // inside a quoted scalar that spans lines
        for (lineIndex, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = Array(rawLine)
            let indent = line.prefix { $0 == " " }.count
            if let parent = blockIndent {
                if line.allSatisfy({ $0 == " " || $0 == "\r" }) || indent > parent { continue }
                blockIndent = nil
            }
            var index = 0
            var lastContent: Character?
            while index < line.count {
                let character = line[index]
                if let open = quote {
                    if open == "'" && character == "'" {
                        if index + 1 < line.count, line[index + 1] == "'" {
                            index += 2
                            continue
                        }
                        quote = nil
                    } else if open == "\"" && character == "\\" {
                        index += 2
                        continue
                    } else if character == open {
                        quote = nil
                    }
                    lastContent = character
                    index += 1
                    continue
                }
                if character == "#", index == 0 || line[index - 1] == " " || line[index - 1] == "\t" { break }
                // A node starts at the line's first character, after "key: ", "- " or "? ",
                // and after a flow collection's "[", "{" or ",".
                let before = previousSignificant(line, before: index)
                let spaced = index > 0 && (line[index - 1] == " " || line[index - 1] == "\t")
                let atNodeStart = index == indent || "[{,".contains(before) || (spaced && ":-?".contains(before))
                if character == "'" || character == "\"", atNodeStart {
                    quote = character
                } else if character == "*", atNodeStart, index + 1 < line.count, !" \t,]}".contains(line[index + 1]) {
                    return Position(line: lineIndex + 1, column: index + 1)
                }
                if character != " " && character != "\t" && character != "\r" { lastContent = character }
                index += 1
            }
            if quote == nil, let last = lastContent, last == "|" || last == ">" || isBlockIndicator(line) {
                blockIndent = indent
            }
        }
        return nil
    }

    /// The last non-blank character before `index` on the line, or a space at the line start.
    private static func previousSignificant(_ line: [Character], before index: Int) -> Character {
        var position = index - 1
        while position >= 0 {
            if line[position] != " " && line[position] != "\t" { return line[position] }
            position -= 1
        }
        return " "
    }

    /// A line ending in a block scalar header such as `|-`, `>+` or `|2`, after `key:`, `-` or alone.
    /// (Read by hand: a regular expression per line made loading thousands of scenarios slow.)
    private static func isBlockIndicator(_ line: [Character]) -> Bool {
        guard line.contains(where: { $0 == "|" || $0 == ">" }) else { return false }
        var content = line
        if let comment = (0..<content.count).first(where: { content[$0] == "#" && $0 > 0 && content[$0 - 1] == " " }) {
            content = Array(content[..<comment])
        }
        let tokens = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        guard let last = tokens.last, let first = last.first, first == "|" || first == ">",
            last.dropFirst().allSatisfy({ $0.isASCIIDigit || $0 == "+" || $0 == "-" })
        else { return false }
        guard tokens.count > 1 else { return true }
        let previous = tokens[tokens.count - 2]
        return previous.last == ":" || previous.last == "-"
    }
}
