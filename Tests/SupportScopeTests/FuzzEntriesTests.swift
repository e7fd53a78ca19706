import Foundation
import FuzzEntries
import Testing

/// The fuzzer's entries stay working between fuzzing runs: each takes real inputs and hostile ones and returns.
@Suite("Fuzz entries")
struct FuzzEntriesTests {
    static let inputs: [String: [String]] = [
        "scenario": [
            try! String(contentsOfFile: Fixtures.folder("cobrowse/split-fields") + "/scenario.yaml", encoding: .utf8),
            "a0: &a0 [x]\r\n? *a0\r\n: 1\r\n", "id: [\n", "",
        ],
        "policy": ["mask: ['.balance']\nblock: ['#pay']\nminimum-privacy: strict\n", "mask: [[[[", "\u{0}"],
        "cobrowse": [
            "<form><label>Card</label><input name=cc autocomplete=cc-number value='4111 1111 1111 1111'></form>",
            "<p title=\"a\u{0}b\">x</p><iframe srcdoc='<b>1</b>'></iframe>", "<<<>>>",
        ],
        "selector": ["form input[autocomplete^=\"cc-\" i]", "x ~ * ~ * ~ *", ":not(:not(:not(", "\\"],
        "detectors": ["IBAN CH93 0076 2011 6238 5295 7", "4000\u{200B}0566 5566 5556", "\\34\\30", "٤٠٠٠"],
        "shard": ["{}", "{\"format\":1}", "not json"],
        "baseline": [
            "{\"tool\": \"supportscope\", \"runId\": \"0\", \"scenarios\": [{\"id\": \"a\", \"runs\": [{\"profile\": "
                + "\"p\", \"findings\": [{\"id\": \"SS-0123456789abcdef\", \"scenario\": \"a\", \"profile\": \"p\", "
                + "\"kind\": \"observed\", \"severity\": \"high\", \"source\": {\"file\": \"x\", \"line\": 1e300}}]}]}]}",
            String(repeating: "[", count: 100_000), "{\"a\": \"\\ud800\"}", "\u{FEFF}{}",
        ],
        "recording": [
            try! String(
                contentsOfFile: Fixtures.folder("../../RecordingsTests/Fixtures") + "/checkout-session.json",
                encoding: .utf8),
            "[{\"type\":2,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[{\"type\":2,\"id\":1}]}}}]",
            String(repeating: "[", count: 100_000), "{\"events\": 3}", "[{\"type\":3,\"data\":\"eJwL\"}]",
        ],
    ]

    @Test(arguments: FuzzEntries.all.keys.sorted())
    func eachEntryReturnsOnRealAndHostileInput(_ name: String) throws {
        let entry = try #require(FuzzEntries.all[name])
        let inputs = try #require(Self.inputs[name], "no inputs for \(name)")
        for input in inputs { entry(Array(input.utf8)) }
    }
}
