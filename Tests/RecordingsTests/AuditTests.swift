import Analysis
import Foundation
import Simulation
import Testing

@testable import Recordings
@testable import Scenarios

/// `RRWebAuditor`: a recording read as the wire of a DOM mirror, so the findings say what the recorder really sent.
@Suite("rrweb recordings: auditing what a recorder sent")
struct AuditTests {
    /// A bank's account page as a recorder configured with rrweb's defaults sends it (passwords masked, nothing else):
    /// a reset token in the address, a hidden CSRF token, an IBAN in a `data-*` attribute, a phone number in a
    /// `title`, a card in an iframe's `srcdoc`, an e-mail address in a comment, a card number that fails Luhn typed
    /// into a field labelled "Kartennummer", a CVC typed into "Sicherheitscode", a masked password, a console log
    /// with a card number, and a frame's own document with an IBAN.
    static let bankSession = """
        [{"type":4,"data":{"href":"https://bank.example.com/konto/reset?reset_token=Zx81kQ2mP0aLr7Yt&lang=de","width":1280,"height":800},"timestamp":1764670000000},
         {"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[
           {"type":1,"id":2,"name":"html","publicId":"","systemId":""},
           {"type":2,"id":3,"tagName":"html","attributes":{"lang":"de"},"childNodes":[
            {"type":2,"id":4,"tagName":"head","attributes":{},"childNodes":[
             {"type":2,"id":5,"tagName":"title","attributes":{},"childNodes":[{"type":3,"id":6,"textContent":"Konto – Beispielbank"}]}]},
            {"type":2,"id":7,"tagName":"body","attributes":{},"childNodes":[
             {"type":5,"id":8,"textContent":" debug: session of lea.meier@example.ch "},
             {"type":2,"id":9,"tagName":"div","attributes":{"class":"account","data-customer-iban":"DE89 3704 0044 0532 0130 00"},"childNodes":[
              {"type":2,"id":10,"tagName":"span","attributes":{"title":"Rückruf unter +41 44 668 18 00"},"childNodes":[{"type":3,"id":11,"textContent":"Hilfe"}]}]},
             {"type":2,"id":12,"tagName":"form","attributes":{"action":"/konto/karte","method":"post"},"childNodes":[
              {"type":2,"id":13,"tagName":"input","attributes":{"type":"hidden","name":"csrf_token","value":"f3A9kLm2Qx7Rt5Zw"},"childNodes":[]},
              {"type":2,"id":14,"tagName":"label","attributes":{"for":"kn"},"childNodes":[{"type":3,"id":15,"textContent":"Kartennummer"}]},
              {"type":2,"id":16,"tagName":"input","attributes":{"id":"kn","name":"kn","type":"text"},"childNodes":[]},
              {"type":2,"id":17,"tagName":"label","attributes":{"for":"sc"},"childNodes":[{"type":3,"id":18,"textContent":"Sicherheitscode"}]},
              {"type":2,"id":19,"tagName":"input","attributes":{"id":"sc","name":"sc","type":"text","maxlength":"4"},"childNodes":[]},
              {"type":2,"id":20,"tagName":"label","attributes":{"for":"pw"},"childNodes":[{"type":3,"id":21,"textContent":"Passwort"}]},
              {"type":2,"id":22,"tagName":"input","attributes":{"id":"pw","name":"pw","type":"password"},"childNodes":[]},
              {"type":2,"id":23,"tagName":"button","attributes":{"type":"submit"},"childNodes":[{"type":3,"id":24,"textContent":"Speichern"}]}]},
             {"type":2,"id":25,"tagName":"iframe","attributes":{"srcdoc":"<p>Karte 5555 5555 5555 4444</p>"},"childNodes":[]},
             {"type":2,"id":26,"tagName":"iframe","attributes":{"src":"/konto/auszug"},"childNodes":[]},
             {"type":2,"id":27,"tagName":"a","attributes":{"href":"https://bank.example.com/hilfe"},"childNodes":[{"type":3,"id":28,"textContent":"Hilfe"}]}]}]}]},
           "initialOffset":{"left":0,"top":0}},"timestamp":1764670000010},
         {"type":3,"data":{"source":5,"id":16,"text":"1234","isChecked":false},"timestamp":1764670001000},
         {"type":3,"data":{"source":5,"id":16,"text":"1234 5678 9012 3456","isChecked":false},"timestamp":1764670001500},
         {"type":3,"data":{"source":5,"id":19,"text":"739","isChecked":false},"timestamp":1764670002000},
         {"type":3,"data":{"source":5,"id":22,"text":"***********","isChecked":false},"timestamp":1764670003000},
         {"type":6,"data":{"plugin":"rrweb/console@1","payload":{"level":"warn","payload":["\\"charge failed for 4000 0566 5566 5556\\""],"trace":[]}},"timestamp":1764670004000},
         {"type":3,"data":{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[{"parentId":26,"nextId":null,"node":{"type":0,"id":40,"childNodes":[
           {"type":2,"id":41,"tagName":"html","attributes":{},"childNodes":[{"type":2,"id":42,"tagName":"body","attributes":{},"childNodes":[
            {"type":3,"id":43,"textContent":"Auszahlung an GB82 WEST 1234 5698 7654 32"}]}]}]}}],"isAttachIframe":true},"timestamp":1764670005000}]
        """

    static func audit(_ text: String = bankSession) throws -> RecordingAudit {
        let recording = try RRWebReader.read(bytes: Array(text.utf8), path: "bank-session.json")
        return try RRWebAuditor.audit(recording, id: "bank-session")
    }

    /// The finding of the item whose value is `value`, with the item's label (where it was found first).
    static func finding(_ audit: RecordingAudit, _ value: String) -> (Finding, String)? {
        let scenario = audit.analysis.scenario
        guard let item = scenario.items.first(where: { $0.value == value }) else { return nil }
        return audit.analysis.profiles[0].findings.first { $0.subject == .item(item.id) }.map { ($0, item.label ?? "") }
    }

    @Test func everyLeakVectorOfTheBankPageIsFoundWhereItCrossed() throws {
        let audit = try Self.audit()
        let expected: [(value: String, dataClass: DataClass, channel: Channel, place: String)] = [
            ("Zx81kQ2mP0aLr7Yt", .secret, .pageLocation, "the page's address: a query parameter"),
            ("lea.meier@example.ch", .email, .domSnapshot, "an HTML comment"),
            ("DE89 3704 0044 0532 0130 00", .iban, .domSnapshot, "a data-* attribute"),
            ("+41 44 668 18 00", .phone, .domSnapshot, "a title attribute"),
            ("f3A9kLm2Qx7Rt5Zw", .secret, .domSnapshot, "a hidden input"),
            ("5555 5555 5555 4444", .cardNumber, .domSnapshot, "an iframe's srcdoc"),
            // Fails Luhn, so no detector knows it: the field classifier does, from the German label.
            ("1234 5678 9012 3456", .cardNumber, .inputEvent, "typed into a card number field"),
            // Three digits: traced where it is bound, as the field's whole value.
            ("739", .cardSecurityCode, .inputEvent, "typed into a card security code field"),
            ("4000 0566 5566 5556", .cardNumber, .recorderData, "the recorder's own data (plugin)"),
            ("GB82 WEST 1234 5698 7654 32", .iban, .domMutation, "the page's text"),
        ]
        for (value, dataClass, channel, place) in expected {
            let found = try #require(Self.finding(audit, value), "\(value) not found")
            #expect(found.0.dataClass == dataClass, "\(value)")
            #expect(found.0.channel == channel, "\(value): \(found.0.channel)")
            #expect(found.0.grade == .full, "\(value)")
            #expect(found.1.hasSuffix(place), "\(value): \(found.1)")
            // Every finding points into the recording: the event that carried it.
            #expect(found.0.source?.file == "bank-session.json" && (found.0.source?.line ?? 0) >= 1)
            #expect(!found.0.evidence.contains(value), "\(value) in the evidence")
        }
        // The prefix typed first is part of the card number, not a value of its own.
        #expect(!audit.analysis.scenario.items.contains { $0.value == "1234" })
        #expect(audit.analysis.profiles[0].run.profile == "recorded")
        #expect(audit.masked == 1, "the password arrived masked")
        let vectors = Dictionary(uniqueKeysWithValues: audit.vectors.map { ($0.vector, $0) })
        for vector in [
            "hidden input", "HTML comment", "data-* attribute",
            "free-text attribute (title, aria-label, placeholder, alt)",
            "URL query or fragment", "iframe srcdoc", "frame's own document",
            "recorder data (console log, custom event)",
        ] {
            #expect((vectors[vector]?.holding ?? 0) >= 1, "\(vector): \(audit.vectors)")
        }
        // The audit trail says which vectors each event carried, and what arrived masked.
        let trail = audit.analysis.profiles[0].run.audit
        #expect(
            trail.contains {
                $0.event == .leak && $0.detail == "1 × hidden input crossed, 1 holding data found as sensitive"
            })
        #expect(trail.contains { $0.event == .mask && $0.detail == "1 value(s) arrived masked" })
        // A password the recorder masked is not a finding.
        #expect(audit.analysis.profiles[0].findings.allSatisfy { $0.dataClass != .password })
    }

    /// The same page from a recorder that masked every input and text, and blocked the frames (as Sentry's defaults
    /// do): the address still leaks its token, and attributes the masking does not cover still cross.
    @Test func whatAMaskingRecorderSentIsWhatTheAuditFinds() throws {
        let masked = Self.bankSession
            .replacingOccurrences(of: "\"text\":\"1234 5678 9012 3456\"", with: "\"text\":\"*******************\"")
            .replacingOccurrences(of: "\"text\":\"1234\"", with: "\"text\":\"****\"")
            .replacingOccurrences(of: "\"text\":\"739\"", with: "\"text\":\"***\"")
            .replacingOccurrences(
                of: "debug: session of lea.meier@example.ch", with: "****** ******* ** *******************")
        let audit = try Self.audit(masked)
        #expect(Self.finding(audit, "1234 5678 9012 3456") == nil)
        #expect(Self.finding(audit, "739") == nil)
        #expect(Self.finding(audit, "lea.meier@example.ch") == nil)
        // Once per value, not per keystroke: the card (typed in two events), the CVC and the password.
        #expect(audit.masked == 3)
        #expect(
            Self.finding(audit, "Zx81kQ2mP0aLr7Yt") != nil,
            "the reset token in the address is not masked by input masking")
        #expect(Self.finding(audit, "f3A9kLm2Qx7Rt5Zw") != nil, "nor is a hidden input's value")
    }

    @Test func theCheckoutFixtureIsAuditedDeterministically() throws {
        let first = try RRWebAuditor.audit(RRWebReader.read(file: RecordingFixtures.checkout), id: "checkout")
        let second = try RRWebAuditor.audit(RRWebReader.read(file: RecordingFixtures.checkout), id: "checkout")
        #expect(first.analysis.profiles[0].findings == second.analysis.profiles[0].findings)
        #expect(first.analysis.scenario.inputDigest.count == 64)
        #expect(first.kinds.reduce(0) { $0 + $1.count } == 42, "every event is accounted for")
        let classes = first.analysis.profiles[0].findings.compactMap(\.dataClass).map(\.rawValue)
        #expect(Set(classes) == ["secret", "email", "card-number", "one-time-code", "phone"], "\(classes)")
        #expect(first.blocked == 1 && first.masked == 1)
    }

    /// Found by review: a script that renames a field's label after the snapshot, and a cross-origin frame whose
    /// address rrweb keeps in `rr_src`; both hid what crossed.
    @Test func aRelabelledFieldAndACrossOriginFrameAreRead() throws {
        let events = """
            [{"type":4,"data":{"href":"https://shop.example/pay","width":800,"height":600},"timestamp":1000},
             {"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},
              "childNodes":[{"type":2,"id":3,"tagName":"body","attributes":{},"childNodes":[
               {"type":2,"id":4,"tagName":"label","attributes":{"for":"f"},"childNodes":[{"type":3,"id":5,"textContent":"Reference"}]},
               {"type":2,"id":6,"tagName":"input","attributes":{"id":"f","name":"f2","type":"text"},"childNodes":[]},
               {"type":2,"id":7,"tagName":"iframe","attributes":{"rr_src":"https://pay.example/frame?session_token=Zk81xQ2mP0aLr7Yt"},"childNodes":[]}]}]}]}},"timestamp":1001},
             {"type":3,"data":{"source":0,"texts":[{"id":5,"value":"Security code (CVC)"}],"attributes":[],"removes":[],"adds":[]},"timestamp":1500},
             {"type":3,"data":{"source":5,"id":6,"text":"739","isChecked":false},"timestamp":2000}]
            """
        let audit = try Self.audit(events)
        let cvc = try #require(Self.finding(audit, "739"), "the relabelled field's value")
        #expect(cvc.0.dataClass == .cardSecurityCode && cvc.0.channel == .inputEvent)
        let token = try #require(Self.finding(audit, "Zk81xQ2mP0aLr7Yt"), "the frame's address")
        #expect(token.0.dataClass == .secret && token.0.channel == .domSnapshot)
        // The typing is a typing step, not a click (rrweb writes isChecked on every input).
        #expect(audit.analysis.scenario.steps.contains { if case .type = $0.action { true } else { false } })
    }

    @Test func aSecretsNameIsReadWordByWord() {
        #expect(SecretNames.isSecret("csrf_token"))
        #expect(SecretNames.isSecret("data-session-id"))
        #expect(SecretNames.isSecret("resetToken"))
        #expect(SecretNames.isSecret("X-API-Key"))
        #expect(!SecretNames.isSecret("keyboard"))
        #expect(!SecretNames.isSecret("monkey"))
        #expect(!SecretNames.isSecret("lang"))
        // Found by review: ordinary names that hold a word a secret's name may hold.
        #expect(!SecretNames.isSecret("promo_code"))
        #expect(!SecretNames.isSecret("data-key"))
        #expect(SecretNames.isSecret("verification_code"))
        #expect(SecretNames.isSecret("key"))
        #expect(SecretNames.looksLikeToken("f3A9kLm2Qx7Rt5Zw"))
        #expect(!SecretNames.looksLikeToken("enabled"))
        #expect(!SecretNames.looksLikeToken("checkout"))
    }
}
