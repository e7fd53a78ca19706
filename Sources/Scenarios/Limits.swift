import Markup

/// Every input budget in one place: docs/LIMITS.md documents this table and the benchmark that measures each row's
/// worst case (≤ 10 s and ≤ 1 GB on a 2-core machine). A budget that is reached is a positioned error, never a silent cut.
public enum Limits {
    /// The largest `scenario.yaml`, profile or policy file.
    public static let yamlFileBytes = 1 << 20
    /// The largest page or other file a scenario references: a page of 2 MiB dense with card fields is replayed,
    /// analysed and reported under the three default profiles in about 8 s (docs/LIMITS.md).
    public static let fileBytes = 2 << 20
    /// The largest page or text value after its placeholders are filled in.
    public static let expandedValueBytes = 2 << 20
    /// All placeholder output of one scenario together (pages, texts, window contents).
    public static let expandedScenarioBytes = 8 << 20
    /// Diagnostics kept per file; the rest are counted in one closing line.
    public static let diagnosticsPerFile = 200
    /// Characters of a source line shown around a diagnostic's column.
    public static let sourceWindow = 120
    /// The longest planted value (a 24-word recovery phrase is about 170 characters): the tracer walks a value's
    /// length at each place it may start.
    public static let plantedValueCharacters = 256
    /// Characters one `type` step may type (each one is a wire event under co-browsing).
    public static let typedCharactersPerStep = 4_096
    /// Attributes on one element (libxml2's duplicate check is quadratic in them): Markup's own budget, checked
    /// before libxml2 parses a page.
    public static let attributesPerElement = Document.maximumAttributesPerElement
    /// Steps in one scenario (every model replays each, and each may send a snapshot).
    public static let stepsPerScenario = 10_000
    /// Notifications and windows in one scenario (each is drawn on every screen frame).
    public static let notificationsPerScenario = 500
    public static let windowsPerScenario = 200
}
