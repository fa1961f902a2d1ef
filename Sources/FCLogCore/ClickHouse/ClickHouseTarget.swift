import Foundation

/// A ClickHouse database named by `clickhouse://[user[:password]@]host[:port]/database` (HTTP, port 8123 by
/// default) or `clickhouses://…` (HTTPS, 8443), with the credentials to use there.
public struct ClickHouseTarget: Sendable, Equatable {
    public var endpoint: URL
    public var database: String
    public var user: String?
    public var password: String?

    public init(url text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "clickhouse" || scheme == "clickhouses", let host = components.host, !host.isEmpty else {
            throw FCLogError.invalidArgument("'\(text)' is not a ClickHouse URL: give clickhouse://HOST:8123/DATABASE")
        }
        let database = components.path.split(separator: "/").map(String.init)
        guard database.count == 1, Self.isIdentifier(database[0]) else {
            throw FCLogError.invalidArgument("'\(text)' names no database: give clickhouse://HOST:8123/DATABASE (letters, digits and _)")
        }
        var http = URLComponents()
        http.scheme = scheme == "clickhouses" ? "https" : "http"
        http.host = host
        http.port = components.port ?? (scheme == "clickhouses" ? 8443 : 8123)
        http.path = "/"
        guard let url = http.url else { throw FCLogError.invalidArgument("'\(text)' is not a URL") }
        endpoint = url
        self.database = database[0]
        user = components.user?.removingPercentEncoding
        password = components.password?.removingPercentEncoding
    }

    /// Where the marks of what was pushed are kept: the server and database, without credentials.
    public var name: String { "clickhouse://\(endpoint.host ?? ""):\(endpoint.port ?? 0)/\(database)" }

    /// Reads the password from a file (its first line), as `--password-file` gives it.
    public mutating func readPassword(file: String) throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw FCLogError.invalidArgument("cannot read the password file \(file)")
        }
        password = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 >= 0x30 && $0 <= 0x39) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) }
            && !(text.utf8.first! >= 0x30 && text.utf8.first! <= 0x39)
    }
}
