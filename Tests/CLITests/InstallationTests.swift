import Foundation
import Testing

/// An installed or copied `supportscope` finds its resources or says what is missing: never Foundation's
/// "could not load resource bundle" crash.
@Suite("Installing the binary", .serialized)
struct InstallationTests {
    static let products = CLI.executable.deletingLastPathComponent()
    static let fixture = CLI.packageRoot.appendingPathComponent(
        "Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help"
    )
    .path
    /// The variable that points at resources, cleared so the test sees what a user's shell gives.
    static let clean = ["SUPPORTSCOPE_RESOURCES": ""]

    @Test func aBinaryCopiedAwayFromItsResourcesSaysSoAndExitsTwo() throws {
        let folder = ScenarioCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = folder.appendingPathComponent("supportscope")
        try FileManager.default.copyItem(at: CLI.executable, to: binary)
        let result = try CLI.run(["models"], environment: Self.clean, binary: binary)
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "this installation of supportscope lacks its resources (SupportScope_Fields.resources"))
        #expect(result.stderr.contains("bash scripts/install"))
        #expect(!result.stderr.contains("Fatal error"))
        // Help and the version need nothing.
        #expect(try CLI.run(["--version"], environment: Self.clean, binary: binary).status == 0)
        // Pointed at a folder that holds them, the same binary runs.
        let pointed = try CLI.run(
            ["models"], environment: ["SUPPORTSCOPE_RESOURCES": Self.products.path], binary: binary)
        #expect(pointed.status == 0, "\(pointed.stderr)")
    }

    /// `scripts/install` as the README gives it (from an existing build, so the test does not build again): the
    /// installed command runs a scenario, scaffolds one from a template and validates it, from another folder.
    @Test func theInstallScriptGivesACommandThatRunsAnywhere() throws {
        let folder = ScenarioCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let prefix = folder.appendingPathComponent("prefix")
        let install = try PythonCheck.execute([
            "bash", CLI.packageRoot.appendingPathComponent("scripts/install").path, "--prefix", prefix.path, "--from",
            Self.products.path,
        ])
        #expect(install.status == 0, "\(install.stderr)")
        let installed = prefix.appendingPathComponent("bin/supportscope")
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(
            ["run", Self.fixture, "--out", out.path, "--quiet"], in: folder, environment: Self.clean, binary: installed)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("index.html").path))
        let scenario = folder.appendingPathComponent("mine").path
        let created = try CLI.run(
            ["init", scenario, "--template", "blank"], in: folder, environment: Self.clean, binary: installed)
        #expect(created.status == 0, "\(created.stderr)")
        let validated = try CLI.run(
            ["validate", "--strict", scenario], in: folder, environment: Self.clean, binary: installed)
        #expect(validated.status == 0, "\(validated.stderr)")

        // A binary copied into bin/ rather than linked finds the resources in ../lib/supportscope.
        let copied = folder.appendingPathComponent("prefix/bin/supportscope-copy")
        try FileManager.default.copyItem(at: prefix.appendingPathComponent("lib/supportscope/supportscope"), to: copied)
        let models = try CLI.run(["models"], environment: Self.clean, binary: copied)
        #expect(models.status == 0, "\(models.stderr)")
        #expect(models.stdout.contains("cobrowse-standard  [cobrowse]  built-in"))
    }

    @Test func theInstallScriptRefusesAFolderWithoutABuild() throws {
        let folder = ScenarioCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let install = try PythonCheck.execute([
            "bash", CLI.packageRoot.appendingPathComponent("scripts/install").path, "--prefix",
            folder.appendingPathComponent("prefix").path, "--from", folder.path,
        ])
        #expect(install.status == 2)
        #expect(install.stderr.contains("install: no supportscope binary in \(folder.path)"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("prefix").path))
    }
}
