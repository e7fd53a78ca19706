import Foundation
import Testing

@testable import Scenarios

/// Placeholders are filled in everywhere a value can go — a tab's or a navigation's URL, a frame's URL, a file's
/// name — and an item written out literally in a page is not reported as never planted.
@Suite("Placeholders in URLs and file names")
struct PlaceholderPlacesTests {
    static let page = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Reset your password</title></head>
        <body>
          <form id="reset" action="/reset" method="post">
            <input type="hidden" name="token" value="{{reset.token}}">
            <p>Signed in as <span id="email">maria.keller@example.org</span></p>
            <label for="new-password">New password</label>
            <input id="new-password" name="password" type="password" autocomplete="new-password">
            <button type="submit" id="save">Save</button>
          </form>
          <iframe id="help" title="Help"></iframe>
        </body>
        </html>
        """

    /// A scenario of the reset page in one tab at `url` (with `frames`), the reset token and `items` planted, and
    /// `files` and `steps`.
    static func scenario(
        items: String, url: String, frames: String = "", files: String = "", steps: String = ""
    ) throws -> ScenarioLoadResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("placeholders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("pages"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try page.write(to: folder.appendingPathComponent("pages/reset.html"), atomically: true, encoding: .utf8)
        try "<p>Help</p>".write(to: folder.appendingPathComponent("pages/help.html"), atomically: true, encoding: .utf8)
        let yaml = """
            id: password-reset
            title: Password reset link
            summary: The customer opens a reset link whose token is in the URL.
            items:
              - id: reset.token
                class: secret
                value: "rst_9f2c1e7a5b3d4c6e8f0a"
            \(items)
            world:
              windows:
                - id: browser
                  app: Firefox
                  title: Reset
                  tabs:
                    - id: mail
                      url: "\(url)"
                      page: pages/reset.html
            \(frames)
            \(files)
            steps:
              - session: start
            \(steps)
            """
        try yaml.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        return ScenarioLoader().load(folder: folder.path)
    }

    @Test func urlsFramesAndFileNamesAreFilledIn() throws {
        let result = try Self.scenario(
            items: """
                  - id: customer.name
                    class: other
                    impact: medium
                    value: "Maria Keller"
                """,
            url: "https://shop.example.ch/reset?token={{reset.token}}",
            frames: """
                          frames:
                            - selector: "#help"
                              url: "https://help.example.ch/?for={{customer.name}}"
                              page: pages/help.html
                """,
            files: """
                  files:
                    - path: "~/Downloads/Invoice {{customer.name}}.pdf"
                      content: "Invoice"
                """,
            steps: """
                  - customer: navigate
                    url: "https://shop.example.ch/reset?token={{reset.token}}&again=1"
                    page: pages/reset.html
                  - customer: open-file
                    path: "~/Downloads/Invoice {{customer.name}}.pdf"
                """)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.rendered))")
        let scenario = try #require(result.scenario)
        let tab = try #require(scenario.world.windows.first?.tabs.first)
        #expect(tab.url == "https://shop.example.ch/reset?token=rst_9f2c1e7a5b3d4c6e8f0a")
        #expect(tab.frames.first?.url == "https://help.example.ch/?for=Maria Keller")
        #expect(scenario.world.files.map(\.path) == ["~/Downloads/Invoice Maria Keller.pdf"])
        #expect(!"\(scenario.steps)".contains("{{"), "no placeholder is left in a step")
        #expect(!result.diagnostics.contains { $0.message.contains("never planted") })
    }

    @Test func anItemWrittenOutInAPageIsNotNeverPlanted() throws {
        let result = try Self.scenario(
            items: """
                  - id: customer.email
                    class: email
                    value: "maria.keller@example.org"
                  - id: customer.phone
                    class: phone
                    value: "+41 44 668 18 00"
                """,
            url: "https://shop.example.ch/reset")
        let warnings = result.diagnostics.filter { $0.message.contains("never planted") }
        #expect(warnings.count == 1, "\(warnings.map(\.rendered))")
        #expect(warnings.first?.message.contains("'customer.phone'") == true, "the phone appears nowhere")
    }
}

/// A navigation warning never names an origin that holds a planted value (written out in the host: a placeholder
/// cannot stand there, since a URL is checked before placeholders are filled in).
@Suite("The navigation warning and planted values")
struct NavigationWarningTests {
    @Test func anOriginHoldingAPlantedValueIsNotNamed() throws {
        let result = try PlaceholderPlacesTests.scenario(
            items: """
                  - id: customer.name
                    class: other
                    impact: medium
                    value: "maria-keller"
                """,
            url: "https://shop.example.ch/reset",
            steps: """
                  - customer: navigate
                    url: "https://maria-keller.accounts.example/welcome"
                    page: pages/help.html
                  - customer: click
                    selector: "#new-password"
                """)
        let warning = try #require(
            result.diagnostics.first { $0.message.contains("this navigation leaves") }, "\(result.diagnostics)")
        #expect(warning.message.contains("for another one") && !warning.message.contains("maria"), "\(warning.message)")
    }
}
