import Fields
import Foundation
import Markup
import Testing

/// One page of the conformance corpus and its key: the class a careful reviewer gives each control.
struct KeyedPage: Sendable {
    let name: String
    let html: String
    /// Selector and expected class (nil: not a sensitive or readable class) per control, in document order.
    let key: [(selector: String, expected: FieldClass?)]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/conformance")

    /// Every page of the corpus, by name.
    static func all() throws -> [KeyedPage] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".html") }
            .sorted()
        return try names.map { name in
            let base = folder.appendingPathComponent(name).deletingPathExtension()
            let html = try String(contentsOf: base.appendingPathExtension("html"), encoding: .utf8)
            let keyText = try String(contentsOf: base.appendingPathExtension("key"), encoding: .utf8)
            // Key lines are `selector<TAB>class`; anything without a tab is a comment.
            let key = keyText.split(separator: "\n").compactMap { line -> (String, FieldClass?)? in
                let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard parts.count == 2 else { return nil }
                let name = parts[1].trimmingCharacters(in: .whitespaces)
                // A misspelt class must not pass for "none".
                if name != "none", FieldClass(rawValue: name) == nil {
                    Issue.record("\(name): '\(name)' is not a field class")
                }
                return (
                    String(parts[0]).trimmingCharacters(in: .whitespaces),
                    name == "none" ? nil : FieldClass(rawValue: name)
                )
            }
            return KeyedPage(name: name, html: html, key: key)
        }
    }
}

/// Precision and recall per class over a set of (expected, predicted) pairs.
struct Confusion {
    var truePositives: [FieldClass: Int] = [:]
    var expected: [FieldClass: Int] = [:]
    var predicted: [FieldClass: Int] = [:]
    var misses: [String] = []

    mutating func add(_ expectedClass: FieldClass?, _ predictedClass: FieldClass?, _ where: String) {
        if let expectedClass { expected[expectedClass, default: 0] += 1 }
        if let predictedClass { predicted[predictedClass, default: 0] += 1 }
        if let expectedClass, expectedClass == predictedClass { truePositives[expectedClass, default: 0] += 1 }
        if expectedClass != predictedClass {
            misses.append(
                "\(`where`): expected \(expectedClass?.rawValue ?? "none"), got \(predictedClass?.rawValue ?? "none")")
        }
    }

    func recall(_ fieldClass: FieldClass) -> Double? {
        expected[fieldClass].map { Double(truePositives[fieldClass] ?? 0) / Double($0) }
    }

    func precision(_ fieldClass: FieldClass) -> Double? {
        predicted[fieldClass].map { Double(truePositives[fieldClass] ?? 0) / Double($0) }
    }

    /// A table of every class that occurs, for the test log and docs/COBROWSING.md.
    var table: String {
        var lines = ["class                     expected  found  precision  recall"]
        for fieldClass in FieldClass.allCases where expected[fieldClass] != nil || predicted[fieldClass] != nil {
            let precision = self.precision(fieldClass).map { String(format: "%.3f", $0) } ?? "–"
            let recall = self.recall(fieldClass).map { String(format: "%.3f", $0) } ?? "–"
            lines.append(
                fieldClass.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)
                    + String(expected[fieldClass] ?? 0).leftPadded(8) + String(predicted[fieldClass] ?? 0).leftPadded(7)
                    + precision.leftPadded(11) + recall.leftPadded(8))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}

@Suite("The field classifier on the conformance corpus")
struct ConformanceTests {
    @Test func everyControlOfEveryPageIsKeyedOnce() throws {
        let pages = try KeyedPage.all()
        #expect(pages.count >= 40)
        for page in pages {
            let document = try Document.parseHTML(page.html)
            var keyed: Set<NodeIdentity> = []
            for (selector, _) in page.key {
                let matches = try document.node.select(selector)
                #expect(matches.count == 1, "\(page.name): '\(selector)' matches \(matches.count) elements")
                if let match = matches.first {
                    #expect(keyed.insert(match.identity).inserted, "\(page.name): '\(selector)' keyed twice")
                }
            }
            let controls = FieldClassifier(document: document).fields().map(\.control).filter {
                !FieldClassifier.isHiddenInput($0)
            }
            for control in controls where !keyed.contains(control.identity) {
                Issue.record("\(page.name): line \(control.line ?? 0) \(control.startTag) is not in the key")
            }
        }
    }

    @Test func recallAndPrecisionPerClassMeetTheTargets() throws {
        var confusion = Confusion()
        for page in try KeyedPage.all() {
            let document = try Document.parseHTML(page.html)
            let classifier = FieldClassifier(document: document)
            for (selector, expected) in page.key {
                guard let control = try document.node.select(selector).first else { continue }
                confusion.add(expected, classifier.classification(of: control)?.fieldClass, "\(page.name) \(selector)")
            }
        }
        print("Field classifier on the conformance corpus:\n\(confusion.table)")
        for miss in confusion.misses { print("  miss: \(miss)") }
        for fieldClass in FieldClass.allCases where fieldClass.isSensitive {
            if let recall = confusion.recall(fieldClass) {
                #expect(recall >= 0.97, "recall of \(fieldClass.rawValue): \(recall)")
            }
            if let precision = confusion.precision(fieldClass) {
                #expect(precision >= 0.95, "precision of \(fieldClass.rawValue): \(precision)")
            }
        }
        // Readable fields stay readable: none of them is given a sensitive class.
        let readable: [FieldClass] = [.search, .quantity, .coupon, .postalCode, .comment]
        let masked = confusion.misses.filter { miss in
            readable.contains { miss.contains("expected \($0.rawValue), got") } && !miss.hasSuffix("got none")
        }
        #expect(masked.isEmpty, "\(masked)")
    }
}
