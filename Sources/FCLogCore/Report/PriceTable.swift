import Foundation

/// How usage converts to compute units (CU) and money. The defaults are FC's
/// CU factors since 2024-08-27 and its international tier prices; a user's
/// `--prices` file (JSON or TOML) overrides any of them.
public struct PriceTable: Equatable, Sendable {
    /// A price band: CU up to `upToCU` (nil: no limit) cost `pricePerCU` each.
    public struct Tier: Equatable, Sendable {
        public var upToCU: Double?
        public var pricePerCU: Double
    }

    public var currency = "USD"
    public var cuPerVCPUSecond = 1.0
    /// A provisioned instance's idle vCPU-second; its memory and disk are billed as when active.
    public var cuPerIdleVCPUSecond = 0.0
    public var cuPerGBSecondMemory = 0.15
    public var cuPerGBSecondDisk = 0.05
    public var cuPer10kInvocations = 75.0
    public var tiers: [Tier] = [
        Tier(upToCU: 100_000_000, pricePerCU: 0.000020),
        Tier(upToCU: 500_000_000, pricePerCU: 0.000017),
        Tier(upToCU: nil, pricePerCU: 0.000014),
    ]
    /// Memory when request metrics and summary lines do not say.
    public var defaultMemoryMB = 512.0
    /// vCPUs of an instance; nil: half a vCPU per GB of memory (FC's 1:2 default ratio).
    public var vcpu: Double?
    /// Disk beyond the free 512 MB, in GB.
    public var diskGB = 0.0

    public init() {}

    /// The cost of `cu` compute units through the tiers.
    public func cost(cu: Double) -> Double {
        var remaining = cu
        var lower = 0.0
        var total = 0.0
        for tier in tiers {
            let band = tier.upToCU.map { Swift.max(0, $0 - lower) } ?? remaining
            let used = Swift.min(band, remaining)
            total += used * tier.pricePerCU
            remaining -= used
            lower = tier.upToCU ?? lower
            if remaining <= 0 { break }
        }
        return total
    }

    /// Compute units for `activeMillis` of execution of instances of
    /// `memoryMB`, and `invocations` requests.
    public func computeUnits(activeMillis: Int64, memoryMB: Double, invocations: Int) -> Double {
        let seconds = Double(activeMillis) / 1000
        let memoryGB = memoryMB / 1024
        let cpus = vcpu ?? memoryGB / 2
        return seconds * cpus * cuPerVCPUSecond + seconds * memoryGB * cuPerGBSecondMemory
            + seconds * diskGB * cuPerGBSecondDisk + Double(invocations) / 10_000 * cuPer10kInvocations
    }

    /// Compute units for `idleMillis` of provisioned instances of `memoryMB` waiting for requests.
    public func idleComputeUnits(idleMillis: Int64, memoryMB: Double) -> Double {
        let seconds = Double(idleMillis) / 1000
        let memoryGB = memoryMB / 1024
        return seconds * (vcpu ?? memoryGB / 2) * cuPerIdleVCPUSecond + seconds * memoryGB * cuPerGBSecondMemory
            + seconds * diskGB * cuPerGBSecondDisk
    }

    // MARK: - Presets and files

    /// Prices of FC's China regions (CNY; tiers to 200 M and 1 B CU a month), with the same CU factors.
    public static let china: PriceTable = {
        var table = PriceTable()
        table.currency = "CNY"
        table.tiers = [
            Tier(upToCU: 200_000_000, pricePerCU: 0.00011),
            Tier(upToCU: 1_000_000_000, pricePerCU: 0.00010),
            Tier(upToCU: nil, pricePerCU: 0.00009),
        ]
        return table
    }()

    /// The presets `--prices` names: `intl` (the default, USD) and `cn` (CNY).
    public static let presets: [String: PriceTable] = ["intl": PriceTable(), "cn": china]

    /// A preset by name, else a price file: JSON when it starts with `{`, TOML otherwise.
    public static func load(path: String) throws -> PriceTable {
        if let preset = presets[path], !FileManager.default.fileExists(atPath: path) { return preset }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FCLogError.unreadableInput(path: path, reason: "no such file or not readable (the presets are \(presets.keys.sorted().joined(separator: ", ")))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw FCLogError.invalidArgument("\(path): not UTF-8 text") }
        let values: [String: Any]
        if text.drop(while: \.isWhitespace).first == "{" {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw FCLogError.invalidArgument("\(path): not a JSON object")
            }
            values = object
        } else {
            do {
                values = try TOMLReader.parse(text)
            } catch let failure as TOMLReader.Failure {
                throw FCLogError.invalidArgument("\(path):\(failure.line): \(failure.message)")
            }
        }
        return try PriceTable(values: values, path: path)
    }

    static let knownKeys: Set<String> = ["currency", "cu_per_vcpu_second", "cu_per_idle_vcpu_second", "cu_per_gb_second_memory",
                                         "cu_per_gb_second_disk", "cu_per_10k_invocations", "tiers", "memory_mb", "vcpu", "disk_gb"]
    static let tierKeys: Set<String> = ["up_to_cu", "price_per_cu"]

    /// A table from a file's values: an unknown key, a value of the wrong kind and an impossible one (negative,
    /// not finite, tiers out of order) are errors naming the key.
    init(values: [String: Any], path: String) throws {
        self.init()
        func fail(_ message: String) -> FCLogError { FCLogError.invalidArgument("\(path): \(message)") }
        func unknown(_ keys: some Sequence<String>, _ known: Set<String>, in place: String) throws {
            if let key = keys.sorted().first(where: { !known.contains($0) }) {
                throw fail("unknown key '\(place)\(key)' (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
        func number(_ value: Any?, _ key: String, positive: Bool = false) throws -> Double? {
            guard let value else { return nil }
            let number: Double
            switch value {
            case _ where type(of: value) == Bool.self: throw fail("'\(key)' must be a number, not true or false")
            // JSON's true and false arrive as NSNumbers of a char.
            case let n as NSNumber where String(cString: n.objCType) == "c": throw fail("'\(key)' must be a number, not true or false")
            case let n as Int64: number = Double(n)
            case let n as Double: number = n
            case let n as Int: number = Double(n)
            case let n as NSNumber: number = n.doubleValue
            default: throw fail("'\(key)' must be a number")
            }
            guard number.isFinite else { throw fail("'\(key)' must be a finite number, not \(number)") }
            guard positive ? number > 0 : number >= 0 else { throw fail("'\(key)' must be \(positive ? "above" : "at least") 0, not \(JSONValue.format(number))") }
            return number
        }
        try unknown(values.keys, Self.knownKeys, in: "")
        if let currency = values["currency"] {
            guard let text = currency as? String, !text.isEmpty else { throw fail("'currency' must be text, such as \"USD\" or \"CNY\"") }
            self.currency = text
        }
        cuPerVCPUSecond = try number(values["cu_per_vcpu_second"], "cu_per_vcpu_second") ?? cuPerVCPUSecond
        cuPerIdleVCPUSecond = try number(values["cu_per_idle_vcpu_second"], "cu_per_idle_vcpu_second") ?? cuPerIdleVCPUSecond
        cuPerGBSecondMemory = try number(values["cu_per_gb_second_memory"], "cu_per_gb_second_memory") ?? cuPerGBSecondMemory
        cuPerGBSecondDisk = try number(values["cu_per_gb_second_disk"], "cu_per_gb_second_disk") ?? cuPerGBSecondDisk
        cuPer10kInvocations = try number(values["cu_per_10k_invocations"], "cu_per_10k_invocations") ?? cuPer10kInvocations
        defaultMemoryMB = try number(values["memory_mb"], "memory_mb", positive: true) ?? defaultMemoryMB
        vcpu = try number(values["vcpu"], "vcpu", positive: true) ?? vcpu
        diskGB = try number(values["disk_gb"], "disk_gb") ?? diskGB
        if let rawTiers = values["tiers"] {
            guard let list = (rawTiers as? [Any])?.compactMap({ $0 as? [String: Any] }), list.count == (rawTiers as? [Any])?.count, !list.isEmpty else {
                throw fail("'tiers' must be a list of tables with up_to_cu and price_per_cu")
            }
            var lower = 0.0
            tiers = try list.enumerated().map { index, tier in
                let place = "tiers[\(index + 1)]"
                try unknown(tier.keys, Self.tierKeys, in: place + ".")
                guard let price = try number(tier["price_per_cu"], place + ".price_per_cu") else { throw fail("\(place) needs price_per_cu") }
                let upTo = try number(tier["up_to_cu"], place + ".up_to_cu", positive: true)
                if let upTo, upTo <= lower { throw fail("\(place).up_to_cu (\(JSONValue.format(upTo))) must be above the tier before it (\(JSONValue.format(lower)))") }
                if upTo == nil, index != list.count - 1 { throw fail("only the last tier may leave out up_to_cu") }
                lower = upTo ?? lower
                return Tier(upToCU: upTo, pricePerCU: price)
            }
        }
    }
}
