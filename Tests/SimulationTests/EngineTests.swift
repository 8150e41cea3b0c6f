// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Simulation

final class EngineTests: XCTestCase {
    func testClockNeverDecreasesAndFollowsEventTimes() {
        let engine = Engine<Int>()
        let rng = RandomStream(name: "engine-clock", seed: 5)
        for i in 0..<200 { engine.schedule(i, at: Tick(rng.integer(below: 1_000))) }
        var last = engine.now
        var handled = 0
        engine.runToCompletion { i in
            XCTAssertGreaterThanOrEqual(engine.now, last)
            last = engine.now
            handled += 1
            // Each event schedules a follower (some at the same instant) until 2,000 have run.
            if handled < 1_800 { engine.schedule(i, after: Tick(rng.integer(below: 3))) }
        }
        XCTAssertEqual(handled, 200 + 1_799)
        XCTAssertEqual(engine.eventsProcessed, handled)
        XCTAssertEqual(engine.pendingCount, 0)
    }

    func testRunUntilRunsEventsAtTheEndAndSetsTheClock() {
        let engine = Engine<String>(startingAt: 100)
        engine.schedule("a", at: 150)
        engine.schedule("b", at: 200)
        engine.schedule("c", at: 201)
        var seen: [(String, Tick)] = []
        engine.run(until: 200) { seen.append(($0, engine.now)) }
        XCTAssertEqual(seen.map(\.0), ["a", "b"])
        XCTAssertEqual(seen.map(\.1), [150, 200])
        XCTAssertEqual(engine.now, 200)
        XCTAssertEqual(engine.pendingCount, 1)
        XCTAssertEqual(engine.nextEventTime(), 201)
        // A run that ends before the next event still moves the clock to its end.
        engine.run(until: 200) { _ in XCTFail("nothing is due") }
        engine.run(until: 250) { seen.append(($0, engine.now)) }
        XCTAssertEqual(seen.last?.0, "c")
        XCTAssertEqual(engine.now, 250)
    }

    /// `run(until:lookAhead:_:)` runs the same events in the same order as `run(until:_:)`
    /// (far buckets on, events scheduled while running, some at the same instant), and
    /// the look-ahead is shown the event that runs next whenever nothing scheduled in
    /// between comes first and it was not waiting in a far bucket.
    func testLookAheadRunsTheSameEventsAndShowsTheNextOne() {
        func run(lookingAhead: Bool) -> (order: [Int], hints: [(hint: Int, next: Int)]) {
            let engine = Engine<Int>()
            engine.useFarBuckets(log2Width: 3, count: 4)
            let rng = RandomStream(name: "engine-lookahead", seed: 11)
            for i in 0..<300 { engine.schedule(i, at: Tick(rng.integer(below: 400)), priority: i % 3 == 0 ? .release : .normal) }
            var order: [Int] = []
            var hints: [(Int, Int)] = []
            var hintForNext: Int?, hintForThis: Int?
            let handle = { (i: Int) in
                // (The look-ahead ran just before this call and named the event after this one.)
                if let h = hintForThis { hints.append((h, i)) }
                hintForThis = hintForNext
                hintForNext = nil
                order.append(i)
                if i < 5_000 && i % 4 != 3 { engine.schedule(i + 1_000, after: Tick(rng.integer(below: 50))) }
            }
            if lookingAhead {
                engine.run(until: 300, lookAhead: { hintForNext = $0 }, handle)
            } else {
                engine.run(until: 300, handle)
            }
            XCTAssertEqual(engine.now, 300)
            return (order, hints)
        }
        let plain = run(lookingAhead: false), ahead = run(lookingAhead: true)
        XCTAssertEqual(ahead.order, plain.order)
        XCTAssertGreaterThan(plain.order.count, 500)
        XCTAssertTrue(plain.hints.isEmpty)
        // Most hints name the event that then runs (the rest were overtaken by an event
        // scheduled in between or one from a far bucket).
        let right = ahead.hints.filter { $0.hint == $0.next }.count
        XCTAssertGreaterThan(right, ahead.hints.count / 2)
        XCTAssertGreaterThan(ahead.hints.count, ahead.order.count / 2)
    }

    func testStepHonoursItsLimitWithoutMovingTheClock() {
        let engine = Engine<Int>()
        engine.schedule(1, at: 10)
        XCTAssertNil(engine.step(notAfter: 9))
        XCTAssertEqual(engine.now, 0)
        XCTAssertEqual(engine.eventsProcessed, 0)
        let e = engine.step(notAfter: 10)
        XCTAssertEqual(e?.time, 10)
        XCTAssertEqual(e?.event, 1)
        XCTAssertEqual(engine.now, 10)
        XCTAssertNil(engine.step())
    }

    func testSchedulingIntoThePastIsClampedToNow() {
        let engine = Engine<String>()
        engine.schedule("first", at: 50)
        _ = engine.step()
        let id = engine.schedule("past", at: 10)
        engine.schedule("negative delay", after: -5)
        XCTAssertEqual(id.time, 50)
        var times: [Tick] = []
        engine.runToCompletion { _ in times.append(engine.now) }
        XCTAssertEqual(times, [50, 50])
    }

    func testCancelledEventsNeverRunAndAreNotCounted() {
        let engine = Engine<String>()
        let a = engine.schedule("a", at: 5)
        engine.schedule("b", at: 6)
        XCTAssertTrue(engine.cancel(a))
        XCTAssertEqual(engine.nextEventTime(), 6)
        var seen: [String] = []
        engine.runToCompletion { seen.append($0) }
        XCTAssertEqual(seen, ["b"])
        XCTAssertEqual(engine.eventsProcessed, 1)
        XCTAssertFalse(engine.cancel(a))
    }

    /// A hand-worked run: a timer that reschedules itself, and a cancelled
    /// reminder, with the same-instant classes deciding ties.
    func testHandWorkedScheduleWithSameInstantClasses() {
        enum Ev: Equatable { case tick(Int), stat, reminder }
        let engine = Engine<Ev>()
        var log: [String] = []
        engine.schedule(.tick(0), at: 0, priority: .arrival)
        engine.schedule(.stat, at: 20, priority: .observation)
        let reminder = engine.schedule(.reminder, at: 15)
        engine.run(until: 40) { ev in
            switch ev {
            case .tick(let n):
                log.append("tick\(n)@\(engine.now)")
                if n == 1 { engine.cancel(reminder) }
                if n < 4 { engine.schedule(.tick(n + 1), after: 10, priority: .arrival) }
            case .stat: log.append("stat@\(engine.now)")
            case .reminder: log.append("reminder@\(engine.now)")
            }
        }
        // At t=20 the tick (arrival) runs before the observation.
        XCTAssertEqual(log, ["tick0@0", "tick1@10", "tick2@20", "stat@20", "tick3@30", "tick4@40"])
    }
}
