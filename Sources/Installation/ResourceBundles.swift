import Foundation

/// Finds the resource folders SwiftPM builds for the targets that ship data (word tables, templates, profiles, the
/// report's stylesheet and schema), in a build or in an installation.
///
/// SwiftPM's own `Bundle.module` stops the process ("could not load resource bundle") when a binary is copied away
/// from its build; this looks in the places an installation puts them and lets the command say what is missing.
public enum ResourceBundles {
    /// The targets whose resources the command needs, by target name.
    public static let targets = ["Fields", "Scenarios", "Simulation", "Reporting"]

    /// The environment variable naming a folder that holds the resource folders.
    public static let environmentVariable = "SUPPORTSCOPE_RESOURCES"

    /// SwiftPM names them `.bundle` on Apple platforms and `.resources` elsewhere.
    #if canImport(Darwin)
        static let suffix = "bundle"
    #else
        static let suffix = "resources"
    #endif

    /// The folders searched, in order: the running executable's own folder (symbolic links resolved: a build's
    /// products folder, or an installation's `lib/supportscope`), `../lib/supportscope` from it (a binary copied into
    /// `bin/`), `$SUPPORTSCOPE_RESOURCES`, and the folders of the loaded bundles (a test bundle's products folder).
    public static var searchFolders: [URL] {
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
        let folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        var folders = [folder, folder.deletingLastPathComponent().appendingPathComponent("lib/supportscope")]
        if let configured = ProcessInfo.processInfo.environment[environmentVariable], !configured.isEmpty {
            folders.append(URL(fileURLWithPath: configured))
        }
        folders += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        var seen = Set<String>()
        return folders.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// The folder name SwiftPM gives `target`'s resources.
    public static func folderName(of target: String) -> String { "SupportScope_\(target).\(suffix)" }

    /// The first searched folder that holds every target's resources: all are taken from one place, so a stale
    /// installation elsewhere can never lend one target's word tables or profiles to another version.
    public static let root: URL? = searchFolders.first { folder in
        targets.allSatisfy { target in
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(folderName(of: target)).path
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// A file inside `target`'s resources (`Words/card.txt`), or nil when it is missing.
    public static func file(_ path: String, of target: String) -> URL? {
        guard let url = root?.appendingPathComponent(folderName(of: target)).appendingPathComponent(path),
            FileManager.default.fileExists(atPath: url.path)
        else { return nil }
        return url
    }

    /// The resource folders that cannot be found together (every one when no searched folder holds them all).
    public static func missing() -> [String] { root == nil ? targets.map(folderName) : [] }

    /// What to tell a user whose installation lacks `missing`.
    public static func problem(_ missing: [String]) -> String {
        let searched = searchFolders.map(\.path).joined(separator: ", ")
        return "this installation of supportscope lacks its resources (\(missing.joined(separator: ", "))); "
            + "searched \(searched). Install it with `bash scripts/install` from the source folder (it puts the "
            + "binary and its resources in PREFIX/lib/supportscope), keep the resource folders of the build next "
            + "to the binary, or set \(environmentVariable) to the folder that holds them"
    }
}
