import SupportScope

/// Namespace of the report writers (XML, HTML, JSON); the writers themselves arrive with the report work.
public enum Reporting {
    /// The version stamped into every report, the tool's own.
    public static var toolVersion: String { ToolInfo.version }
}
