/// The text columns of stored rows read back as values, from their bytes: spans' kinds and statuses, stored
/// times, and strings that repeat from row to row. Written once for every reader of the store.
enum StoredText {
    /// The last string made of a column, reused while the bytes repeat.
    struct Interned {
        private var bytes: [UInt8] = []
        private var value: String?
        private var isNull = true

        mutating func string(_ text: UnsafeBufferPointer<UInt8>?) -> String? {
            guard let text else {
                return nil
            }
            if !isNull, bytes.hasSameBytes(as: text) { return value }
            bytes = Array(text)
            value = String(decoding: text, as: UTF8.self)
            isNull = false
            return value
        }
    }

    /// A span's `kind`.
    static func phase(_ bytes: UnsafeBufferPointer<UInt8>) -> Phase? {
        switch (bytes.count, bytes.first) {
        case (6, UInt8(ascii: "i")): .invoke
        case (10, UInt8(ascii: "i")): .initialize
        case (7, UInt8(ascii: "p")): .prestop
        case (9, UInt8(ascii: "p")): .prefreeze
        default: nil
        }
    }

    /// A span's `status`; anything else is unfinished.
    static func status(_ bytes: UnsafeBufferPointer<UInt8>) -> SpanStatus {
        switch bytes.first {
        case UInt8(ascii: "o"): .ok
        case UInt8(ascii: "e"): .error
        case UInt8(ascii: "t"): .timeout
        default: .unfinished
        }
    }

    /// Unix microseconds of a stored ISO-8601 time.
    static func micros(_ iso: String) -> Int64? {
        Array(iso.utf8).withUnsafeBufferPointer { bytes in
            TimestampParser.parse(bytes, at: 0)?.0.utcMicros
        }
    }
}
