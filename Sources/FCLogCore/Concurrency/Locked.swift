import Foundation
import Synchronization

/// A value shared between threads, used under a lock: the `Mutex` is what the compiler checks, the
/// `NSLock` around it what ThreadSanitizer sees (it does not see the `Mutex`'s futex).
final class Locked<Value: Sendable>: Sendable {
    private let lock = NSLock()
    private let state: Mutex<Value>

    init(_ value: Value) {
        state = Mutex(value)
    }

    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return state.withLock { body(&$0) }
    }
}
