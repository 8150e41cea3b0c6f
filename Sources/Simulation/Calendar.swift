// SPDX-License-Identifier: GPL-3.0-or-later

/// The simulation's calendar: which date a tick falls on, and working-day
/// arithmetic for deadlines such as "within five working days".
///
/// Tick 0 is midnight at the start of ``epoch``; one tick is one minute
/// (``Ticks``), so tick `t` falls on the date `floor(t / 1440)` days after the
/// epoch. There are no time zones and no clock changes: every day has 1 440
/// minutes.
///
/// **Working days** are Monday to Friday, except the bank holidays of England
/// and Wales (``BankHolidays/englandAndWales(year:)``) and any
/// ``additionalNonWorkingDays`` the scenario adds (office closures, say).
///
/// **Counting rule.** A deadline counts from the day of the event that
/// starts it, not including that day: "within 5 working days of an event on
/// day D" means by the end of D + 5 working days, where D + n working days is
/// the n-th working day *after* D (``addingWorkingDays(_:to:)``). So
/// Friday + 1 working day is Monday, or Tuesday when Monday is a bank
/// holiday, and a Saturday + 1 is Monday too. ``workingDays(from:to:)`` is
/// the matching measurement: the working days after `from` up to and
/// including `to`, so `workingDays(from: d, to: addingWorkingDays(n, to: d)) == n`
/// for every date `d` and `n ≥ 0`, and something done on date A after an
/// event on date D was done in time when `workingDays(from: D, to: A) <= 5`.
///
/// **Speed and threads.** The initialiser precomputes, for a range of years,
/// the running count of working days and the list of working days, so that
/// ``isWorkingDay(_:)``, ``workingDays(from:to:)`` and
/// ``addingWorkingDays(_:to:)`` are a few array reads inside that range.
/// Outside it the answers are computed from the rules: weekdays arithmetically,
/// bank holidays from a table of each year's (``WeekdayHolidays``, worked out
/// once per process), closures by binary search — a little slower, never
/// recomputing a year's holidays. The calendar is an immutable value: share it
/// between threads freely.
public struct SimulationCalendar: Sendable {
    /// The date of tick 0 (at midnight).
    public let epoch: CivilDate
    /// Extra non-working days beyond weekends and bank holidays, sorted, without repeats.
    public let additionalNonWorkingDays: [CivilDate]
    /// The years whose working days are precomputed.
    public let precomputedYears: ClosedRange<Int>

    /// Day number of the epoch.
    @usableFromInline let epochDay: Int
    /// Day numbers of `additionalNonWorkingDays`, sorted.
    let closureDays: [Int]
    /// Day number of 1 January of the first precomputed year.
    @usableFromInline let tableStart: Int
    /// `workingBefore[i]` is the number of working days in
    /// `tableStart ..< tableStart + i`; it has one entry per day of the
    /// precomputed years plus one.
    @usableFromInline let workingBefore: [Int32]
    /// The day numbers of the working days in the precomputed years, in order.
    @usableFromInline let workingDayList: [Int32]

    /// A calendar whose tick 0 is midnight at the start of `epoch`.
    ///
    /// - Parameters:
    ///   - epoch: the date of tick 0.
    ///   - additionalNonWorkingDays: dates that are not working days although
    ///     they are weekdays and not bank holidays (closures); any year.
    ///   - precomputedYears: the years to tabulate for speed; by default the
    ///     year before the epoch to 30 years after it. Dates outside still work.
    public init(epoch: CivilDate, additionalNonWorkingDays: [CivilDate] = [],
                precomputedYears: ClosedRange<Int>? = nil) {
        self.epoch = epoch
        self.epochDay = epoch.dayNumber
        self.additionalNonWorkingDays = Array(Set(additionalNonWorkingDays)).sorted()
        self.closureDays = self.additionalNonWorkingDays.map(\.dayNumber)
        let years = precomputedYears ?? (epoch.year - 1)...(epoch.year + 30)
        self.precomputedYears = years

        let start = CivilDate.firstOfJanuary(years.lowerBound).dayNumber
        let end = CivilDate.firstOfJanuary(years.upperBound + 1).dayNumber
        var before = [Int32](repeating: 0, count: end - start + 1)
        var list: [Int32] = []
        list.reserveCapacity((end - start) * 5 / 7)
        var holidays = Set<Int>()
        for year in years {
            for date in BankHolidays.englandAndWales(year: year) { holidays.insert(date.dayNumber) }
        }
        holidays.formUnion(closureDays.filter { $0 >= start && $0 < end })
        var count: Int32 = 0
        for day in start..<end {
            if !CivilDate.weekday(ofDayNumber: day).isWeekend && !holidays.contains(day) {
                list.append(Int32(day))
                count += 1
            }
            before[day - start + 1] = count
        }
        self.tableStart = start
        self.workingBefore = before
        self.workingDayList = list
    }

    // MARK: Ticks and dates

    /// The date on which tick `t` falls.
    @inlinable
    public func date(at t: Tick) -> CivilDate { CivilDate(dayNumber: dayNumber(at: t)) }

    /// The tick of midnight at the start of `date`.
    @inlinable
    public func tick(at date: CivilDate) -> Tick { Tick(date.dayNumber - epochDay) * Ticks.day }

    /// The tick of midnight at the start of the day with day number `n` (days since 1970-01-01).
    @inlinable
    public func tick(atDayNumber n: Int) -> Tick { Tick(n - epochDay) * Ticks.day }

    /// Minutes since the last midnight, 0 … 1439.
    @inlinable
    public func timeOfDay(at t: Tick) -> Tick {
        let r = t % Ticks.day
        return r < 0 ? r + Ticks.day : r
    }

    /// The tick of the midnight on or before `t`.
    @inlinable
    public func startOfDay(at t: Tick) -> Tick { t - timeOfDay(at: t) }

    /// The day number (days since 1970-01-01) on which tick `t` falls.
    @inlinable
    public func dayNumber(at t: Tick) -> Int {
        let q = t / Ticks.day
        return epochDay + Int(t % Ticks.day < 0 ? q - 1 : q)
    }

    // MARK: Output cadence

    /// The tick of midnight at the start of the Monday of the ISO week containing `t`.
    public func startOfISOWeek(at t: Tick) -> Tick { tick(at: date(at: t).startOfISOWeek) }

    /// The tick of the first Monday midnight strictly after `t`.
    public func startOfNextISOWeek(after t: Tick) -> Tick { startOfISOWeek(at: t) + Ticks.week }

    /// The tick of midnight at the start of the first day of the month containing `t`.
    public func startOfMonth(at t: Tick) -> Tick { tick(at: date(at: t).startOfMonth) }

    /// The tick of midnight at the start of the first day of the month after the
    /// one containing `t` (always strictly after `t`).
    public func startOfNextMonth(after t: Tick) -> Tick { tick(at: date(at: t).startOfNextMonth) }

    // MARK: Working days

    /// Whether `date` is a working day: Monday to Friday, not a bank holiday
    /// of England and Wales and not one of ``additionalNonWorkingDays``.
    public func isWorkingDay(_ date: CivilDate) -> Bool { isWorkingDay(dayNumber: date.dayNumber) }

    /// Whether tick `t` falls on a working day.
    public func isWorkingDay(at t: Tick) -> Bool { isWorkingDay(dayNumber: dayNumber(at: t)) }

    /// Whether the day with day number `n` is a working day.
    public func isWorkingDay(dayNumber n: Int) -> Bool {
        let i = n - tableStart
        if i >= 0 && i + 1 < workingBefore.count { return workingBefore[i + 1] != workingBefore[i] }
        if CivilDate.weekday(ofDayNumber: n).isWeekend || isClosure(n) { return false }
        return !WeekdayHolidays.contains(n)
    }

    /// `date` if it is a working day, otherwise the next working day after it.
    public func workingDay(onOrAfter date: CivilDate) -> CivilDate {
        isWorkingDay(date) ? date : addingWorkingDays(1, to: date)
    }

    /// The date `n` working days after `date` (see the counting rule above):
    /// the n-th working day strictly after `date`.
    ///
    /// - `n == 0` returns `date` itself, even if it is not a working day
    ///   (use ``workingDay(onOrAfter:)`` to roll forward).
    /// - Starting on a non-working day counts the same way: Saturday + 1 is
    ///   Monday (when Monday is a working day), as is Friday + 1.
    /// - A negative `n` counts back: the |n|-th working day strictly before `date`.
    public func addingWorkingDays(_ n: Int, to date: CivilDate) -> CivilDate {
        CivilDate(dayNumber: addingWorkingDays(n, toDayNumber: date.dayNumber))
    }

    /// The tick of midnight at the start of the date `n` working days after the date of
    /// tick `t`: `tick(at: addingWorkingDays(n, to: date(at: t)))`, without making dates.
    @inlinable
    public func midnightAddingWorkingDays(_ n: Int, to t: Tick) -> Tick {
        tick(atDayNumber: addingWorkingDays(n, toDayNumber: dayNumber(at: t)))
    }

    /// ``addingWorkingDays(_:to:)`` on the date of tick `t`, keeping `t`'s time of day.
    public func tickAddingWorkingDays(_ n: Int, to t: Tick) -> Tick {
        let day = dayNumber(at: t)
        return t + Tick(addingWorkingDays(n, toDayNumber: day) - day) * Ticks.day
    }

    /// The number of working days `d` with `from < d ≤ to` — the working days
    /// after `from` up to and including `to`; the negated count of those in
    /// `(to, from]` when `to` is before `from`. Zero when the dates are equal.
    ///
    /// This is the measure that matches ``addingWorkingDays(_:to:)``: an event
    /// on date A meets "within n working days of D" exactly when
    /// `workingDays(from: D, to: A) <= n`.
    public func workingDays(from: CivilDate, to: CivilDate) -> Int {
        workingDays(fromDayNumber: from.dayNumber, toDayNumber: to.dayNumber)
    }

    /// ``workingDays(from:to:)`` on the dates of ticks `a` and `b`, without making dates.
    @inlinable
    public func workingDays(fromTick a: Tick, toTick b: Tick) -> Int {
        workingDays(fromDayNumber: dayNumber(at: a), toDayNumber: dayNumber(at: b))
    }

    /// ``workingDays(from:to:)`` on day numbers.
    /// (Inlinable, as is ``addingWorkingDays(_:toDayNumber:)``: the model asks some five
    /// million times a national replication, and the call was a third of the work.)
    @inlinable
    public func workingDays(fromDayNumber a: Int, toDayNumber b: Int) -> Int {
        // Both a + 1 and b + 1 inside the table (the usual case): the working days in
        // [a + 1, b + 1), or the negated count of those in [b + 1, a + 1), are one difference
        // of two counts either way, what ``workingDays(in:)`` computes for such a range.
        let ia = a - tableStart + 1, ib = b - tableStart + 1
        if ia >= 0 && ib >= 0 && ia < workingBefore.count && ib < workingBefore.count {
            return Int(workingBefore[ib]) &- Int(workingBefore[ia])
        }
        return workingDaysBeyondTable(fromDayNumber: a, toDayNumber: b)
    }

    /// ``workingDays(fromDayNumber:toDayNumber:)`` when an end is outside the table.
    @usableFromInline
    func workingDaysBeyondTable(fromDayNumber a: Int, toDayNumber b: Int) -> Int {
        // The days after a up to and including b are [a + 1, b + 1).
        b < a ? -workingDays(in: b + 1 ..< a + 1) : workingDays(in: a + 1 ..< b + 1)
    }

    /// ``addingWorkingDays(_:to:)`` on day numbers.
    @inlinable
    public func addingWorkingDays(_ n: Int, toDayNumber d: Int) -> Int {
        if n == 0 { return d }
        let i = d - tableStart
        if i >= 0 && i + 1 < workingBefore.count {
            // workingBefore[i + 1] working days in the table lie on or before d,
            // so the next one after d is workingDayList[workingBefore[i + 1]].
            let k = n > 0 ? Int(workingBefore[i + 1]) + n - 1 : Int(workingBefore[i]) + n
            if k >= 0 && k < workingDayList.count { return Int(workingDayList[k]) }
        }
        return addingWorkingDaysStepping(n, toDayNumber: d)
    }

    /// ``addingWorkingDays(_:toDayNumber:)`` outside the table, or counting past its end.
    @usableFromInline
    func addingWorkingDaysStepping(_ n: Int, toDayNumber d: Int) -> Int {
        // Outside the table, or counting past its end: step day by day.
        var day = d, left = abs(n)
        let step = n > 0 ? 1 : -1
        while left > 0 {
            day += step
            if CivilDate.weekday(ofDayNumber: day).isWeekend || isClosure(day) { continue }
            if !WeekdayHolidays.contains(day) { left -= 1 }
        }
        return day
    }

    // MARK: Internals

    /// The number of working days among the day numbers in `days`: the part
    /// inside the table by two lookups, any part outside from the rules.
    func workingDays(in days: Range<Int>) -> Int {
        let tableEnd = tableStart + workingBefore.count - 1
        var count = 0
        let lo = max(days.lowerBound, tableStart), hi = min(days.upperBound, tableEnd)
        if lo < hi { count += Int(workingBefore[hi - tableStart] - workingBefore[lo - tableStart]) }
        if days.lowerBound < tableStart {
            count += nonTableWorkingDays(days.lowerBound, min(days.upperBound, tableStart))
        }
        if days.upperBound > tableEnd {
            count += nonTableWorkingDays(max(days.lowerBound, tableEnd), days.upperBound)
        }
        return count
    }

    /// Working days in `[a, b)` (a ≤ b), for days outside the table: the weekdays
    /// counted arithmetically, less the bank holidays (from ``WeekdayHolidays``) and the
    /// closures on weekdays that are not bank holidays.
    func nonTableWorkingDays(_ a: Int, _ b: Int) -> Int {
        // Weekdays before x, counted from Monday 1970-01-05 (day 4).
        func weekdaysBefore(_ x: Int) -> Int {
            let z = x - 4
            let weeks = z >= 0 ? z / 7 : (z - 6) / 7
            return 5 * weeks + min(z - 7 * weeks, 5)
        }
        guard a < b else { return 0 }
        var count = weekdaysBefore(b) - weekdaysBefore(a)
        for year in CivilDate(dayNumber: a).year...CivilDate(dayNumber: b - 1).year {
            for day in WeekdayHolidays.dayNumbers(year: year) where day >= a && day < b { count -= 1 }
        }
        var k = firstClosure(onOrAfter: a)
        while k < closureDays.count && closureDays[k] < b {
            let day = closureDays[k]
            if !CivilDate.weekday(ofDayNumber: day).isWeekend && !WeekdayHolidays.contains(day) { count -= 1 }
            k += 1
        }
        return count
    }

    /// The index of the first closure on or after day number `n` (`closureDays.count` if none).
    func firstClosure(onOrAfter n: Int) -> Int {
        var lo = 0, hi = closureDays.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if closureDays[mid] < n { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Whether day number `n` is one of the additional non-working days.
    func isClosure(_ n: Int) -> Bool {
        let k = firstClosure(onOrAfter: n)
        return k < closureDays.count && closureDays[k] == n
    }
}

/// The bank holidays of England and Wales that fall on weekdays, by year, as day numbers:
/// what a calendar needs for dates outside its own table. The years 1900 to 2499 are worked
/// out once, on first use, into an immutable table (a `static let`, which Swift initialises
/// exactly once, safely across threads), so no calendar recomputes a year's holidays for
/// every question, and replications on other threads share it without locks. Other years
/// are computed from the rules each time (correct, slower).
enum WeekdayHolidays {
    /// The years tabulated.
    static let years = 1900...2499

    private static let table: [[Int]] = years.map(compute)

    private static func compute(_ year: Int) -> [Int] {
        BankHolidays.englandAndWales(year: year).map(\.dayNumber).filter { !CivilDate.weekday(ofDayNumber: $0).isWeekend }
    }

    /// The day numbers of `year`'s bank holidays that fall on weekdays, in order.
    static func dayNumbers(year: Int) -> [Int] {
        years.contains(year) ? table[year - years.lowerBound] : compute(year)
    }

    /// Whether day number `n` is a bank holiday (on a weekday).
    static func contains(_ n: Int) -> Bool {
        dayNumbers(year: CivilDate(dayNumber: n).year).contains(n)
    }
}
