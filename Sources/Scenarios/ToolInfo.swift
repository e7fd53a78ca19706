/// Facts about this build of SupportScope that every report and command shares.
public enum ToolInfo {
    /// The tool's semantic version, printed by `supportscope --version` and written into reports.
    public static let version = "0.1.0"

    /// The folder the main job reads scenarios from when no path is given.
    public static let defaultScenariosFolder = "Scenarios"
}
