#if canImport(CPhoneNumbers)
    import CPhoneNumbers
#endif

/// Google's libphonenumber, the reference for the world's numbering plans, when the build found it (Debian's
/// `libphonenumber-dev`): the byte scanner proposes candidate numbers, libphonenumber says whether each is a
/// possible or an assigned number, so its regular expressions run only on the few spans beside a phone's shape.
enum PhoneNumbering {
    /// What libphonenumber says of a number.
    struct Verdict: Equatable {
        /// In an assigned range of its country's plan (not only of a possible length).
        var isValid: Bool
        /// The region it belongs to (ISO 3166 alpha-2), "ZZ" when none.
        var region: String
    }

    /// True when the build links libphonenumber.
    static var isAvailable: Bool {
        #if canImport(CPhoneNumbers)
            true
        #else
            false
        #endif
    }

    /// The regions whose national numbers are tried when a number has no country code: those of the languages the
    /// phone words cover, most populous first, so a number valid in several plans is named by the likeliest.
    static let nationalRegions =
        "US,IN,BR,JP,DE,GB,FR,IT,ES,CA,PL,AU,RO,NL,BE,CZ,PT,SE,HU,AT,CH,DK,FI,NO,IE,NZ,LU,MX,AR,CO,CL"

    /// The verdict on an international number written with its `+` (`+41 44 668 18 00`), or nil when it is not a
    /// possible number (a length its country never uses) or libphonenumber is not linked.
    static func international(_ number: String) -> Verdict? {
        #if canImport(CPhoneNumbers)
            verdict(number.withCString { ss_phone_check($0, number.utf8.count, "ZZ") })
        #else
            return nil
        #endif
    }

    /// The first of `nationalRegions` in which the national `number` (digits and separators, no country code) is an
    /// assigned number, or nil.
    static func validNationalRegion(_ number: String) -> String? {
        #if canImport(CPhoneNumbers)
            let result = number.withCString { ss_phone_first_valid_region($0, number.utf8.count, nationalRegions) }
            return verdict(result).flatMap { $0.isValid ? $0.region : nil }
        #else
            return nil
        #endif
    }

    #if canImport(CPhoneNumbers)
        private static func verdict(_ result: ss_phone_result) -> Verdict? {
            guard result.verdict != ss_phone_not_a_number else { return nil }
            let region = withUnsafeBytes(of: result.region) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            return Verdict(isValid: result.verdict == ss_phone_valid, region: region)
        }
    #endif
}
