import ArgumentParser
import FCLogCore
import Foundation

/// Runs a command body, turning every error into one readable line on
/// standard error and a non-zero exit; no user sees a Foundation error domain.
func withUserErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw userFacing(error)
    }
}

/// The same for a command that waits (on the network).
func withUserErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        throw userFacing(error)
    }
}

/// Prints the error as one readable line and gives the exit it calls for; errors already exits pass through.
private func userFacing(_ error: Error) -> Error {
    switch error {
    case let error as FCLogError:
        Terminal.printError(error.description)
        switch error {
        case .interrupted, .interruptedAfter: return ExitCode(130)
        default: return ExitCode(1)
        }
    case let error as CocoaError:
        let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.userInfo[NSURLErrorKey].map { "\($0)" } ?? "file"
        let reason: String
        switch error.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: reason = "no such file"
        case .fileReadNoPermission, .fileWriteNoPermission: reason = "permission denied"
        case .fileReadCorruptFile: reason = "the file is damaged or not in the expected format"
        case .fileWriteOutOfSpace: reason = "the disk is full"
        default: reason = "cannot be read or written"
        }
        Terminal.printError("\(path): \(reason)")
        return ExitCode(1)
    case let error as DecodingError:
        Terminal.printError("invalid input: \(error.readableDescription)")
        return ExitCode(1)
    default:
        return error
    }
}

extension DecodingError {
    var readableDescription: String {
        switch self {
        case let .dataCorrupted(context), let .keyNotFound(_, context), let .typeMismatch(_, context), let .valueNotFound(_, context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "unreadable data"
        }
    }
}
