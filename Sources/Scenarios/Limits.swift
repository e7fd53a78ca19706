/// Every input budget in one place: docs/LIMITS.md documents this table and the benchmark that measures each row's
/// worst case (≤ 10 s and ≤ 1 GB on a 2-core machine). A budget that is reached is a positioned error, never a silent cut.
public enum Limits {
    /// The largest `scenario.yaml`, profile or policy file.
    public static let yamlFileBytes = 1 << 20
    /// The largest page or other file a scenario references.
    public static let fileBytes = 8 << 20
    /// The largest page or text value after its placeholders are filled in.
    public static let expandedValueBytes = 8 << 20
    /// All placeholder output of one scenario together (pages, texts, window contents).
    public static let expandedScenarioBytes = 32 << 20
    /// Diagnostics kept per file; the rest are counted in one closing line.
    public static let diagnosticsPerFile = 200
    /// Characters of a source line shown around a diagnostic's column.
    public static let sourceWindow = 120
    /// The longest planted value.
    public static let plantedValueCharacters = 1_024
    /// Characters one `type` step may type (each one is a wire event under co-browsing).
    public static let typedCharactersPerStep = 4_096
    /// Attributes on one element (libxml2's duplicate check is quadratic in them).
    public static let attributesPerElement = 1_000
    /// Elements in one page.
    public static let elementsPerPage = 200_000
    /// Steps in one scenario (every model replays each, and each may send a snapshot).
    public static let stepsPerScenario = 10_000
    /// Notifications and windows in one scenario (each is drawn on every screen frame).
    public static let notificationsPerScenario = 500
    public static let windowsPerScenario = 200
}
