import Foundation
import Testing
@testable import TaktCLI

/// The `takt` executable hands `Takt.run` only the variables in `Takt.environmentVariables` (it reads
/// them with getenv instead of copying the whole environment), so a variable read anywhere in the CLI
/// but missing from that list would silently never be set.
@Suite("Environment")
struct EnvironmentTests {
    @Test("every environment variable the CLI reads is one the executable passes on")
    func everyReadVariableIsPassed() throws {
        let sources = repositoryRoot.appendingPathComponent("Sources/TaktCLI")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        var read = Set<String>()
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            var rest = Substring(text)
            while let r = rest.range(of: "environment[\"") {
                rest = rest[r.upperBound...]
                if let end = rest.firstIndex(of: "\"") { read.insert(String(rest[..<end])) }
            }
        }
        #expect(read.contains("TAKT_ROBOTS"))
        #expect(read == Set(Takt.environmentVariables))
    }

    @Test("TAKT_ROBOTS pointing at a directory without robots is an error naming it, exit 2")
    func emptyRobotDirectory() {
        let output = Output.capturing()
        let code = Takt.run(["kin", "robots"], output: output, environment: ["TAKT_ROBOTS": "/nonexistent/robots"])
        #expect(code == 2)
        #expect(output.capturedOut.isEmpty)
        #expect(output.capturedErr.hasPrefix("error: kin robots: no robot files in '/nonexistent/robots'"))
    }
}
