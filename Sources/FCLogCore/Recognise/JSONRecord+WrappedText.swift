extension JSONRecord {
    /// The fields that chat exports, CI logs and scripts wrap log text in (field reference 3.6).
    static let wrappingKeys = ["message", "log", "content", "msg"]

    /// The FC log text a JSON object that is no SLS record carries, when one of `wrappingKeys` holds
    /// some: text of several lines, or a line that reads as FC's (a marker, a summary, a runtime
    /// prefix with a RequestId). A function's own structured line (`{"msg": "saved"}`) carries none.
    public var wrappedLogText: String? {
        for key in Self.wrappingKeys {
            for field in fields where Self.isKey(field.key, key) {
                guard case var .string(text) = field.value else { continue }
                let carries = text.withUTF8 { bytes in
                    if bytes.contains(0x0A) { return true }
                    let line = LineRecogniser.recognise(bytes)
                    return line.kind == .marker || line.kind == .summary || (line.prefixTime != nil && line.requestID != nil)
                }
                if carries { return text }
            }
        }
        return nil
    }
}
