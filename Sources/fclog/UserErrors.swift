import ArgumentParser
import FCLogCore
import Foundation

/// Runs a command body, turning every error into one readable line on
/// standard error and a non-zero exit; no user sees a Foundation error domain.
func withUserErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as FCLogError {
        Terminal.printError(error.description)
        switch error {
        case .interrupted, .interruptedAfter: throw ExitCode(130)
        default: throw ExitCode(1)
        }
    } catch let error as ExitCode {
        throw error
    } catch let error as CocoaError {
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
        throw ExitCode(1)
    } catch let error as DecodingError {
        Terminal.printError("invalid input: \(error.readableDescription)")
        throw ExitCode(1)
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
