import ArgumentParser
import FCLogCore

extension LinePolicy: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension AdviceFormat: ExpressibleByArgument {}
