import Foundation

/// What the tool reads of a scenario's URLs.
public enum ScenarioURL {
    /// `scheme://host[:port]` of a URL, lowercased; nil when it has none. The default port is the same origin as no
    /// port at all. The scenario checks and the co-browsing model's allowed origins use this one rule.
    public static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        if let port = components.port, !(scheme == "https" && port == 443), !(scheme == "http" && port == 80) {
            return "\(scheme)://\(host):\(port)"
        }
        return "\(scheme)://\(host)"
    }
}
