import Detectors
import Scenarios

/// What the import and the audit plant from a recording, by one rule: the detectors' hits they trust, and the ids the
/// values are planted under.
enum FoundValues {
    /// The confidence at which a detector's hit in a recording becomes an item (lower hits stay unplanted findings).
    static let confidence = 0.8

    /// Every hit in `text` of at least `confidence`: its value, its byte range in `text` and its class.
    static func recognised(in text: String) -> [(value: String, range: Range<Int>, dataClass: DataClass)] {
        let bytes = Array(text.utf8)
        return DetectorSet.all.scan(text).compactMap { hit in
            guard hit.confidence >= confidence, hit.range.lowerBound >= 0, hit.range.upperBound <= bytes.count,
                let value = String(bytes: bytes[hit.range], encoding: .utf8)
            else { return nil }
            return (value, hit.range, DataClass(hit.detectorClass))
        }
    }

    /// `found.<class>.<n>` for each value's class, numbered per class in the order found.
    static func ids(_ classes: [DataClass]) -> [String] {
        var numbers: [DataClass: Int] = [:]
        return classes.map { dataClass in
            numbers[dataClass, default: 0] += 1
            return "found.\(dataClass.rawValue).\(numbers[dataClass] ?? 1)"
        }
    }
}
