/// Undoes the encodings a value can hide behind on the wire: HTML character references, percent-encoding and `\u` escapes.
package enum WireText {
    static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "auml": "ä", "ouml": "ö",
        "uuml": "ü",
        "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß", "eacute": "é", "egrave": "è", "bull": "•", "middot": "·",
        "thinsp": "\u{2009}",
        "ndash": "–", "hyphen": "-", "period": ".", "sol": "/", "num": "#", "commat": "@", "plus": "+",
        // Invisible or separator characters a value can be split with; the tracer reads them as rendered.
        "shy": "\u{AD}", "zwj": "\u{200D}", "zwnj": "\u{200C}", "ZeroWidthSpace": "\u{200B}", "NoBreak": "\u{2060}",
        "mdash": "—", "minus": "−", "lowbar": "_", "comma": ",", "emsp": "\u{2003}", "ensp": "\u{2002}",
    ]

    /// The scalars of `text` with character references, `%XX` sequences and `\uXXXX` escapes decoded.
    package static func decode(_ text: String) -> [Unicode.Scalar] {
        let input = Array(text.unicodeScalars)
        guard input.contains(where: { $0 == "&" || $0 == "%" || $0 == "\\" }) else { return input }
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let scalar = input[index]
            if scalar == "&", let (decoded, length) = reference(input, index) {
                output.append(decoded)
                index += length
            } else if scalar == "%", let (bytes, length) = percent(input, index) {
                output.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars)
                index += length
            } else if scalar == "\\", index + 5 < input.count, input[index + 1] == "u",
                let value = UInt32(String(String.UnicodeScalarView(input[(index + 2)..<(index + 6)])), radix: 16),
                let decoded = Unicode.Scalar(value)
            {
                output.append(decoded)
                index += 6
            } else {
                output.append(scalar)
                index += 1
            }
        }
        return output
    }

    private static func reference(_ input: [Unicode.Scalar], _ start: Int) -> (Unicode.Scalar, Int)? {
        var end = start + 1
        while end < input.count, end - start < 33, input[end] != ";" {
            guard input[end].properties.isAlphabetic || ("0"..."9").contains(input[end]) || input[end] == "#" else {
                return nil
            }
            end += 1
        }
        guard end < input.count, input[end] == ";", end > start + 1 else { return nil }
        let name = String(String.UnicodeScalarView(input[(start + 1)..<end]))
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { ($0, end - start + 1) }
        }
        if name.hasPrefix("#") {
            return UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map { ($0, end - start + 1) }
        }
        return named[name].map { ($0, end - start + 1) }
    }

    /// A run of `%XX` sequences, decoded together so multi-byte UTF-8 survives.
    private static func percent(_ input: [Unicode.Scalar], _ start: Int) -> ([UInt8], Int)? {
        var bytes: [UInt8] = []
        var index = start
        while index + 2 < input.count, input[index] == "%",
            let byte = UInt8(String(String.UnicodeScalarView(input[(index + 1)...(index + 2)])), radix: 16)
        {
            bytes.append(byte)
            index += 3
        }
        return bytes.isEmpty ? nil : (bytes, index - start)
    }
}

/// Text as text units are compared: references and escapes decoded, lowercased, white space collapsed.
package enum TextUnits {
    package static func normalised(_ text: String) -> String {
        let decoded = String(String.UnicodeScalarView(WireText.decode(text))).lowercased()
        return decoded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
