import Foundation
import PropertyBased
import Testing

@testable import Recordings
@testable import Scenarios

enum RecordingFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// A hand-written session in rrweb's format: a checkout page with a card, a masked security code, an e-mail
    /// field, a select, a checkbox, a hidden token, an inlined style sheet and a comment; keystroke-by-keystroke
    /// inputs, clicks, a page scroll, a mutation that adds a message and changes a button, a selection, a custom and
    /// a plugin event, then a navigation to a help page whose URL carries a token and which has a blocked element.
    static let checkout = folder.appendingPathComponent("checkout-session.json").path

    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("supportscope-rec-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes an import into `folder` and loads it as the scenario loader does.
    static func load(_ imported: ImportedScenario, in folder: URL) throws -> ScenarioLoadResult {
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("pages"), withIntermediateDirectories: true)
        for page in imported.pages {
            try page.html.write(to: folder.appendingPathComponent(page.path), atomically: true, encoding: .utf8)
        }
        try imported.yaml.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        return ScenarioLoader().load(folder: folder.path)
    }
}

@Suite("rrweb recordings: reading and importing")
struct RecordingTests {
    @Test func theHandWrittenSessionIsReadWithEveryKind() throws {
        let recording = try RRWebReader.read(file: RecordingFixtures.checkout)
        #expect(recording.events.count == 42)
        #expect(recording.sha256.count == 64)
        let kinds = recording.kindCounts
        #expect(kinds["meta"] == 2 && kinds["full snapshot"] == 2)
        #expect(kinds["incremental: input"] == 28)
        #expect(kinds["incremental: mouse interaction"] == 4 && kinds["incremental: mutation"] == 1)
        #expect(kinds["incremental: mouse move"] == 1 && kinds["incremental: selection"] == 1)
        #expect(kinds["custom"] == 1 && kinds["plugin"] == 1 && kinds["incremental: scroll"] == 1)
        // The events keep where they stand in the file, for errors about them.
        #expect(recording.events[1].line > recording.events[0].line)
    }

    @Test func theImportValidatesStrictlyAndReplaysTheSession() throws {
        let recording = try RRWebReader.read(file: RecordingFixtures.checkout)
        let imported = try RRWebImporter.scenario(from: recording, id: "checkout-session")
        let folder = RecordingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let loaded = try RecordingFixtures.load(imported, in: folder)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.description))")
        let scenario = try #require(loaded.scenario)
        #expect(imported.pages.count == 2)

        // Every value the detectors know, from the page, the inputs, the mutation and the hidden field.
        let values = Dictionary(scenario.items.map { ($0.value, $0.dataClass) }, uniquingKeysWith: { a, _ in a })
        #expect(values["4111 1111 1111 1111"] == .cardNumber)
        #expect(values["lea.meier@example.ch"] == .email)
        #expect(values["sk_live_51Hq2x7Kp0a9ZyXwVuTsRqPoNmLk"] == .secret)
        #expect(values["+41 44 668 18 00"] == .phone)
        // The recorder masked the security code: its value is not in the recording, so nothing is planted for it.
        #expect(!values.keys.contains("***"))

        let actions = scenario.steps.map { "\($0.actor.rawValue) \($0.action.withoutPayload)" }
        #expect(actions.first == "session start" && actions.last == "session end")
        // A field's keystrokes are one typing step with the last value; a box is a click; a select a choice.
        let typed = Self.typed(scenario)
        let page = imported.pages[0].html
        let email = try Self.marker("email", in: page), card = try Self.marker("card-number", in: page)
        #expect(typed.map(\.0) == [email, card, try Self.marker("cvc", in: page)])
        #expect(typed.map(\.1) == ["lea.meier@example.ch", "4111 1111 1111 1111", "***"])
        let country = try Self.marker("country", in: page), box = try Self.marker("newsletter", in: page)
        let pay = try Self.marker("pay", in: page)
        #expect(scenario.steps.contains { if case .select(_, country, "DE") = $0.action { true } else { false } })
        // The box: one click, from its input event (rrweb's click on it is not replayed, or it would toggle twice).
        #expect(scenario.steps.count { if case .click(_, box) = $0.action { true } else { false } } == 1)
        #expect(scenario.steps.contains { if case .click(_, pay) = $0.action { true } else { false } })
        #expect(scenario.steps.contains { if case .navigate = $0.action { true } else { false } })
        // The mutation: the message added into #status, the button's new attributes.
        let changes = scenario.steps.filter { if case .pageChange = $0.action { true } else { false } }
        #expect(changes.count == 2)
        // Timing: seconds from the first event, in order.
        let times = scenario.steps.compactMap(\.at)
        #expect(times == times.sorted() && times.last == 12.005)

        let outcomes = imported.kinds.map { "\($0.count) × \($0.kind): \($0.outcome)" }
        #expect(outcomes.contains("1 × incremental: mouse interaction: customer clicks"))
        #expect(
            outcomes.contains(
                "3 × incremental: mouse interaction: not replayed: where the pointer went carries no data"))
        #expect(outcomes.contains("1 × incremental: input: customer types (the recorder had masked the value)"))
        #expect(outcomes.contains { $0.hasPrefix("1 × plugin: not replayed") && $0.contains("console logs") })
        #expect(outcomes.contains { $0.hasPrefix("1 × incremental: selection: not replayed") })
        #expect(imported.kinds.reduce(0) { $0 + $1.count } == recording.events.count, "every event is accounted for")
    }

    @Test func thePagesAreWhatTheSnapshotHeld() throws {
        let recording = try RRWebReader.read(file: RecordingFixtures.checkout)
        let imported = try RRWebImporter.scenario(from: recording, id: "checkout-session")
        let first = imported.pages[0].html
        // Each element carries its rrweb id, so a step's selector finds it however the HTML parser rearranges things.
        let unmarked = first.replacing(#/ data-rr-id="[0-9]+"/#, with: "")
        #expect(unmarked.hasPrefix("<!DOCTYPE html>\n<html lang=\"de-CH\"><head>"))
        #expect(unmarked.contains("<style>.visually-hidden { position: absolute;"))
        #expect(unmarked.contains("<input type=\"hidden\" name=\"session_token\" value=\"{{found.secret.1}}\">"))
        #expect(unmarked.contains("<!-- checkout v3 – support PIN for test user: {{found.one-time-code.1}} -->"))
        #expect(unmarked.contains("<option value=\"CH\" selected=\"\">Schweiz</option>"))
        // rrweb's own attributes of a blocked element are its business, not the page's.
        #expect(!imported.pages[1].html.contains("rr_width"))
        #expect(
            imported.pages[1].html.replacing(#/ data-rr-id="[0-9]+"/#, with: "").contains(
                "<div class=\"rr-block\"></div>"))
    }

    @Test func templateSyntaxInARecordingIsNotAPlaceholder() throws {
        let events = """
            [{"type":4,"data":{"href":"https://app.example.com/","width":800,"height":600},"timestamp":1},
             {"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},
              "childNodes":[{"type":2,"id":3,"tagName":"body","attributes":{},"childNodes":[
               {"type":2,"id":4,"tagName":"p","attributes":{"title":"{{user.name}}"},"childNodes":[{"type":3,"id":5,"textContent":"Hello {{ user }}"}]},
               {"type":2,"id":6,"tagName":"input","attributes":{"id":"q"},"childNodes":[]}]}]}]}},"timestamp":2},
             {"type":3,"data":{"source":5,"id":6,"text":"{{x}}","isChecked":false},"timestamp":3}]
            """
        let recording = try RRWebReader.read(bytes: Array(events.utf8), path: "template.json")
        let imported = try RRWebImporter.scenario(from: recording, id: "template")
        let folder = RecordingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let loaded = try RecordingFixtures.load(imported, in: folder)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.description))")
        let scenario = try #require(loaded.scenario)
        #expect(
            scenario.steps.contains {
                if case .type(_, "[data-rr-id=\"6\"]", "{{x}}") = $0.action { true } else { false }
            })
        #expect(scenario.world.windows.first?.tabs.first?.url == "https://app.example.com/")
    }

    /// Each typing step's selector and text.
    static func typed(_ scenario: Scenario) -> [(String, String)] {
        scenario.steps.compactMap { step -> (String, String)? in
            if case let .type(_, selector, text) = step.action { return (selector, text) }
            return nil
        }
    }

    /// The selector of the element whose `id` attribute is `id` in a written page.
    static func marker(_ id: String, in page: String) throws -> String {
        let match = try #require(page.firstMatch(of: try Regex("data-rr-id=\"([0-9]+)\"[^>]* id=\"\(id)\"")))
        return "[data-rr-id=\"\(match.output[1].substring ?? "")\"]"
    }

    /// Shapes a review found the first version lost: a field inside a `div` inside a `p` (the HTML parser moves the
    /// `div`, so a path selector found another field), a shadow root's text, a typed value replaced by another,
    /// an attribute and a text changed together, a change to `body`'s own attributes.
    @Test func whatTheRecordingHeldReachesTheScenario() throws {
        let events = """
            [{"type":4,"data":{"href":"https://bank.example.com/profile","width":800,"height":600},"timestamp":1000},
             {"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},
              "childNodes":[{"type":2,"id":3,"tagName":"head","attributes":{},"childNodes":[]},
               {"type":2,"id":4,"tagName":"body","attributes":{"class":"x"},"childNodes":[
                {"type":2,"id":5,"tagName":"p","attributes":{},"childNodes":[
                 {"type":2,"id":6,"tagName":"div","attributes":{},"childNodes":[
                  {"type":2,"id":7,"tagName":"input","attributes":{"name":"card","autocomplete":"cc-number"},"childNodes":[]}]}]},
                {"type":2,"id":8,"tagName":"div","attributes":{},"childNodes":[
                 {"type":2,"id":9,"tagName":"input","attributes":{"name":"comment"},"childNodes":[]}]},
                {"type":2,"id":10,"tagName":"x-card","attributes":{},"isShadowHost":true,"childNodes":[
                 {"type":3,"id":11,"textContent":"Card on file 5555 5555 5555 4444","isShadow":true}]},
                {"type":2,"id":12,"tagName":"span","attributes":{"title":"none"},"childNodes":[{"type":3,"id":13,"textContent":"Hello"}]}]}]}]}},"timestamp":1001},
             {"type":3,"data":{"source":5,"id":9,"text":"4111 1111 1111 1111","isChecked":false},"timestamp":2000},
             {"type":3,"data":{"source":5,"id":9,"text":"help","isChecked":false},"timestamp":2100},
             {"type":3,"data":{"source":0,"texts":[{"id":13,"value":"Jane"}],"attributes":[{"id":12,"attributes":{"title":"jane.doe@example.com"}}],"removes":[],"adds":[]},"timestamp":3000},
             {"type":3,"data":{"source":0,"texts":[],"attributes":[{"id":4,"attributes":{"class":null}}],"removes":[],"adds":[]},"timestamp":3100}]
            """
        let recording = try RRWebReader.read(bytes: Array(events.utf8), path: "review.json")
        let imported = try RRWebImporter.scenario(from: recording, id: "review")
        let folder = RecordingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let loaded = try RecordingFixtures.load(imported, in: folder)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.description))")
        let scenario = try #require(loaded.scenario)
        let typed = Self.typed(scenario)
        #expect(typed.map(\.0) == ["[data-rr-id=\"9\"]", "[data-rr-id=\"9\"]"])
        #expect(typed.map(\.1) == ["4111 1111 1111 1111", "help"])
        // The shadow root's text is in the page as the host's content, not in a template nobody shows.
        #expect(imported.pages[0].html.contains("<x-card data-rr-id=\"10\">Card on file {{found.card-number."))
        // The text and the title changed together: both are replayed.
        let changes = scenario.steps.compactMap { step -> PageChange? in
            if case let .pageChange(_, selector, change) = step.action, selector == "[data-rr-id=\"12\"]" {
                return change
            }
            return nil
        }
        #expect(changes.count == 2)
        // A removed attribute of body rewrites the page as a new one: a fragment parser cannot rewrite html.
        #expect(scenario.steps.contains { if case .navigate = $0.action { true } else { false } })
        #expect(Set(scenario.items.map(\.dataClass)) == [.cardNumber, .email])
    }

    /// Hostile recordings: each is refused with its place, never a crash, a hang or a silent skip.
    @Test(arguments: [
        ("{}", "1:1: error: not an rrweb recording"),
        ("[]", "1:1: error: the recording has no events"),
        (
            "[{\"type\":2,\"data\":{\"node\":{\"type\":2,\"tagName\":\"div\",\"id\":1}}}]",
            "1:2: error: event 0: a full snapshot's node must be a document"
        ),
        (
            "[{\"type\":2,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[{\"type\":3,\"id\":1,\"textContent\":\"x\"}]}}}]",
            "error: event 0: node id 1 appears twice"
        ),
        (
            "[{\"type\":2,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[{\"type\":2,\"id\":2,\"tagName\":\"img src=x onerror=alert(1)\"}]}}}]",
            "is not a valid tag name"
        ),
        (
            "[\n {\"type\":3,\"data\":\"H4sIAAAA\",\"timestamp\":1}]",
            "2:2: error: event 0: its 'data' is a string: a packed or compressed recording"
        ),
        (
            "[{\"type\":3,\"data\":{\"source\":2,\"type\":99,\"id\":1}}]",
            "mouse interaction type 99 is not one rrweb writes"
        ),
        ("[{\"type\":3,\"data\":{\"source\":5,\"id\":-4,\"text\":\"x\"}}]", "an input's 'id' must be a node id"),
        ("[{\"type\":3,\"data\":{\"source\":5,\"id\":1.5,\"text\":\"x\"}}]", "an input's 'id' must be a node id"),
        ("[{\"type\":\"2\",\"data\":{}}]", "'type' must be a whole number"),
        ("[1,2]", "event 0: an event must be an object"),
        // Found by the fuzzer: a time that overflowed the steps' milliseconds.
        ("[{\"type\":4,\"data\":{},\"timestamp\":1e19}]", "event 0: 'timestamp' 1e+19 is not a time in milliseconds"),
        (
            "[{\"type\":2,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[{\"type\":2,\"id\":2,\"tagName\":\"a.b\"}]}}}]",
            "'a.b' is not a valid tag name"
        ),
        ("[{\"type\":4,\"data\":{\"href\":\"x\"}} junk", "1:33: error: expected ',' or ']'"),
    ])
    func aHostileRecordingIsRefusedWithItsPlace(_ text: String, _ message: String) throws {
        #expect {
            let recording = try RRWebReader.read(bytes: Array(text.utf8), path: "hostile.json")
            _ = try RRWebImporter.scenario(from: recording, id: "hostile")
        } throws: { error in
            guard let error = error as? RecordingError else { return false }
            return error.description.hasPrefix("hostile.json:") && error.description.contains(message)
        }
    }

    @Test func structuralAttacksAreRefusedInBoundedTime() throws {
        func refused(_ bytes: [UInt8]) -> String? {
            do {
                let recording = try RRWebReader.read(bytes: bytes, path: "hostile.json")
                _ = try RRWebImporter.scenario(from: recording, id: "hostile")
                return nil
            } catch {
                return error.description
            }
        }
        // A million nested arrays: the nesting budget, at its place.
        let deep = Array(repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(refused(deep)?.contains("hostile.json:1:1002: error: nested deeper than 1000 levels") == true)
        // A document nested deeper than the budget through childNodes.
        var nested = "{\"type\":2,\"id\":9999,\"tagName\":\"b\",\"attributes\":{}}"
        for id in 0..<600 { nested = "{\"type\":2,\"id\":\(id + 2),\"tagName\":\"div\",\"childNodes\":[\(nested)]}" }
        let document = "[{\"type\":2,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[\(nested)]}}}]"
        #expect(refused(Array(document.utf8))?.contains("nest") == true)
        // Invalid UTF-8 inside a string.
        #expect(refused(Array("[{\"type\":4,\"data\":{\"href\":\"".utf8) + [0xC3, 0x28] + Array("\"}}]".utf8)) != nil)
        // An add whose parent is nowhere: its content would otherwise vanish from the analysis.
        let orphan = """
            [{"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[]}]}}},
             {"type":3,"data":{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[{"parentId":77,"nextId":null,"node":{"type":3,"id":9,"textContent":"4111 1111 1111 1111"}}]}}]
            """
        #expect(
            refused(Array(orphan.utf8))?.contains(
                "hostile.json:2:2: error: event 1: node 9 is added under node 77, which the document does not hold")
                == true)
        // A mutation before any snapshot.
        let early = "[{\"type\":3,\"data\":{\"source\":0,\"adds\":[]}}]"
        #expect(refused(Array(early.utf8))?.contains("a mutation before the first full snapshot") == true)
        // An attribute over the budget.
        let huge = String(repeating: "a", count: RecordingLimits.attributeBytes + 1)
        let big =
            "[{\"type\":2,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[{\"type\":2,\"id\":2,\"tagName\":\"p\",\"attributes\":{\"title\":\"\(huge)\"}}]}}}]"
        #expect(refused(Array(big.utf8))?.contains("attribute 'title' is 1048577 bytes") == true)
    }

    /// Whatever a recording's bytes are, reading, importing and auditing it ends in a result or an error with a place.
    @Test func anyDamageToARecordingEndsInAnErrorOrAScenario() async throws {
        let original = try Array(Data(contentsOf: URL(fileURLWithPath: RecordingFixtures.checkout)))
        await propertyCheck(
            count: 200, input: Gen.int(in: 0...(original.count - 1)), Gen.int(in: 0...255), Gen.int(in: 0...2)
        ) {
            position, byte, how in
            var bytes = original
            switch how {
            case 0: bytes[position] = UInt8(byte)
            case 1: bytes.removeSubrange(position...)
            default: bytes.insert(UInt8(byte), at: position)
            }
            do {
                let recording = try RRWebReader.read(bytes: bytes, path: "damaged.json")
                _ = try RRWebImporter.scenario(from: recording, id: "damaged")
            } catch {
                #expect("\(error)".hasPrefix("damaged.json:"))
            }
            do {
                let recording = try RRWebReader.read(bytes: bytes, path: "damaged.json")
                _ = try RRWebAuditor.audit(recording, id: "damaged")
            } catch {
                #expect("\(error)".hasPrefix("damaged.json:"))
            }
        }
    }
}
