/// An instance as the store keys it: its function and its id.
struct InstanceRef: Hashable {
    let function: String
    let instance: String
}
