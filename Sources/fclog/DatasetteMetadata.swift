import ArgumentParser
import FCLogCore

extension FCLog {
    struct DatasetteMetadata: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "datasette-metadata",
            abstract: "Print Datasette's metadata for the store: what each public table and column holds, internal tables hidden.",
            discussion: """
                Datasette links the store's relations by its declared foreign keys; this adds the descriptions and \
                hides fclog's internal tables (those named fclog_…).

                Examples:
                  fclog datasette-metadata --db fclog.db > metadata.json
                  datasette fclog.db --metadata metadata.json
                """
        )

        @OptionGroup var store: StoreOptions

        func run() throws {
            try withUserErrors {
                let database = try store.openForReading()
                let file = store.path.split(separator: "/").last.map(String.init) ?? store.path
                let name = file.contains(".") ? String(file[..<file.lastIndex(of: ".")!]) : file
                try Terminal.output(SchemaDescription.datasetteMetadata(database: name, internalTables: try SchemaDescription.internalTables(database)))
            }
        }
    }
}
