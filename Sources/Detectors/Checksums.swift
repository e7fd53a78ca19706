/// The check-digit and checksum algorithms the validators use, over ASCII bytes or digit values.
public enum Checksums {
    /// The Luhn mod-10 check (ISO/IEC 7812-1) over digit values.
    public static func luhn<C: Collection>(_ digits: C) -> Bool where C.Element == UInt8 {
        var sum = 0
        var double = digits.count % 2 == 0
        for digit in digits {
            var value = Int(digit)
            if double {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            double.toggle()
        }
        return sum % 10 == 0
    }

    /// Lengths of IBANs per country (the ISO 13616 registry).
    public static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "BY": 28,
        "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
        "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
        "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
        "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15,
        "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19,
        "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    ]

    /// The ISO 7064 mod-97 remainder of an IBAN (uppercase letters and digits, country first); 1 means valid.
    public static func ibanRemainder<C: Collection>(_ compact: C) -> Int where C.Element == UInt8 {
        var remainder = 0
        func add(_ byte: UInt8) {
            if byte >= 0x41 {
                let value = Int(byte) - 55
                remainder = (remainder * 100 + value) % 97
            } else {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            }
        }
        for byte in compact.dropFirst(4) { add(byte) }
        for byte in compact.prefix(4) { add(byte) }
        return remainder
    }

    /// The EAN-13 check digit (weights 1 and 3 from the left) over 13 digit values: Swiss AHV numbers use it.
    public static func ean13<C: Collection>(_ digits: C) -> Bool where C.Element == UInt8 {
        guard digits.count == 13 else { return false }
        var sum = 0
        for (offset, digit) in digits.prefix(12).enumerated() { sum += Int(digit) * (offset % 2 == 0 ? 1 : 3) }
        return (10 - sum % 10) % 10 == Int(digits[digits.index(digits.startIndex, offsetBy: 12)])
    }

    /// A German tax ID (11 digit values): no leading zero, in the first ten digits exactly one digit
    /// occurs two or three times, and the ISO 7064 MOD 11,10 check digit.
    public static func germanTaxID<C: Collection>(_ digits: C) -> Bool where C.Element == UInt8 {
        let values = Array(digits)
        guard values.count == 11, values[0] != 0 else { return false }
        var counts = [Int](repeating: 0, count: 10)
        for digit in values.prefix(10) { counts[Int(digit)] += 1 }
        let repeated = counts.filter { $0 > 1 }
        guard repeated.count == 1, repeated[0] <= 3 else { return false }
        var product = 10
        for digit in values.prefix(10) {
            var sum = (Int(digit) + product) % 10
            if sum == 0 { sum = 10 }
            product = (sum * 2) % 11
        }
        var check = 11 - product
        if check == 10 { check = 0 }
        return check == Int(values[10])
    }

    /// CRC-32 (IEEE 802.3), as GitHub's token checksums use it.
    public static func crc32<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    private static let crcTable: [UInt32] = (0..<256).map { index -> UInt32 in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// A base-62 number (`0-9A-Za-z`), or nil when a character is outside the alphabet or it overflows.
    public static func base62<C: Collection>(_ bytes: C) -> UInt64? where C.Element == UInt8 {
        var value: UInt64 = 0
        for byte in bytes {
            let digit: UInt64
            switch byte {
            case 0x30...0x39: digit = UInt64(byte - 0x30)
            case 0x41...0x5A: digit = UInt64(byte - 0x41 + 10)
            case 0x61...0x7A: digit = UInt64(byte - 0x61 + 36)
            default: return nil
            }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 62)
            guard !overflow else { return nil }
            value = shifted + digit
        }
        return value
    }

    private static let base58Alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    private static let base58Values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, byte) in base58Alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    /// Decodes Bitcoin's base-58 (leading `1`s are zero bytes), or nil for a character outside the alphabet.
    public static func base58Decode<C: Collection>(_ text: C) -> [UInt8]? where C.Element == UInt8 {
        var bytes: [UInt8] = []
        for character in text {
            let digit = base58Values[Int(character)]
            guard digit >= 0 else { return nil }
            var carry = Int(digit)
            for index in bytes.indices.reversed() {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                bytes.insert(UInt8(carry & 0xFF), at: 0)
                carry >>= 8
            }
        }
        let zeros = text.prefix { $0 == 0x31 }.count
        return [UInt8](repeating: 0, count: zeros) + bytes
    }

    /// Base58Check: the last four bytes are the first four of the payload's double SHA-256.
    public static func base58Check(_ decoded: [UInt8]) -> Bool {
        guard decoded.count > 4 else { return false }
        let payload = decoded.dropLast(4)
        let digest = sha256(sha256(Array(payload)))
        return Array(digest.prefix(4)) == Array(decoded.suffix(4))
    }

    /// Bech32 (BIP 173) and Bech32m (BIP 350) checksum of a lowercase address such as `bc1q…`.
    public static func bech32<C: Collection>(_ address: C) -> Bool where C.Element == UInt8 {
        let bytes = Array(address)
        guard let separator = bytes.lastIndex(of: 0x31), separator >= 1, bytes.count - separator >= 7 else {
            return false
        }
        let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
        var values: [UInt8] = []
        for byte in bytes[..<separator] { values.append(byte >> 5) }
        values.append(0)
        for byte in bytes[..<separator] { values.append(byte & 31) }
        for byte in bytes[(separator + 1)...] {
            guard let index = charset.firstIndex(of: byte) else { return false }
            values.append(UInt8(index))
        }
        let generator: [UInt32] = [0x3B6A_57B2, 0x2650_8E6D, 0x1EA1_19FA, 0x3D42_33DD, 0x2A14_62B3]
        var check: UInt32 = 1
        for value in values {
            let top = check >> 25
            check = (check & 0x1FF_FFFF) << 5 ^ UInt32(value)
            for index in 0..<5 where (top >> UInt32(index)) & 1 == 1 { check ^= generator[index] }
        }
        // Witness version 0 uses Bech32, later versions Bech32m.
        // The hrp expands to 2 × its length + 1 values; the data part starts with the witness version.
        let version = values[2 * separator + 1]
        return check == (version == 0 ? 1 : 0x2BC8_30A3)
    }

    /// EIP-55: the case of each hex letter of an Ethereum address follows the Keccak-256 of its lowercase form.
    public static func eip55<C: Collection>(_ hex40: C) -> Bool where C.Element == UInt8 {
        let lower = hex40.map { $0 >= 0x41 && $0 <= 0x46 ? $0 + 32 : $0 }
        let hash = keccak256(lower)
        for (index, byte) in hex40.enumerated() where byte >= 0x41 {
            let nibble = index % 2 == 0 ? hash[index / 2] >> 4 : hash[index / 2] & 0x0F
            let isUpper = byte <= 0x46
            if isUpper != (nibble >= 8) { return false }
        }
        return true
    }

    // MARK: - Hashes

    fileprivate static let sha256K: [UInt32] = [
        0x428A_2F98, 0x7137_4491, 0xB5C0_FBCF, 0xE9B5_DBA5, 0x3956_C25B, 0x59F1_11F1, 0x923F_82A4, 0xAB1C_5ED5,
        0xD807_AA98, 0x1283_5B01, 0x2431_85BE, 0x550C_7DC3, 0x72BE_5D74, 0x80DE_B1FE, 0x9BDC_06A7, 0xC19B_F174,
        0xE49B_69C1, 0xEFBE_4786, 0x0FC1_9DC6, 0x240C_A1CC, 0x2DE9_2C6F, 0x4A74_84AA, 0x5CB0_A9DC, 0x76F9_88DA,
        0x983E_5152, 0xA831_C66D, 0xB003_27C8, 0xBF59_7FC7, 0xC6E0_0BF3, 0xD5A7_9147, 0x06CA_6351, 0x1429_2967,
        0x27B7_0A85, 0x2E1B_2138, 0x4D2C_6DFC, 0x5338_0D13, 0x650A_7354, 0x766A_0ABB, 0x81C2_C92E, 0x9272_2C85,
        0xA2BF_E8A1, 0xA81A_664B, 0xC24B_8B70, 0xC76C_51A3, 0xD192_E819, 0xD699_0624, 0xF40E_3585, 0x106A_A070,
        0x19A4_C116, 0x1E37_6C08, 0x2748_774C, 0x34B0_BCB5, 0x391C_0CB3, 0x4ED8_AA4A, 0x5B9C_CA4F, 0x682E_6FF3,
        0x748F_82EE, 0x78A5_636F, 0x84C8_7814, 0x8CC7_0208, 0x90BE_FFFA, 0xA450_6CEB, 0xBEF9_A3F7, 0xC671_78F2,
    ]

    /// SHA-256 (FIPS 180-4).
    public static func sha256(_ message: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(message)
        return hasher.finish()
    }

    /// SHA-256 fed in pieces, so a digest over many files never holds more than one of them.
    /// Bytes as lower-case hex digits, two per byte: how digests are written everywhere.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    public struct SHA256 {
        private var state: [UInt32] = [
            0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A, 0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19,
        ]
        private var pending: [UInt8] = []
        private var length: UInt64 = 0
        private var words = [UInt32](repeating: 0, count: 64)

        /// An empty hasher.
        public init() {}

        /// Adds bytes to the message.
        public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
            length &+= UInt64(bytes.count)
            pending.append(contentsOf: bytes)
            var start = 0
            while pending.count - start >= 64 {
                compress(pending, at: start)
                start += 64
            }
            pending.removeFirst(start)
        }

        /// The digest of everything added (the hasher is spent).
        public mutating func finish() -> [UInt8] {
            let bits = length &* 8
            pending.append(0x80)
            while pending.count % 64 != 56 { pending.append(0) }
            for shift in stride(from: 56, through: 0, by: -8) {
                pending.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
            }
            for block in stride(from: 0, to: pending.count, by: 64) { compress(pending, at: block) }
            pending = []
            return state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - $0 * 8)) } }
        }

        private mutating func compress(_ data: [UInt8], at block: Int) {
            func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 { value >> count | value << (32 - count) }
            for index in 0..<16 {
                let base = block + index * 4
                words[index] =
                    UInt32(data[base]) << 24 | UInt32(data[base + 1]) << 16 | UInt32(data[base + 2]) << 8
                    | UInt32(data[base + 3])
            }
            for index in 16..<64 {
                let s0 = rotate(words[index - 15], 7) ^ rotate(words[index - 15], 18) ^ words[index - 15] >> 3
                let s1 = rotate(words[index - 2], 17) ^ rotate(words[index - 2], 19) ^ words[index - 2] >> 10
                words[index] = words[index - 16] &+ s0 &+ words[index - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = (
                state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7]
            )
            for index in 0..<64 {
                let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
                let choice = (e & f) ^ (~e & g)
                let temp1 = h &+ s1 &+ choice &+ Checksums.sha256K[index] &+ words[index]
                let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let temp2 = s0 &+ majority
                (h, g, f, e, d, c, b, a) = (g, f, e, d &+ temp1, c, b, a, temp1 &+ temp2)
            }
            for (index, value) in [a, b, c, d, e, f, g, h].enumerated() { state[index] = state[index] &+ value }
        }
    }

    private static let keccakRounds: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]
    private static let keccakRotations: [UInt64] = [
        0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
    ]

    /// Keccak-256 as Ethereum uses it (the original padding, not SHA3-256's).
    public static func keccak256<C: Collection>(_ message: C) -> [UInt8] where C.Element == UInt8 {
        let rate = 136
        var data = Array(message)
        data.append(0x01)
        while data.count % rate != 0 { data.append(0) }
        data[data.count - 1] |= 0x80
        var state = [UInt64](repeating: 0, count: 25)
        func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
            count == 0 ? value : value << count | value >> (64 - count)
        }
        for block in stride(from: 0, to: data.count, by: rate) {
            for lane in 0..<(rate / 8) {
                var value: UInt64 = 0
                for byte in 0..<8 { value |= UInt64(data[block + lane * 8 + byte]) << UInt64(8 * byte) }
                state[lane] ^= value
            }
            for round in 0..<24 {
                var columns = [UInt64](repeating: 0, count: 5)
                for x in 0..<5 { columns[x] = state[x] ^ state[x + 5] ^ state[x + 10] ^ state[x + 15] ^ state[x + 20] }
                for x in 0..<5 {
                    let d = columns[(x + 4) % 5] ^ rotate(columns[(x + 1) % 5], 1)
                    for y in stride(from: 0, to: 25, by: 5) { state[y + x] ^= d }
                }
                var moved = [UInt64](repeating: 0, count: 25)
                for x in 0..<5 {
                    for y in 0..<5 {
                        moved[y + 5 * ((2 * x + 3 * y) % 5)] = rotate(state[x + 5 * y], keccakRotations[x + 5 * y])
                    }
                }
                for y in stride(from: 0, to: 25, by: 5) {
                    for x in 0..<5 { state[y + x] = moved[y + x] ^ (~moved[y + (x + 1) % 5] & moved[y + (x + 2) % 5]) }
                }
                state[0] ^= keccakRounds[round]
            }
        }
        var output: [UInt8] = []
        for lane in 0..<4 {
            for byte in 0..<8 { output.append(UInt8(truncatingIfNeeded: state[lane] >> UInt64(8 * byte))) }
        }
        return output
    }
}
