// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation

/// A PDU roster edited in place for a joiner or a leaver (`PDURoster.insert(_:at:)`,
/// `remove(at:)`) against the copies that were made before (`PDURoster(_:inserting:at:)`,
/// `PDURoster(_:removing:)`), fed the same changes of figures, settles and reads: every buffer
/// (list, slots, orders, places, dirty list, writer keys) the same after each step, settled or
/// not, including when the buffers' room runs out and the edit falls back to a copy.
final class PDURosterEditInPlaceTests: XCTestCase {
    typealias Entry = AllocationRoster.Entry

    struct State: Equatable {
        var entries: [Entry], slots: [PDURoster.Slot], open: [[Int32]], openSlot: [Int32]
        var dirty: [Int32], writerKey: [Double], occupied: UInt64
    }

    func state(_ r: PDURoster) -> State {
        State(entries: (0..<r.count).map { r.entries[$0] }, slots: (0..<r.count).map { r.slot[$0] },
              open: r.maxCases.indices.map { k in (0..<r.openCount[k]).map { r.open[k * r.capacity + $0] } },
              openSlot: (0..<r.count).map { r.openSlot[$0] }, dirty: (0..<r.dirtyCount).map { r.dirty[$0] },
              writerKey: (0..<r.count).map { r.writerKey[$0] }, occupied: r.occupied)
    }

    func testInPlaceEditsMatchTheCopies() {
        var g = SplitMix(seed: 202612052)
        let maxCases = [Int.max, 3, 6]
        let grades: [Grade] = [.po, .pso, .pqip]
        var nextID = 0
        func random() -> Entry {
            let rules = g.below(3)
            nextID += 1
            return Entry(practitioner: Int32(nextID), team: 0, rules: Int32(rules), held: Int32(g.below(8)),
                         workload: 10 * g.below(30), available: [0, 100, 200, 300][g.below(4)], grade: grades[rules],
                         writesReports: g.below(4) > 0)
        }
        var inPlaceEdits = 0, fallbacks = 0
        for round in 0..<150 {
            let list = (0..<(round % 50)).map { _ in random() }
            var edited = PDURoster(list, maxCases: maxCases)
            var copied = PDURoster(list, maxCases: maxCases)
            for step in 0..<60 {
                for _ in 0..<(1 + g.below(5)) {
                    switch g.below(5) {
                    case 0:
                        let e = random(), k = g.below(edited.count + 1)
                        if edited.count < edited.capacity {
                            edited.insert(e, at: k); inPlaceEdits += 1
                        } else {
                            edited = PDURoster(edited, inserting: e, at: k); fallbacks += 1
                        }
                        copied = PDURoster(copied, inserting: e, at: k)
                    case 1 where edited.count > 0:
                        let k = g.below(edited.count)
                        edited.remove(at: k); inPlaceEdits += 1
                        copied = PDURoster(copied, removing: k)
                    case 2:
                        edited.settleOpen(); copied.settleOpen()
                    default:
                        guard edited.count > 0 else { continue }
                        let k = g.below(edited.count)
                        let workload = 10 * g.below(30), held = Int32(g.below(8))
                        let available = g.below(3) == 0 ? [0, 100, 200, 300][g.below(4)] : edited.entries[k].available
                        for r in [edited, copied] {
                            r.entries[k].workload = workload
                            r.entries[k].held = held
                            r.entries[k].available = available
                            r.reorder(k, workload: workload, held: held, available: available)
                        }
                    }
                    XCTAssertEqual(state(edited), state(copied), "round \(round), step \(step)")
                }
                if g.below(3) == 0 { XCTAssertEqual(edited.firstWriter, copied.firstWriter) }
                XCTAssertEqual(edited.orders, copied.orders, "round \(round), step \(step)")
                XCTAssertEqual(state(edited), state(copied), "round \(round), step \(step), settled")
            }
        }
        XCTAssertGreaterThan(inPlaceEdits, 1000)
        XCTAssertGreaterThan(fallbacks, 50)
    }
}
