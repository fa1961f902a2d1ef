import ArgumentParser
import FCLogCore

extension FCLog {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One request's story: its spans, request metrics, instance events and log lines.",
            discussion: """
                ID is a RequestId, an instance id or a span id, whole or as much of it as is unique \
                ('*' stands for a masked character; a trailing '…' is dropped). An instance shows its \
                lifetime and its spans.

                Examples:
                  fclog show 1-65a77fbb-157f3f32-e1ee24b17e49
                  fclog show 1-65a77fbb-157f3f32-e1ee…
                  fclog show c-65a77eb0-15416274-ff5addb2c9e1 --format json
                  fclog show --from clickhouse://127.0.0.1:8123/fclog 1-65a77fbb-157f3f32-e1ee…
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text
            case json
        }

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Read the story from a shared ClickHouse database that workers push to, not the store: clickhouse://HOST:8123/DATABASE.",
                                   valueName: "url"))
        var from: ClickHouseURL?

        @OptionGroup var credentials: ClickHouseCredentials

        @OptionGroup var zone: ZoneOptions

        @OptionGroup var color: ColorOptions

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        @Option(help: ArgumentHelp("Show at most this many log lines.", valueName: "n"))
        var lines = 2000

        @Argument(help: ArgumentHelp("A RequestId, instance id or span id, or a unique prefix of one.", valueName: "id"))
        var id: String

        func validate() throws {
            guard (1...10_000_000).contains(lines) else { throw ValidationError("--lines must be from 1 to 10000000") }
        }

        func run() async throws {
            try await withUserErrors {
                var limits = StoryReader.Limits()
                limits.lines = lines
                let database = if let from {
                    try await ClickHouseMirror.loadStory(try credentials.client(from), id: id)
                } else {
                    try store.openForReading()
                }
                let story = try StoryReader.read(database, id: id, limits: limits)
                let renderer = StoryRenderer(colour: format == .text && color.enabled, zone: try zone.zone())
                try format == .json ? Terminal.output(renderer.json(story)) : Terminal.outputFitted(renderer.text(story))
            }
        }
    }
}
