/// The scenario format (`scenario.yaml`), described once.
///
/// Over 300 lines because it is data: every key and action with its type and documentation, the one source the
/// loader, the JSON Schema and docs/FORMAT.md are made from.
public enum ScenarioFormat {
    /// The actors a step can have, in documentation order.
    public static let actors = ["customer", "agent", "system", "session"]

    // MARK: Shared fields

    private static let selector = FieldSchema(
        "selector", .selector, required: true,
        "CSS selector of the element acted on, in the tab's current page.", example: "'#card-number'")
    private static let tab = FieldSchema(
        "tab", .identifier,
        default: "the active tab", "The browser tab the selector applies to.", example: "shop")
    private static let typedText = FieldSchema(
        "text", .text, required: true,
        "The text typed; use placeholders for planted items.", example: "'{{card.number}}'")
    private static let scrollSelector = FieldSchema(
        "selector", .selector,
        "Scroll until this element is in view.", example: "'#payment'")
    private static let scrollY = FieldSchema(
        "y", .integer(0...10_000_000),
        "Scroll to this vertical offset in CSS pixels.", example: "1200")

    // MARK: Objects

    static let size = ObjectSchema(
        name: "size", summary: "A size in CSS pixels.",
        fields: [
            FieldSchema("width", .integer(1...100_000), required: true, "Width in pixels.", example: "1920"),
            FieldSchema("height", .integer(1...100_000), required: true, "Height in pixels.", example: "1080"),
        ])

    static let bounds = ObjectSchema(
        name: "bounds", summary: "A window's position and size on the screen, in pixels.",
        fields: [
            FieldSchema("x", .integer(-100_000...100_000), required: true, "Left edge.", example: "0"),
            FieldSchema("y", .integer(-100_000...100_000), required: true, "Top edge.", example: "0"),
            FieldSchema("width", .integer(1...100_000), required: true, "Width.", example: "1280"),
            FieldSchema("height", .integer(1...100_000), required: true, "Height.", example: "800"),
        ])

    static let frame = ObjectSchema(
        name: "frame",
        summary: "A frame inside a page, usually from another origin (a payment provider's hosted card fields).",
        fields: [
            FieldSchema(
                "selector", .selector, required: true, "The `<iframe>` element in the tab's page.",
                example: "'iframe#payment-frame'"),
            FieldSchema(
                "url", .url, required: true, "The frame's URL; its origin decides what co-browsing may mirror.",
                example: "https://pay.example-psp.com/fields"),
            FieldSchema(
                "page", .path, required: true, "The frame's HTML page in the scenario folder.",
                example: "pages/psp-fields.html"),
        ])

    static let tabSchema = ObjectSchema(
        name: "tab", summary: "A browser tab.",
        fields: [
            FieldSchema(
                "id", .identifier, required: true, "Unique among all tabs; steps refer to it.", example: "shop"),
            FieldSchema(
                "url", .url, required: true, "The tab's URL at the start.", example: "https://shop.example.ch/checkout"),
            FieldSchema(
                "page", .path, required: true, "The HTML page the tab shows at the start.",
                example: "pages/checkout.html"),
            FieldSchema(
                "frames", .list(.object(frame)), default: "none", "Frames inside the page.",
                example: "[{selector: '#psp', url: 'https://psp.example', page: pages/psp.html}]"),
        ])

    static let window = ObjectSchema(
        name: "window", summary: "A window on the customer's screen: a browser (with `tabs`) or any other application.",
        fields: [
            FieldSchema(
                "id", .identifier, required: true, "Unique among windows; steps refer to it.", example: "browser"),
            FieldSchema("app", .text, required: true, "The application.", example: "Firefox"),
            FieldSchema("title", .text, required: true, "The title bar text.", example: "Kasse – Alpenblick"),
            FieldSchema(
                "bounds", .object(bounds), default: "the whole screen", "Position and size.",
                example: "{x: 0, y: 0, width: 1280, height: 800}"),
            FieldSchema(
                "z", .integer(0...1_000), default: "its position in the list", "Stacking order: higher is in front.",
                example: "2"),
            FieldSchema("minimized", .boolean, default: "false", "A minimised window shows nothing.", example: "false"),
            FieldSchema(
                "text", .text, default: "none", "What the window shows, for non-browser windows (a mail, a chat).",
                example: "'Your new PIN is {{pin}}'"),
            FieldSchema(
                "file", .text, default: "none",
                "The path of a file from `world.files` the window shows (a PDF viewer).",
                example: "~/Documents/Steuern/2025.pdf"),
            FieldSchema(
                "tabs", .list(.object(tabSchema)), default: "none (not a browser)",
                "The browser's tabs; the first is active.",
                example: "[{id: shop, url: 'https://shop.example.ch', page: pages/shop.html}]"),
        ])

    static let file = ObjectSchema(
        name: "file", summary: "A file on the customer's disk. Give exactly one of `content` and `source`.",
        fields: [
            FieldSchema(
                "path", .text, required: true, "Where the file lives on the customer's machine; unique.",
                example: "~/Documents/Steuern/2025.pdf"),
            FieldSchema("content", .text, "The file's text.", example: "'IBAN: {{iban}}'"),
            FieldSchema(
                "source", .path, "A file in the scenario folder holding the content.", example: "files/tax-return.txt"),
            FieldSchema(
                "size", .integer(0...Int(Int32.max)), default: "the content's length", "The size to report, in bytes.",
                example: "48213"),
        ])

    static let credential = ObjectSchema(
        name: "credential", summary: "A login saved in the browser's password manager.",
        fields: [
            FieldSchema(
                "site", .url, required: true, "The site the login belongs to.", example: "https://bank.example.ch"),
            FieldSchema("username", .text, required: true, "The saved user name.", example: "lea.meier"),
            FieldSchema(
                "password", .text, required: true, "The saved password; use a placeholder.",
                example: "'{{bank.password}}'"),
        ])

    static let world = ObjectSchema(
        name: "world", summary: "The customer's machine when the session starts.",
        fields: [
            FieldSchema(
                "screen", .object(size), default: "1920 × 1080", "The screen size.",
                example: "{width: 1920, height: 1080}"),
            FieldSchema("windows", .list(.object(window)), required: true, "The open windows.", example: "see window"),
            FieldSchema("files", .list(.object(file)), default: "none", "Files on disk.", example: "see file"),
            FieldSchema("clipboard", .text, default: "empty", "The clipboard's text.", example: "'{{iban}}'"),
            FieldSchema(
                "credentials", .list(.object(credential)), default: "none", "Saved passwords.",
                example: "see credential"),
        ])

    static let item = ObjectSchema(
        name: "item", summary: "A planted sensitive value. Pages, files, windows and steps refer to it as `{{id}}`.",
        fields: [
            FieldSchema("id", .identifier, required: true, "Unique; the placeholder's name.", example: "card.number"),
            FieldSchema(
                "class", .choice(DataClass.allCases.map(\.rawValue)), required: true,
                "The data class; it sets the default impact.", example: "card-number"),
            FieldSchema(
                "value", .text, required: true, "The value; it must pass its class's checks (Luhn, IBAN mod-97, ...).",
                example: "'4111 1111 1111 1111'"),
            FieldSchema(
                "impact", .choice(Impact.allCases.map(\.rawValue)), default: "the class's impact",
                "How much harm its exposure does (see docs/SCORING.md); required for class `other`.", example: "high"),
            FieldSchema("label", .text, default: "none", "A human name for reports.", example: "Lea's Visa card"),
        ])

    static let expectation = ObjectSchema(
        name: "expectation", summary: "What must hold under one or more profiles; a failed expectation fails the run.",
        fields: [
            FieldSchema(
                "profile", .identifierOrList, required: true, "The profile (or list of profiles) this applies to.",
                example: "cobrowse-standard"),
            FieldSchema(
                "policy", .identifierOrList, default: "every policy",
                "The policy (or policies, by name) under which this is checked; under any other it is listed as not checked. `default` is the built-in policy (no --policy).",
                example: "default"),
            FieldSchema(
                "observed", .list(.identifier), default: "none", "Items the agent must receive.", example: "[email]"),
            FieldSchema(
                "not-observed", .list(.identifier), default: "none", "Items the agent must never receive.",
                example: "[card.number, card.cvc]"),
            FieldSchema(
                "reachable", .list(.identifier), default: "none", "Items the agent must be able to obtain.",
                example: "[tax.iban]"),
            FieldSchema(
                "not-reachable", .list(.identifier), default: "none", "Items the agent must not be able to obtain.",
                example: "[tax.iban]"),
            FieldSchema(
                "retained", .list(.identifier), default: "none", "Items that must survive the session.",
                example: "[email]"),
            FieldSchema(
                "not-retained", .list(.identifier), default: "none", "Items that must not survive the session.",
                example: "[card.number]"),
            FieldSchema(
                "refused", .list(.identifier), default: "none", "Agent steps (by step id) that must be refused.",
                example: "[agent-buys]"),
            FieldSchema(
                "allowed", .list(.identifier), default: "none", "Agent steps (by step id) that must be allowed.",
                example: "[agent-scrolls]"),
        ])

    static let policy = ObjectSchema(
        name: "policy",
        summary:
            "Additions to the organisation's co-browsing policy for this scenario; they can add rules, never remove them.",
        fields: [
            FieldSchema(
                "mask", .list(.selector), default: "none", "Extra selectors whose content is masked.",
                example: "['.loyalty-number']"),
            FieldSchema(
                "block", .list(.selector), default: "none", "Extra selectors the agent may not act on.",
                example: "['#delete-account']"),
        ])

    /// The keys every step may carry besides its actor key.
    public static let commonStepFields: [FieldSchema] = [
        FieldSchema(
            "id", .identifier, default: "none", "Names the step for expectations (`refused`, `allowed`).",
            example: "agent-buys"),
        FieldSchema(
            "at", .duration, default: "after the previous step", "Time offset from the session start.", example: "12s"),
        FieldSchema(
            "note", .text, default: "none", "A comment shown in reports and `explain`.",
            example: "The agent tries to complete the purchase."),
    ]

    /// Every action, by actor.
    public static let actions: [ActionSchema] = [
        ActionSchema(
            "customer", .navigate, "Loads another page in a tab.",
            [
                FieldSchema("url", .url, required: true, "The new URL.", example: "https://shop.example.ch/pay"),
                FieldSchema("page", .path, required: true, "The page shown.", example: "pages/pay.html"), tab,
            ]),
        ActionSchema(
            "customer", .type, "Types text into a field; the live DOM's value changes keystroke by keystroke.",
            [selector, typedText, tab]),
        ActionSchema(
            "customer", .select, "Chooses an option of a `<select>`.",
            [
                selector, FieldSchema("value", .text, required: true, "The option's value.", example: "CH"), tab,
            ]),
        ActionSchema("customer", .click, "Clicks an element.", [selector, tab]),
        ActionSchema(
            "customer", .revealPassword, "Uses a \"show password\" toggle: the field's type becomes text.",
            [selector, tab]),
        ActionSchema(
            "customer", .switchTab, "Makes another tab active.",
            [
                FieldSchema("tab", .identifier, required: true, "The tab.", example: "bank")
            ]),
        ActionSchema(
            "customer", .switchWindow, "Brings a window to the front.",
            [
                FieldSchema("window", .identifier, required: true, "The window.", example: "mail")
            ]),
        ActionSchema(
            "customer", .openFile, "Opens a file from disk in a window.",
            [
                FieldSchema(
                    "path", .text, required: true, "A path from `world.files`.", example: "~/Documents/Steuern/2025.pdf"
                ),
                FieldSchema(
                    "window", .identifier, default: "a new viewer window", "The window that shows it.",
                    example: "viewer"),
            ]),
        ActionSchema(
            "customer", .copy, "Copies text to the clipboard.",
            [
                FieldSchema("text", .text, required: true, "The text.", example: "'{{iban}}'")
            ]),
        ActionSchema(
            "customer", .scroll, "Scrolls the active tab.", [scrollSelector, scrollY, tab],
            exactlyOneOf: [["selector", "y"]]),
        ActionSchema("agent", .requestControl, "Asks the customer for control.", []),
        ActionSchema("agent", .click, "Clicks an element on the shared page.", [selector, tab]),
        ActionSchema("agent", .type, "Types into a field on the shared page.", [selector, typedText, tab]),
        ActionSchema(
            "agent", .select, "Chooses an option on the shared page.",
            [
                selector, FieldSchema("value", .text, required: true, "The option's value.", example: "CH"), tab,
            ]),
        ActionSchema(
            "agent", .navigate, "Loads another page in the shared tab.",
            [
                FieldSchema("url", .url, required: true, "The new URL.", example: "https://shop.example.ch/help"),
                FieldSchema("page", .path, required: true, "The page shown.", example: "pages/help.html"), tab,
            ]),
        ActionSchema(
            "agent", .scroll, "Scrolls the shared page.", [scrollSelector, scrollY, tab],
            exactlyOneOf: [["selector", "y"]]),
        ActionSchema(
            "agent", .openFile, "Tries to open a file on the customer's machine.",
            [
                FieldSchema(
                    "path", .text, required: true, "A path from `world.files`.", example: "~/Documents/Steuern/2025.pdf"
                )
            ]),
        ActionSchema("agent", .readClipboard, "Tries to read the customer's clipboard.", []),
        ActionSchema(
            "agent", .transferFile, "Tries to copy a file between the machines.",
            [
                FieldSchema(
                    "path", .text, required: true, "A path from `world.files`.", example: "~/Documents/Steuern/2025.pdf"
                ),
                FieldSchema(
                    "direction", .choice(["to-agent", "to-customer"]), default: "to-agent", "Which way.",
                    example: "to-agent"),
            ]),
        ActionSchema(
            "agent", .switchTab, "Tries to look at another tab.",
            [
                FieldSchema("tab", .identifier, required: true, "The tab.", example: "bank")
            ]),
        ActionSchema(
            "system", .notification, "A notification appears on the customer's screen.",
            [
                FieldSchema("app", .text, required: true, "The sending app.", example: "Messages"),
                FieldSchema("title", .text, default: "none", "The notification's title.", example: "PostFinance"),
                FieldSchema(
                    "text", .text, required: true, "The notification's text.", example: "'Your code is {{otp}}'"),
                FieldSchema("duration", .duration, default: "5s", "How long it stays.", example: "8s"),
            ]),
        ActionSchema(
            "system", .pageChange,
            "The page changes by itself (a script): one of `text`, `html`, `attributes` or `remove`.",
            [
                selector,
                FieldSchema("text", .text, "Replaces the element's text.", example: "'Card {{card.number}} saved'"),
                FieldSchema(
                    "html", .text, "Replaces the element's content with this HTML.",
                    example: "'<p class=alert>Saved</p>'"),
                FieldSchema("attributes", .stringMap, "Sets these attributes.", example: "{value: '{{iban}}'}"),
                FieldSchema("remove", .boolean, "Removes the element.", example: "true"),
                tab,
            ], exactlyOneOf: [["text", "html", "attributes", "remove"]]),
        ActionSchema(
            "system", .autofillPopup, "The browser offers autofill suggestions under a field.",
            [
                selector,
                FieldSchema(
                    "suggestions", .list(.text), required: true, "What the pop-up lists.",
                    example: "['{{card.number}}']"),
                tab,
            ]),
        ActionSchema("session", .start, "The support session starts.", []),
        ActionSchema("session", .grantControl, "The customer grants the agent control.", []),
        ActionSchema("session", .revokeControl, "The customer takes control back.", []),
        ActionSchema(
            "session", .escalate, "The session escalates to another mode.",
            [
                FieldSchema(
                    "to", .choice(["screen-share"]), default: "screen-share", "The mode escalated to.",
                    example: "screen-share")
            ]),
        ActionSchema("session", .end, "The session ends; retention applies.", []),
    ]

    /// The top-level mapping of `scenario.yaml`.
    public static let scenario = ObjectSchema(
        name: "scenario", summary: "A scripted support session.",
        fields: [
            FieldSchema(
                "id", .identifier, required: true, "Unique in the suite; used in finding ids.",
                example: "checkout-card-help"),
            FieldSchema(
                "title", .text, required: true, "A one-line title.", example: "Help with a card payment at checkout"),
            FieldSchema(
                "summary", .text, required: true, "What happens and why it matters.",
                example: "The customer asks for help…"),
            FieldSchema("domain", .text, default: "none", "The business domain.", example: "retail"),
            FieldSchema(
                "tags", .list(.identifier), default: "none", "Tags for filtering.", example: "[pci, black-friday]"),
            FieldSchema(
                "references", .list(.text), default: "none", "Standards or articles the scenario illustrates.",
                example: "['PCI DSS 3.4.1']"),
            FieldSchema(
                "items", .list(.object(item)), required: true, "The planted sensitive values.", example: "see item"),
            FieldSchema(
                "world", .object(world), required: true, "The customer's machine at the start.", example: "see world"),
            FieldSchema("steps", .list(.step), required: true, "What happens, in order.", example: "see steps"),
            FieldSchema(
                "expectations", .list(.object(expectation)), default: "none", "What must hold per profile.",
                example: "see expectation"),
            FieldSchema(
                "policy", .object(policy), default: "none", "Co-browsing policy additions.", example: "see policy"),
        ])

    /// Every mapping of the format, for documentation and the JSON Schema.
    public static let objects: [ObjectSchema] = [
        scenario, item, world, size, window, bounds, tabSchema, frame, file, credential, expectation, policy,
    ]

    /// The action schema for an actor and action name.
    public static func action(_ actor: String, _ name: String) -> ActionSchema? {
        actions.first { $0.actor == actor && $0.name == name }
    }

    /// The profile names expectations may name until profiles are loaded from data.
    public static let knownProfiles: [String] = [
        "cobrowse-naive", "cobrowse-basic", "cobrowse-standard", "cobrowse-strict",
        "screenshare-fullscreen", "screenshare-window", "screenshare-dnd", "screenshare-control",
        "remote-desktop-attended", "remote-desktop-restricted", "remote-desktop-unattended",
    ]
}
