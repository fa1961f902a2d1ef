import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Statements sent to ClickHouse over its HTTP interface, one request at a time. An answer other than 200
/// is an error carrying what ClickHouse said, so nothing is taken as stored that was not.
public struct ClickHouseClient: Sendable {
    public var target: ClickHouseTarget
    public var timeout: TimeInterval = 300

    public init(target: ClickHouseTarget) {
        self.target = target
    }

    /// Runs `sql` and returns the answer's body. With `data`, the statement is sent in the URL and `data`
    /// is its input (an `INSERT … FORMAT JSONEachRow`); `settings` are ClickHouse settings for this query.
    public func run(_ sql: String, data: Data? = nil, settings: [String: String] = [:], database: Bool = true) async throws -> Data {
        var components = URLComponents(url: target.endpoint, resolvingAgainstBaseURL: false)!
        var items = settings.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        if database { items.append(URLQueryItem(name: "database", value: target.database)) }
        if data != nil { items.append(URLQueryItem(name: "query", value: sql)) }
        components.queryItems = items
        var request = URLRequest(url: components.url!, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = data ?? Data(sql.utf8)
        if let user = target.user {
            let token = Data((user + ":" + (target.password ?? "")).utf8).base64EncodedString()
            request.setValue("Basic " + token, forHTTPHeaderField: "Authorization")
        }
        let answer: (Data, URLResponse)
        do {
            answer = try await Self.session.data(for: request)
        } catch let error as URLError where error.code == .cancelled || error.code == .userAuthenticationRequired {
            throw FCLogError.clickHouse("ClickHouse at \(target.name) refused the credentials of user '\(target.user ?? "default")' "
                + "(give them with --user and --password-file)")
        } catch {
            throw FCLogError.clickHouse("cannot reach ClickHouse at \(target.name): \(error.localizedDescription)")
        }
        guard let http = answer.1 as? HTTPURLResponse else {
            throw FCLogError.clickHouse("ClickHouse at \(target.name) gave no HTTP answer")
        }
        guard http.statusCode == 200 else { throw Self.error(status: http.statusCode, body: answer.0, target: target) }
        return answer.0
    }

    /// A session that answers ClickHouse's request for credentials (a 401 after wrong ones) by giving up,
    /// rather than waiting for credentials that will not come.
    static let session = URLSession(configuration: .ephemeral, delegate: RefuseChallenges(), delegateQueue: nil)

    final class RefuseChallenges: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
            completionHandler(.cancelAuthenticationChallenge, nil)
        }
    }

    /// What a refused statement tells the user: the credentials, a missing database or table, or ClickHouse's own words.
    static func error(status: Int, body: Data, target: ClickHouseTarget) -> FCLogError {
        let said = String(decoding: body.prefix(600), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let code = said.range(of: #"Code: (\d+)"#, options: .regularExpression).map { Int(said[$0].dropFirst(6)) ?? 0 } ?? 0
        let first = said.split(separator: "\n").first.map(String.init) ?? "HTTP \(status)"
        switch code {
        case 192, 193, 194, 516:
            return .clickHouse("ClickHouse at \(target.name) refused the credentials of user '\(target.user ?? "default")' "
                + "(give them with --user and --password-file): \(first)")
        case 81:
            return .clickHouse("ClickHouse at \(target.name) has no database '\(target.database)': create it and the tables with 'fclog push --create'")
        default:
            return .clickHouse("ClickHouse at \(target.name) answered HTTP \(status): \(first)")
        }
    }
}
