import Foundation

/// Starts threads that take over what they are given: a body is `sending`, or takes a `sending` value and
/// gives one back, so that the compiler refuses to start a thread on an object the starting thread keeps
/// using. What threads share while they run crosses `Sendable` values (a `Channel`, an answer's channel).
enum WorkerThread {
    /// A thread started with `run(taking:_:)`, whose value comes back with `join`.
    struct Handle<Value>: ~Copyable {
        fileprivate let thread: pthread_t

        /// Waits for the thread to end; the value it gave back.
        consuming func join() -> Value {
            var result: UnsafeMutableRawPointer?
            let joined = pthread_join(thread, &result)
            precondition(joined == 0 && result != nil, "a thread could not be joined (\(joined))")
            return Unmanaged<Returned<Value>>.fromOpaque(result!).takeRetainedValue().value
        }
    }

    private final class Body {
        let name: String
        let run: () -> UnsafeMutableRawPointer?
        init(_ name: String, _ run: @escaping () -> UnsafeMutableRawPointer?) {
            self.name = name
            self.run = run
        }
    }

    private final class Taken<Value> {
        var value: Value?
        init(_ value: sending Value) { self.value = value }
    }

    private final class Returned<Value> {
        let value: Value
        init(_ value: sending Value) { self.value = value }
    }

    /// Runs `body` on a new, detached thread, named `name` (up to 15 bytes) where profilers and `top -H` show it.
    static func start(name: String, stackSize: Int = 1 << 20, _ body: sending @escaping () -> Void) {
        _ = spawn(stackSize: stackSize, detached: true, Body(name) { body(); return nil })
    }

    /// Runs `body` on a new thread with `value`, which it owns until it gives it back to `join`.
    static func run<Value>(name: String, taking value: sending Value, stackSize: Int = 1 << 20,
                           _ body: @escaping @Sendable (sending Value) -> sending Value) -> Handle<Value> {
        let taken = Taken(value)
        let thread = spawn(stackSize: stackSize, detached: false, Body(name) {
            // The one place the compiler takes our word: `value` was sent here, and only the new thread reads it.
            nonisolated(unsafe) let owned = taken.value.take()!
            return Unmanaged.passRetained(Returned(body(owned))).toOpaque()
        })
        return Handle(thread: thread)
    }

    private static func spawn(stackSize: Int, detached: Bool, _ body: Body) -> pthread_t {
        let context = Unmanaged.passRetained(body).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(detached ? PTHREAD_CREATE_DETACHED : PTHREAD_CREATE_JOINABLE))
        var thread = pthread_t()
        let started = pthread_create(&thread, &attributes, { context in
            let body = Unmanaged<Body>.fromOpaque(context!).takeRetainedValue()
            Thread.current.name = body.name
            return body.run()
        }, context)
        precondition(started == 0, "a thread could not be started (\(started))")
        return thread
    }
}
