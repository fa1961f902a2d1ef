@testable import FCLogCore
import Foundation
import Testing

@Suite("Price files")
struct PriceFileTests {
    static func load(_ text: String, name: String = "prices.toml") throws -> PriceTable {
        let directory = try TemporaryDirectory()
        return try PriceTable.load(path: try directory.write(name, text))
    }

    static func error(_ text: String, name: String = "prices.toml") -> String {
        do {
            _ = try load(text, name: name)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func tomlAsPeopleWriteIt() throws {
        let table = try Self.load("""
            # FC China regions, as of 2024-08-27
            currency = "CNY" # China
            'memory_mb' = 1_024
            "vcpu" = 0.5
            tiers = [
              { up_to_cu = 2e8, price_per_cu = 0.00011 },   # first 200 M
              { "up_to_cu" = 1_000_000_000, price_per_cu = 0.00010 },
              { price_per_cu = 9e-5 },
            ]

            """)
        #expect(table.currency == "CNY")
        #expect(table.defaultMemoryMB == 1024)
        #expect(table.vcpu == 0.5)
        #expect(table.tiers == PriceTable.china.tiers)
        let headers = try Self.load("""
            currency = "USD"

            [[tiers]]
            up_to_cu = 100_000_000
            price_per_cu = 0.000020

            [[tiers]]
            price_per_cu = 0.000014

            """)
        #expect(headers.tiers == [PriceTable.Tier(upToCU: 100_000_000, pricePerCU: 0.00002), PriceTable.Tier(upToCU: nil, pricePerCU: 0.000014)])
    }

    @Test(arguments: [
        ("[[tiers]]\nup_to_CU = 100\nprice_per_cu = 0.1\n", "unknown key 'tiers[1].up_to_CU'"),
        ("[[tiers]]\n\"up_to_CU\" = 100\nprice_per_cu = 0.1\n", "unknown key 'tiers[1].up_to_CU'"),
        ("cu_per_gb_second_memroy = 0.2\n", "unknown key 'cu_per_gb_second_memroy'"),
        ("tiers = [{ up_to_cu = 500, price_per_cu = 0.1 }, { up_to_cu = 100, price_per_cu = 0.2 }]\n", "tiers[2].up_to_cu (100) must be above the tier before it (500)"),
        ("tiers = [{ price_per_cu = 0.1 }, { up_to_cu = 100, price_per_cu = 0.2 }]\n", "only the last tier may leave out up_to_cu"),
        ("cu_per_vcpu_second = -1\n", "'cu_per_vcpu_second' must be at least 0"),
        ("cu_per_vcpu_second = nan\n", "must be a finite number"),
        ("memory_mb = 0\n", "'memory_mb' must be above 0"),
        ("currency = EUR\n", "prices.toml:1: 'EUR' is not a number"),
        ("currency = \"USD\"\ncurrency = \"CNY\"\n", "prices.toml:2: 'currency' is given twice"),
        ("vcpu = true\n", "'vcpu' must be a number, not true or false"),
        ("[cu]\nvcpu = 1\n", "unknown key 'cu'"),
        ("tiers = [{ price_per_cu = 0.1 }\n", "expected ',' or ']' in an array"),
    ])
    func mistakesAreErrorsNamingTheKeyOrLine(text: String, message: String) {
        let error = Self.error(text)
        #expect(error.contains(message), "\(error)")
    }

    @Test func jsonIsAsStrict() {
        #expect(Self.error(#"{"tiers": [{"up_to": 5, "price_per_cu": 1}]}"#, name: "p.json").contains("unknown key 'tiers[1].up_to'"))
        #expect(Self.error(#"{"cu_per_10k_invocations": -75}"#, name: "p.json").contains("must be at least 0"))
    }

    @Test func theChinaPresetBillsInCNY() throws {
        let store = try ReportTests.sampleStore()
        let result = try FCLogBinary.run(["report", "--db", store.path, "--function", "order-api", "--prices", "cn", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let cost = try #require((json.first?["billing"] as? [String: Any])?["cost"] as? [String: Any])
        #expect(cost["currency"] as? String == "CNY")
        let bad = try FCLogBinary.run(["report", "--db", store.path, "--prices", "mars"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("the presets are cn, intl"))
    }
}
