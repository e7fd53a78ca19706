import Foundation

/// Finds the resource folders SwiftPM builds for the targets that ship data (word tables, templates, profiles, the
/// report's stylesheet and schema), in a build or in an installation.
///
/// SwiftPM's own `Bundle.module` stops the process ("could not load resource bundle") when a binary is copied away
/// from its build; this looks in the places an installation puts them and lets the command say what is missing.
public enum ResourceBundles {
    /// The targets whose resources the command needs, by target name.
    public static let targets = ["Fields", "Scenarios", "Simulation", "Reporting"]

    /// The environment variable naming a folder that holds the `.resources` folders.
    public static let environmentVariable = "SUPPORTSCOPE_RESOURCES"

    /// The folders searched, in order: `$SUPPORTSCOPE_RESOURCES`, the running executable's own folder (symbolic links
    /// resolved: a build's products folder, or an installation's `lib/supportscope`), and `../lib/supportscope` from
    /// it (a binary copied into `bin/`).
    public static var searchFolders: [URL] {
        var folders: [URL] = []
        if let configured = ProcessInfo.processInfo.environment[environmentVariable], !configured.isEmpty {
            folders.append(URL(fileURLWithPath: configured))
        }
        let executable =
            Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
        let folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        folders.append(folder)
        folders.append(folder.deletingLastPathComponent().appendingPathComponent("lib/supportscope"))
        return folders
    }

    /// The folder name SwiftPM gives `target`'s resources.
    public static func folderName(of target: String) -> String { "SupportScope_\(target).resources" }

    /// `target`'s resource folder, or nil when no searched folder has it.
    public static func folder(of target: String) -> URL? {
        let name = folderName(of: target)
        return searchFolders.lazy.map { $0.appendingPathComponent(name) }.first { candidate in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
    }

    /// A file inside `target`'s resources (`Words/card.txt`), or nil when it is missing.
    public static func file(_ path: String, of target: String) -> URL? {
        guard let url = folder(of: target)?.appendingPathComponent(path),
            FileManager.default.fileExists(atPath: url.path)
        else { return nil }
        return url
    }

    /// The resource folders of `targets` that cannot be found.
    public static func missing() -> [String] { targets.filter { folder(of: $0) == nil }.map(folderName) }

    /// What to tell a user whose installation lacks `missing`.
    public static func problem(_ missing: [String]) -> String {
        let searched = searchFolders.map(\.path).joined(separator: ", ")
        return "this installation of supportscope lacks its resources (\(missing.joined(separator: ", "))); "
            + "searched \(searched). Install it with `bash scripts/install` from the source folder (it puts the "
            + "binary and its resources in PREFIX/lib/supportscope), keep the .resources folders of the build next "
            + "to the binary, or set \(environmentVariable) to the folder that holds them"
    }
}
