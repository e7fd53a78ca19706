import SupportScope
import Testing

@Suite("Tool information")
struct ToolInfoTests {
    @Test func versionIsSemantic() {
        let parts = ToolInfo.version.split(separator: ".")
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { Int($0) != nil })
    }

    @Test func defaultScenarioFolderIsTheShippedLibrary() {
        #expect(ToolInfo.defaultScenariosFolder == "Scenarios")
    }
}
