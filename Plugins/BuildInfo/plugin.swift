import Foundation
import PackagePlugin

/// Writes the commit the binary is built from into `BuildInfo.swift` before each build, for `fclog --version`
/// (`unknown` outside a git checkout).
@main
struct BuildInfo: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildInfo.swift")
        let root = context.package.directoryURL.path
        let script = """
            commit=$(git -C '\(root)' rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
            if [ "$commit" != unknown ] && [ -n "$(git -C '\(root)' status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit+changes"; fi
            text="/// The commit fclog was built from.
            let buildCommit = \\"$commit\\""
            [ "$(cat '\(output.path)' 2>/dev/null)" = "$text" ] || printf '%s\\n' "$text" > '\(output.path)'
            """
        return [.prebuildCommand(displayName: "Recording the commit", executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: ["-c", script], outputFilesDirectory: context.pluginWorkDirectoryURL)]
    }
}
