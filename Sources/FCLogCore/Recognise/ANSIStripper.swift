/// Removes ANSI escape sequences (`s logs` colours) from a line.
public enum ANSIStripper {
    /// Copies `bytes` into `output` without escape sequences; returns false
    /// (leaving `output` untouched) when the line has none.
    public static func strip(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Bool {
        guard bytes.contains(0x1B) else { return false }
        output.removeAll(keepingCapacity: true)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1B {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "[") {
                    // CSI: parameters and intermediates up to a final byte in @…~.
                    i += 1
                    while i < bytes.count, !(0x40...0x7E).contains(bytes[i]) { i += 1 }
                    i += 1
                } else if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                    // OSC: up to BEL or ESC \.
                    while i < bytes.count, bytes[i] != 0x07, bytes[i] != 0x1B { i += 1 }
                    i += 1
                } else {
                    i += 1
                }
                continue
            }
            output.append(b)
            i += 1
        }
        return true
    }
}
