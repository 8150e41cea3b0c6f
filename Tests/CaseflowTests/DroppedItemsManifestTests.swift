// SPDX-License-Identifier: GPL-3.0-or-later
// `horizon.after_end: drop` leaves out dated items after the end of the horizon;
// the run directory's manifest says which (stderr alone is lost once the run ends).
import Foundation
import Testing
@testable import caseflow

@Suite struct DroppedItemsManifestTests {
    /// The tiny scenario over 8 weeks from 2021-06-28 (ending 2021-08-23) with two levers: one
    /// within the horizon, one a week after its end (line 27, the second entry under `levers:`
    /// on line 25).
    static func scenario(afterEnd: String) -> String {
        TinyScenario.text(
            name: "Tiny dropped", horizon: "start: 2021-06-28, length: 8 weeks, after_end: \(afterEnd)", seed: 3,
            replications: 1, demand: ["sentences_per_week: { national: 4 }", "court_reports_per_week: { national: 2 }"],
            outputs: "cadence: weekly, levels: [national]",
            extra: """
                levers:
                  - { date: 2021-07-05, inflow: { scale: 1.1 } }
                  - { date: 2021-08-30, inflow: { scale: 1.2 } }

                """)
    }

    func manifest(_ dir: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: dir.appendingPathComponent("manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func theManifestListsWhatWasDropped() throws {
        let dir = try freshFolder("dropped")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.yaml").path
        try Self.scenario(afterEnd: "drop").write(toFile: path, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("run")
        try Run.parse([path, "--out", out.path, "--quiet"]).run()
        let m = try manifest(out)
        #expect(m["dropped_after_horizon"] as? [String] == [
            "\(path):27:5: levers[1]: lever dated 2021-08-30, after the end of the horizon (2021-08-23): dropped (horizon.after_end: drop)",
        ])
    }

    @Test func nothingDroppedNothingListed() throws {
        let dir = try freshFolder("dropped-none")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.yaml").path
        // The same scenario with the late lever moved inside the horizon.
        try Self.scenario(afterEnd: "drop").replacingOccurrences(of: "2021-08-30", with: "2021-08-16")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("run")
        try Run.parse([path, "--out", out.path, "--quiet"]).run()
        #expect(try manifest(out)["dropped_after_horizon"] == nil)
    }
}
