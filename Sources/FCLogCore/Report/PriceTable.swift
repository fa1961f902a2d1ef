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

    // MARK: - Files

    /// Reads a price file; JSON when it starts with `{`, TOML otherwise.
    public static func load(path: String) throws -> PriceTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FCLogError.unreadableInput(path: path, reason: "no such file or not readable")
        }
        let text = String(decoding: data, as: UTF8.self)
        let values: [String: Any]
        if text.drop(while: \.isWhitespace).first == "{" {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw FCLogError.invalidArgument("\(path): not a JSON object")
            }
            values = object
        } else {
            values = try TOMLSubset.parse(text, path: path)
        }
        return try PriceTable(values: values, path: path)
    }

    init(values: [String: Any], path: String) throws {
        self.init()
        func number(_ key: String) throws -> Double? {
            guard let value = values[key] else { return nil }
            if let n = value as? Double { return n }
            if let n = value as? Int { return Double(n) }
            if let n = value as? NSNumber { return n.doubleValue }
            throw FCLogError.invalidArgument("\(path): '\(key)' must be a number")
        }
        let known: Set<String> = ["currency", "cu_per_vcpu_second", "cu_per_idle_vcpu_second", "cu_per_gb_second_memory", "cu_per_gb_second_disk",
                                  "cu_per_10k_invocations", "tiers", "memory_mb", "vcpu", "disk_gb"]
        if let unknown = values.keys.first(where: { !known.contains($0) }) {
            throw FCLogError.invalidArgument("\(path): unknown key '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        if let currency = values["currency"] {
            guard let text = currency as? String else { throw FCLogError.invalidArgument("\(path): 'currency' must be text") }
            self.currency = text
        }
        cuPerVCPUSecond = try number("cu_per_vcpu_second") ?? cuPerVCPUSecond
        cuPerIdleVCPUSecond = try number("cu_per_idle_vcpu_second") ?? cuPerIdleVCPUSecond
        cuPerGBSecondMemory = try number("cu_per_gb_second_memory") ?? cuPerGBSecondMemory
        cuPerGBSecondDisk = try number("cu_per_gb_second_disk") ?? cuPerGBSecondDisk
        cuPer10kInvocations = try number("cu_per_10k_invocations") ?? cuPer10kInvocations
        defaultMemoryMB = try number("memory_mb") ?? defaultMemoryMB
        vcpu = try number("vcpu") ?? vcpu
        diskGB = try number("disk_gb") ?? diskGB
        if let rawTiers = values["tiers"] {
            guard let list = rawTiers as? [[String: Any]], !list.isEmpty else {
                throw FCLogError.invalidArgument("\(path): 'tiers' must be a list of {up_to_cu, price_per_cu}")
            }
            tiers = try list.map { tier in
                guard let price = (tier["price_per_cu"] as? NSNumber)?.doubleValue else {
                    throw FCLogError.invalidArgument("\(path): every tier needs a numeric 'price_per_cu'")
                }
                return Tier(upToCU: (tier["up_to_cu"] as? NSNumber)?.doubleValue, pricePerCU: price)
            }
        }
    }
}

/// The part of TOML a price file needs: `key = value` lines (numbers, strings)
/// and `[[tiers]]` tables.
enum TOMLSubset {
    static func parse(_ text: String, path: String) throws -> [String: Any] {
        var root: [String: Any] = [:]
        var tables: [String: [[String: Any]]] = [:]
        var current: (name: String, values: [String: Any])?
        func closeTable() {
            if let current { tables[current.name, default: []].append(current.values) }
            current = nil
        }
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#"), !line[..<hash].contains("\"") { line = line[..<hash] }
            line = line.trimmingCharacters(in: .whitespaces)[...]
            if line.isEmpty { continue }
            if line.hasPrefix("[[") && line.hasSuffix("]]") {
                closeTable()
                current = (String(line.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespaces), [:])
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw FCLogError.invalidArgument("\(path):\(index + 1): expected 'key = value'")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let raw = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let value: Any
            if raw.hasPrefix("\""), raw.hasSuffix("\""), raw.count >= 2 {
                value = String(raw.dropFirst().dropLast())
            } else if let number = Double(raw.replacingOccurrences(of: "_", with: "")) {
                value = NSNumber(value: number)
            } else {
                throw FCLogError.invalidArgument("\(path):\(index + 1): '\(raw)' is not a number or a quoted string")
            }
            if current != nil {
                current!.values[key] = value
            } else {
                root[key] = value
            }
        }
        closeTable()
        for (name, list) in tables { root[name] = list }
        return root
    }
}
