/// Network addresses: IPv4 in dotted-decimal, IPv6 in its full and compressed forms (RFC 4291, RFC 5952).
extension ByteScanner {
    /// `192.0.2.17`: four dotted groups of 0–255 without leading zeros, not part of a longer dotted run (`1.2.3.4.5`
    /// is an OID or a version) and not after a version word (`Version 2.0.1.12`).
    mutating func ipv4(_ g: Int, count: Int) -> Int? {
        let last = g + 3
        guard last < count, sameSeparator(g, last, [0x2E]) else { return nil }
        if g > 0, separator[g - 1] == 0x2E { return nil }
        if last + 1 < count, separator[last] == 0x2E { return nil }
        for group in g...last {
            let length = size(group)
            guard (1...3).contains(length), length == 1 || digits[digitOffset[group]] != 0, value(of: group) <= 255
            else { return nil }
        }
        let range = range(g, last)
        // A dotted number joined by a dot to a word (`1.2.3.4.tar`, `lib.1.2.3.4`) is a file name or a version.
        if range.upperBound + 1 < n, p[range.upperBound] == 0x2E, isAlnum(range.upperBound + 1) { return nil }
        if range.lowerBound >= 2, p[range.lowerBound - 1] == 0x2E, isAlnum(range.lowerBound - 2) { return nil }
        if contextMatch(Vocabulary.version, max(0, range.lowerBound - 24)..<range.lowerBound) != nil { return nil }
        report(
            .ipAddress, range, canonical: text(range), confidence: 0.85,
            reason: "IPv4 address"
                + (Self.ipv4Scope(value(of: g), value(of: g + 1), value(of: g + 2)).map { " (\($0))" } ?? ""))
        return last
    }

    /// The special-purpose block an IPv4 address is in (RFC 6890), if any: it is still an address, but says less
    /// about a person.
    static func ipv4Scope(_ first: Int, _ second: Int, _ third: Int) -> String? {
        switch (first, second, third) {
        case (10, _, _), (172, 16...31, _), (192, 168, _): "private network"
        case (127, _, _): "loopback"
        case (169, 254, _): "link-local"
        case (192, 0, 2), (198, 51, 100), (203, 0, 113): "documentation range"
        case (100, 64...127, _): "carrier-grade NAT"
        default: nil
        }
    }

    /// At a word of one to four hex digits followed by `:`: an IPv6 address (`2001:db8:85a3::8a2e:370:7334`,
    /// `fe80::1ff:fe23:4567:890a`, `::ffff:192.0.2.1` after its first group). Eight groups, or fewer with one `::`;
    /// not a time (`12:30:45`) or a MAC address (six groups, no `::`). Returns the address's end.
    mutating func ipv6(at start: Int) -> Int? {
        var i = start
        var groups = 0
        var compressed = false
        var hasDigit = false
        var longestGroup = 0
        var end = start
        while true {
            let groupEnd = runEnd(i, { ByteScanner.isHexByte($0) }, limit: 5)
            let length = groupEnd - i
            if length == 0 {
                // Only right after `::` may no group follow (`2001:db8::`).
                guard compressed, i >= 2, p[i - 1] == 0x3A, p[i - 2] == 0x3A else { return nil }
                end = i
                break
            }
            guard length <= 4 else { return nil }
            // An IPv4 address written in the last two groups' place.
            if groupEnd < n, p[groupEnd] == 0x2E, groups <= 6, compressed || groups == 6,
                let tail = embeddedIPv4(i)
            {
                groups += 2
                hasDigit = true
                longestGroup = max(longestGroup, 3)
                end = tail
                break
            }
            groups += 1
            longestGroup = max(longestGroup, length)
            if !hasDigit { hasDigit = (i..<groupEnd).contains { kind($0) == ByteClass.digit } }
            end = groupEnd
            guard groups < 8, groupEnd + 1 < n, p[groupEnd] == 0x3A else { break }
            if p[groupEnd + 1] == 0x3A {
                guard !compressed else { return nil }
                compressed = true
                i = groupEnd + 2
            } else if ByteScanner.isHexByte(p[groupEnd + 1]) {
                i = groupEnd + 1
            } else {
                break
            }
        }
        if isAlnum(end) || (end < n && p[end] == 0x3A && ByteScanner.isHexByte(end + 1 < n ? p[end + 1] : 0)) {
            return nil
        }
        guard compressed ? groups >= 2 && groups <= 7 : groups == 8, hasDigit, longestGroup >= 2 else { return nil }
        let range = start..<end
        report(.ipAddress, range, canonical: text(range).lowercased(), confidence: 0.9, reason: "IPv6 address")
        return end
    }

    /// The end of a dotted-quad IPv4 address starting at `start`, or nil.
    func embeddedIPv4(_ start: Int) -> Int? {
        var i = start
        for part in 0..<4 {
            let end = runEnd(i, { $0 >= 0x30 && $0 <= 0x39 }, limit: 4)
            guard (1...3).contains(end - i), end - i == 1 || p[i] != 0x30 else { return nil }
            let octet = (i..<end).reduce(0) { $0 * 10 + Int(p[$1] - 0x30) }
            guard octet <= 255 else { return nil }
            i = end
            if part < 3 {
                guard i + 1 < n, p[i] == 0x2E else { return nil }
                i += 1
            }
        }
        return i
    }

    static func isHexByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66)
    }
}
