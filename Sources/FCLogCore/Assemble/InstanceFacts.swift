/// What the store knows of an instance beyond its spans.
struct InstanceFacts {
    var begin: Int64?
    var finish: Int64?
    var destroyed: Bool
}
