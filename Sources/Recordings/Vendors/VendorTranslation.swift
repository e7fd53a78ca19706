import Detectors
import Markup
import Scenarios
import Simulation

/// What an option of a vendor's file must be, and what the translation does with it.
struct OptionSpec: Sendable {
    let expected: Expected
    let role: Role

    enum Role: Sendable {
        /// Read by the vendor's translation below.
        case translated
        /// No equivalent in the mirror: noted whenever the file gives it.
        case noEquivalent(TranslationNote.Effect, String)
        /// No equivalent in the mirror: noted when the file sets it to `true` (`recordCanvas`).
        case noEquivalentWhenTrue(TranslationNote.Effect, String)
        /// Changes nothing the agent could receive; listed together in one note.
        case noEffect
    }

    static func translated(_ expected: Expected) -> OptionSpec { OptionSpec(expected: expected, role: .translated) }
    static let noEffect = OptionSpec(expected: .any, role: .noEffect)
    static func function(_ what: String) -> OptionSpec {
        OptionSpec(
            expected: .any,
            role: .noEquivalent(
                .unknown, "a function cannot be read from JSON; whatever \(what) is not in the profile"))
    }
    static func whenTrue(_ effect: TranslationNote.Effect, _ message: String) -> OptionSpec {
        OptionSpec(expected: .boolean, role: .noEquivalentWhenTrue(effect, message))
    }
    static func note(_ expected: Expected, _ effect: TranslationNote.Effect, _ message: String) -> OptionSpec {
        OptionSpec(expected: expected, role: .noEquivalent(effect, message))
    }
}

/// The options each vendor's file may hold.
enum VendorOptions {
    static func table(for vendor: ReplayVendor) -> [String: OptionSpec] {
        switch vendor {
        case .rrweb: rrweb
        case .posthog: posthog
        case .sentry: sentry
        case .highlight: highlight
        }
    }

    // Shared reasons.
    static let canvas =
        "canvas pixels are not modelled: the mirror sends no pixels, so what a canvas draws is not counted"
    static let images = "image and video pixels are not modelled: what an image shows is not counted"
    static let crossOriginFrames = "frames are never mirrored, so a frame's content is not counted"
    static let network =
        "network requests and responses are a channel the mirror does not have; what they carry is "
        + "not counted"

    /// rrweb 2.x `record()` options (packages/rrweb/src/types.ts, `recordOptions`).
    static let rrweb: [String: OptionSpec] = [
        "blockClass": .translated(.className),
        "blockSelector": .translated(.selector),
        "ignoreClass": .translated(.className),
        "ignoreSelector": .translated(.selector),
        "maskTextClass": .translated(.className),
        "maskTextSelector": .translated(.selector),
        "maskAllInputs": .translated(.boolean),
        "maskInputOptions": .translated(.flags),
        "slimDOMOptions": .translated(.slimDOM),
        "recordDOM": .translated(.boolean),
        "maskInputFn": .function("it masks in field values"),
        "maskTextFn": .function("it masks in text"),
        "plugins": .note(
            .any, .unknown,
            "plugins are code; a console-record plugin would also send console output, which the mirror does not have"),
        "ignoreCSSAttributes": .note(
            .strings, .showsMore, "style properties still cross: the mirror has no per-property filter"),
        "recordCanvas": .whenTrue(.showsLess, canvas),
        "inlineImages": .whenTrue(.showsLess, images),
        "recordCrossOriginIframes": .whenTrue(.showsLess, crossOriginFrames),
        "emit": .noEffect, "hooks": .noEffect, "packFn": .noEffect, "errorHandler": .noEffect,
        "keepIframeSrcFn": .noEffect, "sampling": .noEffect, "checkoutEveryNms": .noEffect,
        "checkoutEveryNth": .noEffect, "dataURLOptions": .noEffect, "inlineStylesheet": .noEffect,
        "collectFonts": .noEffect, "recordAfter": .noEffect, "userTriggeredOnInput": .noEffect,
        "mousemoveWait": .noEffect,
    ]

    /// posthog-js `session_recording` (packages/types/src/posthog-config.ts, `SessionRecordingOptions`). Of rrweb's
    /// options posthog-js passes on only those its recorder lists; it drops any other key, which TypeScript refuses
    /// too, so such a key is an unknown option here.
    static let posthog: [String: OptionSpec] = [
        "blockClass": .translated(.className),
        "blockSelector": .translated(.selector),
        "ignoreClass": .translated(.className),
        "maskTextClass": .translated(.className),
        "maskTextSelector": .translated(.selector),
        "maskAllInputs": .translated(.boolean),
        "maskInputOptions": .translated(.flags),
        "maskAllElementAttributes": .translated(.boolean),
        "slimDOMOptions": .translated(.slimDOM),
        "maskTextFn": .function("it masks in text"),
        "maskInputFn": .function("it masks in field values"),
        "maskAttributeFn": .function("it masks in attributes"),
        "attributeFilter": .note(
            .strings, .showsMore,
            "changes to attributes off this list are not recorded; the mirror sends every change"),
        "recordCrossOriginIframes": .whenTrue(.showsLess, crossOriginFrames),
        "recordHeaders": .whenTrue(.showsLess, network),
        "recordBody": .whenTrue(.showsLess, network),
        "captureCanvas": .note(.any, .showsLess, canvas),
        "canvasCapture": .note(.any, .showsLess, canvas),
        "collectFonts": .noEffect, "inlineStylesheet": .noEffect, "inlineStylesheetBudgetRules": .noEffect,
        "sampling": .noEffect, "streamNetworkBody": .noEffect, "maskCapturedNetworkRequestFn": .noEffect,
        "maskNetworkRequestFn": .noEffect, "full_snapshot_interval_millis": .noEffect,
        "trigger_pending_buffer_interval_millis": .noEffect, "compress_events": .noEffect,
        "session_idle_threshold_ms": .noEffect, "__mutationThrottlerRefillRate": .noEffect,
        "__mutationThrottlerBucketSize": .noEffect, "strictMinimumDuration": .noEffect, "sampleRate": .noEffect,
    ]

    /// Sentry `replayIntegration()` options (packages/replay-internal/src/types/replay.ts, `ReplayConfiguration`).
    static let sentry: [String: OptionSpec] = [
        "mask": .translated(.selectors),
        "unmask": .translated(.selectors),
        "block": .translated(.selectors),
        "unblock": .translated(.selectors),
        "ignore": .translated(.selectors),
        "maskAllText": .translated(.boolean),
        "maskAllInputs": .translated(.boolean),
        "blockAllMedia": .translated(.boolean),
        "maskAttributes": .translated(.strings),
        "networkDetailAllowUrls": .translated(.strings),
        "maskFn": .function("it masks in text and field values"),
        "beforeAddRecordingEvent": .function("it drops or changes in events"),
        "_experiments": .note(
            .any, .unknown, "experimental options are not translated (recordCrossOriginIframes: \(crossOriginFrames))"),
        "networkDetailDenyUrls": .noEffect, "networkCaptureBodies": .noEffect, "networkRequestHeaders": .noEffect,
        "networkResponseHeaders": .noEffect, "attachRawBodyFromRequest": .noEffect, "sessionSampleRate": .noEffect,
        "errorSampleRate": .noEffect, "stickySession": .noEffect, "flushMinDelay": .noEffect,
        "flushMaxDelay": .noEffect, "useCompression": .noEffect, "workerUrl": .noEffect,
        "mutationBreadcrumbLimit": .noEffect, "mutationLimit": .noEffect, "slowClickTimeout": .noEffect,
        "slowClickIgnoreSelectors": .noEffect, "minReplayDuration": .noEffect, "maxReplayDuration": .noEffect,
        "beforeErrorSampling": .noEffect, "onError": .noEffect,
    ]

    /// Highlight `H.init()` options (sdk/highlight-run/src/client/types/types.ts, `HighlightOptions`). Highlight
    /// fixes rrweb's class options itself (highlight-block, highlight-ignore, highlight-mask) and exposes no selector.
    static let highlight: [String: OptionSpec] = [
        "privacySetting": .translated(.choice(["strict", "default", "none"])),
        "disableSessionRecording": .translated(.boolean),
        "disableConsoleRecording": .translated(.boolean),
        "enableCanvasRecording": .whenTrue(.showsLess, canvas),
        "inlineImages": .whenTrue(.showsLess, images),
        "inlineVideos": .whenTrue(.showsLess, images),
        "recordCrossOriginIframe": .whenTrue(.showsLess, crossOriginFrames),
        "networkRecording": .note(.any, .showsLess, network),
        "disableNetworkRecording": .noEffect, "isCrossOriginIframe": .noEffect, "debug": .noEffect,
        "backendUrl": .noEffect, "tracingOrigins": .noEffect, "manualStart": .noEffect,
        "disableBackgroundRecording": .noEffect, "reportConsoleErrors": .noEffect, "consoleMethodsToRecord": .noEffect,
        "enableSegmentIntegration": .noEffect, "environment": .noEffect, "version": .noEffect,
        "serviceName": .noEffect, "enablePerformanceRecording": .noEffect, "enablePromisePatch": .noEffect,
        "samplingStrategy": .noEffect, "inlineStylesheet": .noEffect, "integrations": .noEffect,
        "sessionShortcut": .noEffect, "storageMode": .noEffect, "sessionCookie": .noEffect, "sendMode": .noEffect,
        "otlpEndpoint": .noEffect, "otel": .noEffect,
    ]

    // MARK: Defaults that are selectors

    /// Sentry's own classes and attributes, added after the user's (getPrivacyOptions.ts).
    static let sentryMask = [".sentry-mask", "[data-sentry-mask]"]
    static let sentryBlock = [".sentry-block", "[data-sentry-block]", "base", "iframe[srcdoc]:not([src])"]
    static let sentryIgnore = [".sentry-ignore", "[data-sentry-ignore]", "input[type=\"file\"]"]
    /// `blockAllMedia` (integration.ts, `MEDIA_SELECTORS`).
    static let sentryMedia = [
        "img", "image", "svg", "video", "object", "picture", "embed", "map", "audio", "link[rel=\"icon\"]",
        "link[rel=\"apple-touch-icon\"]",
    ]
    /// Inputs Sentry's rrweb masks whatever the options say, by their exact `autocomplete` value (`needMaskingText`).
    static let sentryAutocomplete = [
        "current-password", "new-password", "cc-number", "cc-exp", "cc-exp-month", "cc-exp-year", "cc-csc",
    ].map { "input[autocomplete=\"\($0)\"]" }
    /// Highlight's default-mode patterns, as the mirror's detectors read them (street addresses and bare 9–16 digit
    /// runs have none: noted).
    static let highlightContent: [DetectorClass] = [.email, .phone, .cardNumber, .usSSN, .ipAddress]
}

/// The options a file gave, turned into mirror rules with the vendor's defaults for the rest, and a note for
/// everything that does not carry over exactly.
///
/// Over 300 lines: four vendors' semantics, one short function each, beside the shared rules they build with; apart,
/// a change to one vendor's defaults could not be read against the others'.
struct VendorTranslation {
    let vendor: ReplayVendor
    let path: String
    let given: [String: GivenOption]
    private(set) var notes: [TranslationNote] = []
    private(set) var diagnostics: [Diagnostic] = []

    init(vendor: ReplayVendor, path: String, given: [String: GivenOption]) {
        self.vendor = vendor
        self.path = path
        self.given = given
    }

    mutating func rules() -> MirrorRules {
        noteOptionsWithoutEquivalent()
        var rules: MirrorRules
        switch vendor {
        case .rrweb: rules = recordRules(.rrweb)
        case .posthog: rules = recordRules(.posthog)
        case .sentry: rules = sentryRules()
        case .highlight: rules = highlightRules()
        }
        // A recorder masks a select's chosen value and keeps its options' labels (rrweb's own snapshots show
        // `<option value="1">1</option>` beside `value: "*"`); the mirror masks a field with its content, which would
        // hide the options too, so the select is left unmasked: the rule that hides less, never one that flatters.
        if rules.maskInputs.contains(.select) {
            rules.maskInputs.removeAll { $0 == .select }
            note(
                nil, .showsMore,
                "\(vendor.title) masks a select's chosen value but not its options' labels; the mirror cannot keep one "
                    + "without the other, so selects are left unmasked and the choice crosses")
        }
        note(
            nil, .showsLess,
            "\(vendor.title) records the documents of same-origin frames; the mirror never mirrors a frame, so what a "
                + "frame shows is not counted")
        checkSelectors(of: rules)
        // The file's order first, then the defaults no line states; equal places keep the order they were noted in.
        notes = notes.enumerated().sorted {
            ($0.element.line == 0 ? Int.max : $0.element.line, $0.element.column, $0.offset)
                < ($1.element.line == 0 ? Int.max : $1.element.line, $1.element.column, $1.offset)
        }.map(\.element)
        return rules.normalized()
    }

    // MARK: rrweb and PostHog

    /// rrweb's defaults, and what posthog-js sets instead before it calls `record()`.
    struct RecordDefaults {
        let blockClass: String
        let ignoreClass: String
        let maskTextClass: String
        let maskAllInputs: Bool
        /// posthog-js spreads the user's `maskInputOptions` over `{ password: true }`; rrweb replaces its default.
        let keepsPassword: Bool

        /// record/index.ts.
        static let rrweb = RecordDefaults(
            blockClass: "rr-block", ignoreClass: "rr-ignore", maskTextClass: "rr-mask", maskAllInputs: false,
            keepsPassword: false)
        /// lazy-loaded-session-recorder.ts, `_startRecorder`.
        static let posthog = RecordDefaults(
            blockClass: "ph-no-capture", ignoreClass: "ph-ignore-input", maskTextClass: "ph-mask", maskAllInputs: true,
            keepsPassword: true)
    }

    private mutating func recordRules(_ defaults: RecordDefaults) -> MirrorRules {
        if bool("recordDOM") == false {
            refuse("recordDOM", "with recordDOM false rrweb records no page at all: there is no mirror to compare")
        }
        var rules = MirrorRules()
        rules.block = Self.classSelector(text("blockClass") ?? defaults.blockClass) + texts("blockSelector")
        rules.ignore = Self.classSelector(text("ignoreClass") ?? defaults.ignoreClass) + texts("ignoreSelector")
        // rrweb masks the text of the closest match and everything inside it; `*` matches every element, which is how
        // PostHog documents "mask all text".
        let selectors = texts("maskTextSelector")
        if selectors.contains(where: { $0.trimmingWhitespace() == "*" }) {
            rules.maskAllText = true
        } else {
            rules.maskText = Self.classSelector(text("maskTextClass") ?? defaults.maskTextClass) + selectors
        }
        rules.maskInputs = inputKinds(defaults)
        rules.omit = omissions()
        if bool("maskAllElementAttributes") == true { rules.maskAttributes = ["*"] }
        if vendor == .posthog {
            note(
                nil, .unknown,
                "posthog-js takes maskAllInputs, maskTextSelector, blockSelector and maskAllElementAttributes from the "
                    + "project's \"Privacy and masking\" settings where the file leaves them unset; only the file is "
                    + "translated")
        }
        return rules
    }

    private mutating func inputKinds(_ defaults: RecordDefaults) -> [InputKind] {
        let options = flags("maskInputOptions")
        // maskAllInputs wins over maskInputOptions in record/index.ts.
        if bool("maskAllInputs") ?? defaults.maskAllInputs {
            if options != nil {
                note(
                    "maskInputOptions", .noEffect,
                    "maskAllInputs masks every kind already; these options change nothing")
            }
            return InputKind.allCases
        }
        guard let options else { return [.password] }
        var kinds: Set<InputKind> = defaults.keepsPassword ? [.password] : []
        for flag in options {
            guard let kind = InputKind(rawValue: flag.name) else {
                let known = InputKind.allCases.map(\.rawValue)
                note(
                    at: flag.place, "maskInputOptions", .configuration,
                    "\(vendor.title) has no '\(flag.name)' input option"
                        + "\(SchemaReader.suggestion(for: flag.name, among: known)); it masks nothing")
                continue
            }
            if flag.value { kinds.insert(kind) } else { kinds.remove(kind) }
        }
        if !kinds.contains(.password) {
            note(
                "maskInputOptions", .configuration,
                defaults.keepsPassword
                    ? "\"password\": false un-masks password fields"
                    : "password fields are not masked: maskInputOptions replaces rrweb's default { password: true } "
                        + "(add \"password\": true)")
        }
        return kinds.sorted()
    }

    private mutating func omissions() -> [Omission] {
        // A browser keeps <template> content out of the tree rrweb walks, and rrweb writes a placeholder for the text
        // of every script (snapshot.ts, serializeTextNode).
        var omit: Set<Omission> = [.templateContent, .scriptText]
        var head = false
        switch given["slimDOMOptions"]?.value {
        case .boolean(true)?, .text("all")?:
            omit.formUnion([.comments, .scripts])
            head = true
        case let .flags(flags)?:
            for flag in flags where flag.value {
                switch flag.name {
                case "comment": omit.insert(.comments)
                case "script": omit.insert(.scripts)
                default: head = true
                }
            }
        default:
            break
        }
        if head {
            note(
                "slimDOMOptions", .showsMore,
                "the head options drop <meta> tags, favicons and head white space; the mirror sends them")
        }
        return omit.sorted()
    }

    // MARK: Sentry

    /// integration.ts and getPrivacyOptions.ts: masks text and inputs and blocks media by default; the user's selectors
    /// come first, Sentry's own after them.
    private mutating func sentryRules() -> MirrorRules {
        var rules = MirrorRules()
        rules.maskAllText = bool("maskAllText") ?? true
        rules.unmask = texts("unmask")
        if !rules.unmask.isEmpty {
            note(
                "unmask", .showsLess,
                "Sentry lets the nearer of a mask and an unmask win; the mirror's rules only add, so an unmask "
                    + "inside a mask selector's region stays masked")
        }
        // Sentry masks text and field values with one selector list ("we are making the decision to make text and
        // input selectors the same"), plus inputs whose autocomplete says password or card whatever the options say.
        rules.mask = texts("mask") + VendorOptions.sentryMask + VendorOptions.sentryAutocomplete
        rules.block = texts("block") + VendorOptions.sentryBlock
        if bool("blockAllMedia") ?? true { rules.block += VendorOptions.sentryMedia }
        rules.unblock = texts("unblock")
        rules.ignore = texts("ignore") + VendorOptions.sentryIgnore
        // Sentry masks these attributes only while it masks all text (maskAttribute.ts returns the value as it is
        // otherwise), so with maskAllText off they cross in clear.
        let attributes =
            given["maskAttributes"] == nil ? ["title", "placeholder", "aria-label"] : texts("maskAttributes")
        rules.maskAttributes = rules.maskAllText ? attributes : []
        if !rules.maskAllText, given["maskAttributes"] != nil {
            note("maskAttributes", .noEffect, "Sentry masks attributes only while maskAllText is true")
        }
        // Sentry's rrweb masks password fields whatever the options say (shouldMaskInput), and every other kind under
        // maskAllInputs; it also lists radio and checkbox there, whose value it masks but whose state it records.
        rules.maskInputs = (bool("maskAllInputs") ?? true) ? InputKind.allCases : [.password]
        // slimDOMOptions: 'all', which Sentry sets and the user cannot change.
        rules.omit = [.comments, .scripts, .templateContent]
        if rules.maskAllText {
            note(
                "maskAllText", .showsMore,
                "Sentry also masks the value of submit and button inputs (their labels); the mirror shows them")
        }
        if !texts("networkDetailAllowUrls").isEmpty {
            note("networkDetailAllowUrls", .showsLess, VendorOptions.network)
        }
        return rules
    }

    // MARK: Highlight

    /// index.tsx and utils/privacy.ts of highlight.run, snapshot.ts and utils.ts of Highlight's rrweb.
    private mutating func highlightRules() -> MirrorRules {
        if bool("disableSessionRecording") == true {
            refuse(
                "disableSessionRecording", "Highlight records no session with this set: there is no mirror to compare")
        }
        var rules = MirrorRules()
        rules.block = [".highlight-block"]
        rules.ignore = [".highlight-ignore"]
        rules.maskText = [".highlight-mask"]
        rules.omit = [.scriptText, .templateContent]
        note(
            nil, .showsMore,
            "Highlight also drops the own attributes of a .highlight-mask element, as of a blocked one; the mirror "
                + "sends them")
        let setting = text("privacySetting") ?? "default"
        if setting != "none" {
            rules.maskInputs = InputKind.allCases
            // data-hl-record="true" exempts an element's own text and value (utils.ts, maskedInputType).
            // Any value but an empty one: Highlight reads the attribute as truthy (`"1"` or even `"false"`).
            rules.unmask = ["[data-hl-record]:not([data-hl-record=\"\"])"]
            note(
                "privacySetting", .showsMore,
                "data-hl-record exempts only the element's own text and value; the mirror also shows its descendants'")
        } else {
            rules.maskInputs = [.password]
        }
        switch setting {
        case "strict":
            rules.maskAllText = true
            // Highlight leaves the text of the title (and of head, style, script, noscript, html and body themselves)
            // alone, and empties the sources of images, video and audio.
            rules.unmask.append("title")
            rules.block += ["img", "video", "audio", "source"]
            note(
                "privacySetting", .showsLess,
                "text directly inside <body>, <html> or <noscript> is left readable by Highlight; the mirror masks it")
        case "default":
            rules.maskContent = VendorOptions.highlightContent
            note(
                "privacySetting", .showsMore,
                "Highlight obfuscates a whole text when one of its patterns matches anywhere in it (e-mail addresses, "
                    + "9–16 digit runs, SSNs, phone and card numbers, street addresses, IP addresses); the mirror "
                    + "masks what its detectors validate (e-mail, phone, card number, US SSN, IP address), and only "
                    + "the match")
        default:
            break
        }
        if bool("disableConsoleRecording") != true {
            note(
                "disableConsoleRecording", .showsLess,
                "Highlight records console messages; the mirror has no console channel")
        }
        return rules
    }

    // MARK: Notes and errors

    /// A note for every given option without an equivalent, in the file's order, and one for those without effect.
    private mutating func noteOptionsWithoutEquivalent() {
        let table = VendorOptions.table(for: vendor)
        var quiet: [(key: String, place: Place)] = []
        for (key, option) in given.sorted(by: { Self.precedes($0.value.key, $1.value.key) }) {
            switch table[key]?.role {
            case let .noEquivalent(effect, message)?:
                note(key, effect, message)
            case let .noEquivalentWhenTrue(effect, message)?:
                if case .boolean(true) = option.value { note(key, effect, message) }
            case .noEffect?:
                quiet.append((key, option.key))
            case .translated?, nil:
                break
            }
        }
        if let first = quiet.first {
            note(
                at: first.place, quiet.map(\.key).joined(separator: ", "), .noEffect,
                "read past: timing, sampling, transport and styling options")
        }
    }

    private static func precedes(_ a: Place, _ b: Place) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    /// A note at the option's key; a default's (`key` nil, or an option the file leaves unset) has no line.
    private mutating func note(_ key: String?, _ effect: TranslationNote.Effect, _ message: String) {
        guard let key, let option = given[key] else {
            note(at: .unstated, key.map { "\($0) (default)" } ?? "(default)", effect, message)
            return
        }
        note(at: option.key, key, effect, message)
    }

    private mutating func note(at place: Place, _ option: String, _ effect: TranslationNote.Effect, _ message: String) {
        notes.append(
            TranslationNote(
                file: path, line: place.line, column: place.column, option: option, effect: effect, message: message))
    }

    private mutating func refuse(_ key: String, _ message: String) {
        let place = given[key]?.key ?? Place.unstated
        diagnostics.append(Diagnostic(.error, file: path, line: place.line, column: place.column, message: message))
    }

    /// Every selector the translation made (from class names and defaults) must parse too: the model refuses a
    /// profile whose selector does not, and that refusal would come at run time, far from this file.
    private mutating func checkSelectors(of rules: MirrorRules) {
        for source in rules.mask + rules.maskText + rules.unmask + rules.block + rules.unblock + rules.ignore {
            do throws(SelectorError) {
                _ = try Selector(source)
            } catch {
                diagnostics.append(
                    Diagnostic(
                        .error, file: path, line: 0, column: 0,
                        message: "the class or selector '\(source)' cannot be matched by the mirror: \(error.message)"))
            }
        }
    }

    // MARK: Values

    private func bool(_ key: String) -> Bool? {
        if case let .boolean(value)? = given[key]?.value { return value }
        return nil
    }

    private func text(_ key: String) -> String? {
        if case let .text(value)? = given[key]?.value { return value }
        return nil
    }

    /// The strings of a list option, or of a selector option (a list of one); none when not given.
    private func texts(_ key: String) -> [String] {
        if case let .texts(values)? = given[key]?.value { return values.map(\.text) }
        return []
    }

    private func flags(_ key: String) -> [Flag]? {
        if case let .flags(values)? = given[key]?.value { return values }
        return nil
    }

    /// rrweb's class options as a selector of what `classList.contains(name)` finds: `.name` when the name is a CSS
    /// identifier, `[class~="name" s]` otherwise; none for an empty name, which no class list contains.
    static func classSelector(_ name: String) -> [String] {
        guard !name.isEmpty else { return [] }
        if name.wholeMatch(of: /-?[A-Za-z_][A-Za-z0-9_-]*/) != nil { return ["." + name] }
        let quoted = name.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return ["[class~=\"\(quoted)\" s]"]
    }
}
