import Detectors
import Foundation
import Testing

/// One labelled line of the corpus.
struct CorpusLine {
    let label: DetectorClass?
    let value: String
    let text: String
}

/// Precision and recall per class over the labelled corpus (`Fixtures/corpus.tsv`, from `generate_corpus.py`).
struct QualityTable {
    var truePositives: [DetectorClass: Int] = [:]
    var falsePositives: [DetectorClass: Int] = [:]
    var falseNegatives: [DetectorClass: Int] = [:]
    var mistakes: [String] = []

    func precision(_ detectorClass: DetectorClass) -> Double {
        let tp = Double(truePositives[detectorClass, default: 0]),
            fp = Double(falsePositives[detectorClass, default: 0])
        return tp + fp == 0 ? 1 : tp / (tp + fp)
    }

    func recall(_ detectorClass: DetectorClass) -> Double {
        let tp = Double(truePositives[detectorClass, default: 0]),
            fn = Double(falseNegatives[detectorClass, default: 0])
        return tp + fn == 0 ? 1 : tp / (tp + fn)
    }

    /// Scans every line: a hit of the labelled class covering the labelled value is a true positive, any other hit a false positive.
    static func measure(_ lines: [CorpusLine], with detectors: DetectorSet = .all) -> QualityTable {
        var table = QualityTable()
        for line in lines {
            let hits = detectors.scan(line.text)
            var found = false
            let valueRange: Range<Int>? =
                line.label == nil
                ? nil
                : line.text.utf8.firstRange(of: line.value.utf8).map {
                    line.text.utf8.distance(
                        from: line.text.utf8.startIndex, to: $0.lowerBound)..<line.text.utf8.distance(
                            from: line.text.utf8.startIndex, to: $0.upperBound)
                }
            for hit in hits {
                if hit.detectorClass == line.label, let valueRange, hit.range.overlaps(valueRange), !found {
                    found = true
                    table.truePositives[hit.detectorClass, default: 0] += 1
                } else {
                    table.falsePositives[hit.detectorClass, default: 0] += 1
                    table.mistakes.append("false \(hit.detectorClass.rawValue) (\(hit.reason)): \(line.text)")
                }
            }
            if let label = line.label, !found {
                table.falseNegatives[label, default: 0] += 1
                table.mistakes.append("missed \(label.rawValue): \(line.text)")
            }
        }
        return table
    }

    /// The table as text: one row per class.
    var text: String {
        var rows = ["class              TP  FP  FN  precision  recall"]
        for detectorClass in DetectorClass.allCases {
            let name = detectorClass.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)
            func column(_ value: Int) -> String {
                String(repeating: " ", count: max(0, 3 - String(value).count)) + String(value)
            }
            rows.append(
                "\(name) \(column(truePositives[detectorClass, default: 0])) \(column(falsePositives[detectorClass, default: 0])) "
                    + "\(column(falseNegatives[detectorClass, default: 0]))  \(String(format: "%9.3f", precision(detectorClass)))  \(String(format: "%6.3f", recall(detectorClass)))"
            )
        }
        return rows.joined(separator: "\n")
    }
}

@Suite("Detection quality on the labelled corpus")
struct DetectorQualityTests {
    static func corpus(_ name: String = "corpus") throws -> [CorpusLine] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            return CorpusLine(
                label: fields[0] == "none" ? nil : DetectorClass(rawValue: fields[0]), value: fields[1], text: fields[2]
            )
        }
    }

    @Test func theCorpusIsLargeEnoughAndCoversEveryClass() throws {
        let lines = try Self.corpus()
        #expect(lines.filter { $0.label != nil }.count >= 300)
        #expect(lines.filter { $0.label == nil }.count >= 300)
        #expect(Set(lines.compactMap(\.label)) == Set(DetectorClass.allCases))
    }

    @Test func precisionAndRecallMeetTheTargetsOnEveryValidatedClass() throws {
        let table = QualityTable.measure(try Self.corpus())
        print(table.text)
        for mistake in table.mistakes.prefix(40) { print("  " + mistake) }
        for detectorClass in DetectorClass.allCases where detectorClass.hasValidator {
            #expect(
                table.precision(detectorClass) >= 0.98,
                "\(detectorClass.rawValue) precision \(table.precision(detectorClass))")
            #expect(
                table.recall(detectorClass) >= 0.95, "\(detectorClass.rawValue) recall \(table.recall(detectorClass))")
        }
        // Context-only classes are held to a lower but still measured bar.
        for detectorClass in DetectorClass.allCases where !detectorClass.hasValidator {
            #expect(
                table.precision(detectorClass) >= 0.95,
                "\(detectorClass.rawValue) precision \(table.precision(detectorClass))")
            #expect(
                table.recall(detectorClass) >= 0.9, "\(detectorClass.rawValue) recall \(table.recall(detectorClass))")
        }
    }

    /// The corpus nobody on the team wrote the values of: Faker's providers in 24 locales
    /// (`generate_faker_corpus.py`). The floors are today's figures, so a change can only keep or raise them (the
    /// issue's targets, precision 0.98 and recall 0.95 for every class, are below them).
    @Test func precisionAndRecallOnFakersCorpusInTwentyFourLocales() throws {
        let lines = try Self.corpus("faker-corpus")
        #expect(lines.count > 500 && Set(lines.compactMap(\.label)).count == 7)
        let table = QualityTable.measure(lines)
        print("Faker corpus (\(lines.count) lines):\n" + table.text)
        for mistake in table.mistakes.prefix(60) { print("  " + mistake) }
        // Without libphonenumber (a build on a machine without libphonenumber-dev) phones rest on shapes and words
        // alone: 179 of 192.
        let phoneRecall = try LibPhoneNumberTests.available ? 1 : 0.93
        let floors: [DetectorClass: (precision: Double, recall: Double)] = [
            .cardNumber: (1, 1), .iban: (1, 1), .usSSN: (1, 1), .email: (1, 1), .dateOfBirth: (1, 1),
            .ipAddress: (1, 1), .phone: (1, phoneRecall),
        ]
        // A hard negative is no finding of any class (`{"postal_code": "38503"}` was a one-time code).
        #expect(DetectorClass.allCases.allSatisfy { table.precision($0) == 1 }, "\(table.text)")
        for (detectorClass, floor) in floors.sorted(by: { $0.key < $1.key }) {
            #expect(table.precision(detectorClass) >= floor.precision, "\(detectorClass.rawValue) precision")
            #expect(table.recall(detectorClass) >= floor.recall, "\(detectorClass.rawValue) recall")
        }
    }
}
