import Dispatch
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

    private let state = Mutex(State())
    /// Signalled once per value sent, and once more when closed (passed on by every receiver that finds it so).
    private let filled = DispatchSemaphore(value: 0)
    /// Signalled once per free place, and once more when closed (passed on likewise by senders).
    private let room = DispatchSemaphore(value: 0)

    init(capacity: Int) {
        // Counted up rather than created at `capacity`: libdispatch traps when a semaphore is freed below its start.
        for _ in 0..<capacity { room.signal() }
    }

    /// Queues `value`, waiting for room; false once the channel is closed.
    @discardableResult
    func send(_ value: Element) -> Bool {
        room.wait()
        return queue(value)
    }

    /// Queues `value` if there is room now; false when full or closed.
    @discardableResult
    func offer(_ value: Element) -> Bool {
        guard room.wait(timeout: .now()) == .success else { return false }
        return queue(value)
    }

    private func queue(_ value: Element) -> Bool {
        let sent = state.withLock { state in
            guard !state.closed else { return false }
            state.items.append(value)
            return true
        }
        if sent { filled.signal() } else { room.signal() }
        return sent
    }

    /// The next value, waiting for it at most `seconds` (for ever when nil).
    func receive(waitingAtMost seconds: Double? = nil) -> Received {
        if let seconds {
            guard filled.wait(timeout: .now() + seconds) == .success else { return .timedOut }
        } else {
            filled.wait()
        }
        let value = state.withLock { state in state.items.isEmpty ? nil : state.items.removeFirst() }
        guard let value else {
            filled.signal()
            return .closed
        }
        room.signal()
        return .value(value)
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

    var isClosed: Bool { state.withLock { $0.closed } }

    private func end(dropping: Bool) {
        let first = state.withLock { state in
            if dropping { state.items.removeAll() }
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        filled.signal()
        room.signal()
    }
}

extension Channel.Received: Equatable where Element: Equatable {}
