import ArgumentParser

/// `--color`: colour on a terminal that allows it (`auto`, honouring `NO_COLOR` and `TERM=dumb`), always, or never.
struct ColorOptions: ParsableArguments {
    enum Choice: String, ExpressibleByArgument, CaseIterable {
        case auto
        case always
        case never
    }

    @Option(name: .customLong("color"), help: "Colour: auto (a terminal, unless NO_COLOR or TERM=dumb), always or never.")
    var choice: Choice = .auto

    var enabled: Bool {
        switch choice {
        case .auto: Terminal.colourAllowed
        case .always: true
        case .never: false
        }
    }
}
