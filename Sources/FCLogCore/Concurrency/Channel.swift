import Foundation
import Synchronization

/// Values handed from one thread to another, at most `capacity` waiting: `send` waits while it is full,
/// `receive` while it is empty. Closing it lets what was sent be received and then ends both sides;
/// cancelling it also drops what waits. Values only cross it, so the compiler checks what they are.
final class Channel<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        var closed = false
    }

    enum Received {
        case value(Element)
        /// Nothing came in the time allowed.
        case timedOut
        /// Closed, and everything sent has been received.
        case closed
    }

    /// Waited on for a value or for room. `state` is only used holding it: the `Mutex` is what the compiler
    /// checks, the condition's lock what ThreadSanitizer sees (it does not see the `Mutex`'s futex).
    private let condition = NSCondition()
    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Queues `value`, waiting for room; false once the channel is closed.
    @discardableResult
    func send(_ value: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while true {
            switch queue(value) {
            case .some(let sent): return sent
            case .none: condition.wait()
            }
        }
    }

    /// Queues `value` if there is room now; false when full or closed.
    @discardableResult
    func offer(_ value: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return queue(value) ?? false
    }

    /// Whether `value` was queued (false: closed), or nil when there is no room; holding the lock.
    private func queue(_ value: Element) -> Bool? {
        let sent: Bool? = state.withLock { state in
            if state.closed { return false }
            guard state.items.count < capacity else { return nil }
            state.items.append(value)
            return true
        }
        if sent == true { condition.broadcast() }
        return sent
    }

    /// The next value, waiting for it at most `seconds` (for ever when nil).
    func receive(waitingAtMost seconds: Double? = nil) -> Received {
        let deadline = seconds.map { Date(timeIntervalSinceNow: $0) }
        condition.lock()
        defer { condition.unlock() }
        while true {
            let taken: Received? = state.withLock { state in
                if !state.items.isEmpty { return .value(state.items.removeFirst()) }
                return state.closed ? .closed : nil
            }
            if let taken {
                if case .value = taken { condition.broadcast() }
                return taken
            }
            if let deadline {
                guard condition.wait(until: deadline) else { return .timedOut }
            } else {
                condition.wait()
            }
        }
    }

    /// The next value if one waits now.
    func poll() -> Element? {
        guard case let .value(value) = receive(waitingAtMost: 0) else { return nil }
        return value
    }

    /// Ends the channel once what was sent is received: senders are refused from now on.
    func close() {
        end(dropping: false)
    }

    /// Ends the channel now, dropping what waits in it.
    func cancel() {
        end(dropping: true)
    }

    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return state.withLock { $0.closed }
    }

    private func end(dropping: Bool) {
        condition.lock()
        defer { condition.unlock() }
        state.withLock { state in
            if dropping { state.items.removeAll() }
            state.closed = true
        }
        condition.broadcast()
    }
}

extension Channel.Received: Equatable where Element: Equatable {}
