// SPDX-License-Identifier: GPL-3.0-or-later

/// A bank holiday: the date it is observed and its name.
public struct BankHoliday: Hashable, Sendable, CustomStringConvertible {
    /// The date the holiday is observed (a substitute day where one applies).
    public let date: CivilDate
    /// The name, e.g. "Boxing Day (substitute day)".
    public let name: String

    /// A holiday named `name` on `date`.
    public init(date: CivilDate, name: String) {
        self.date = date
        self.name = name
    }

    /// `YYYY-MM-DD name`.
    public var description: String { "\(date) \(name)" }
}

/// Bank holidays, computed from their rules for any year.
///
/// England and Wales have eight bank holidays a year:
///
/// - New Year's Day, 1 January (Monday 2 or 3 January if it falls on a weekend);
/// - Good Friday and Easter Monday (Western Easter, ``easterSunday(year:)``);
/// - the Early May bank holiday, the first Monday in May;
/// - the Spring bank holiday, the last Monday in May;
/// - the Summer bank holiday, the last Monday in August;
/// - Christmas Day and Boxing Day, 25 and 26 December, each moved to the next
///   weekday not already a holiday when it falls on a weekend: Christmas on a
///   Friday gives Boxing Day on Monday 28th; on a Saturday, Monday 27th and
///   Tuesday 28th; on a Sunday, Monday 26th (Boxing Day) and Tuesday 27th
///   (Christmas substitute).
///
/// On top of the rules, a table records the one-off changes made by royal
/// proclamation since 1995 (moved and extra days for jubilees, royal events
/// and anniversaries). Years before 1995 use the rules alone (so, for example,
/// the 1977 and 1981 extra days are not included); later years than the table
/// knows use the rules alone, as any future one-off is unknown.
public enum BankHolidays {
    /// The bank holidays of England and Wales in `year`, in date order.
    public static func englandAndWales(year: Int) -> [CivilDate] {
        englandAndWalesNamed(year: year).map(\.date)
    }

    /// The bank holidays of England and Wales in `year` with their names, in date order.
    public static func englandAndWalesNamed(year: Int) -> [BankHoliday] {
        var holidays: [(rule: Rule?, holiday: BankHoliday)] = []
        func add(_ rule: Rule, _ date: CivilDate, substitute: Bool = false) {
            let name = substitute ? rule.name + " (substitute day)" : rule.name
            holidays.append((rule, BankHoliday(date: date, name: name)))
        }

        // New Year's Day; on a weekend, the following Monday.
        let newYear = CivilDate(unchecked: year, 1, 1)
        add(.newYearsDay, nextWeekday(onOrAfter: newYear), substitute: newYear.weekday.isWeekend)

        let easter = easterSunday(year: year)
        add(.goodFriday, easter.adding(days: -2))
        add(.easterMonday, easter.adding(days: 1))
        add(.earlyMay, firstMonday(onOrAfter: CivilDate(unchecked: year, 5, 1)))
        add(.spring, firstMonday(onOrAfter: CivilDate(unchecked: year, 5, 25)))   // last Monday in May
        add(.summer, firstMonday(onOrAfter: CivilDate(unchecked: year, 8, 25)))   // last Monday in August

        // Christmas Day and Boxing Day: one falling on a weekday stays; one
        // falling on a weekend moves (Christmas first) to the next weekday not
        // already taken. So Christmas on a Sunday keeps Boxing Day on Monday
        // 26th and moves Christmas to Tuesday 27th.
        let christmas = CivilDate(unchecked: year, 12, 25), boxingDay = CivilDate(unchecked: year, 12, 26)
        var taken = [christmas, boxingDay].filter { !$0.weekday.isWeekend }
        for (rule, actual) in [(Rule.christmasDay, christmas), (Rule.boxingDay, boxingDay)] {
            var observed = actual
            if actual.weekday.isWeekend {
                repeat { observed = observed.adding(days: 1) } while observed.weekday.isWeekend || taken.contains(observed)
                taken.append(observed)
            }
            add(rule, observed, substitute: observed != actual)
        }

        for change in oneOffChanges where change.holiday.date.year == year {
            if let moved = change.replaces { holidays.removeAll { $0.rule == moved } }
            holidays.append((nil, change.holiday))
        }
        return holidays.map(\.holiday).sorted { $0.date < $1.date }
    }

    /// Western (Gregorian) Easter Sunday of `year`, by the anonymous Gregorian
    /// algorithm (Meeus/Jones/Butcher). Always between 22 March and 25 April.
    public static func easterSunday(year: Int) -> CivilDate {
        // Floored division keeps the formula well defined for any year.
        func div(_ a: Int, _ b: Int) -> Int { let q = a / b; return (a % b < 0) ? q - 1 : q }
        func mod(_ a: Int, _ b: Int) -> Int { let r = a % b; return r < 0 ? r + b : r }
        let a = mod(year, 19)                          // place in the 19-year Metonic cycle
        let b = div(year, 100), c = mod(year, 100)     // century and year within it
        let d = div(b, 4), e = mod(b, 4)               // Gregorian leap-century correction
        let f = div(b + 8, 25)
        let g = div(b - f + 1, 3)                      // lunar (Metonic) correction
        let h = mod(19 * a + b - d - g + 15, 30)       // days from 21 March to the Paschal full moon, roughly
        let i = div(c, 4), k = mod(c, 4)
        let l = mod(32 + 2 * e + 2 * i - h - k, 7)     // days from the full moon to the next Sunday
        let m = div(a + 11 * h + 22 * l, 451)          // correction for late full moons
        let month = div(h + l - 7 * m + 114, 31)
        let day = mod(h + l - 7 * m + 114, 31) + 1
        return CivilDate(unchecked: year, month, day)
    }

    // MARK: Rules and one-off changes

    /// The eight holidays the rules give, so a one-off change can move one.
    enum Rule: Sendable {
        case newYearsDay, goodFriday, easterMonday, earlyMay, spring, summer, christmasDay, boxingDay

        var name: String {
            switch self {
            case .newYearsDay: return "New Year's Day"
            case .goodFriday: return "Good Friday"
            case .easterMonday: return "Easter Monday"
            case .earlyMay: return "Early May bank holiday"
            case .spring: return "Spring bank holiday"
            case .summer: return "Summer bank holiday"
            case .christmasDay: return "Christmas Day"
            case .boxingDay: return "Boxing Day"
            }
        }
    }

    /// One change to the rules in one year: an extra holiday, or (when
    /// `replaces` is set) a rule holiday moved to another date.
    struct OneOffChange: Sendable {
        let holiday: BankHoliday
        let replaces: Rule?

        init(_ year: Int, _ month: Int, _ day: Int, _ name: String, replaces: Rule? = nil) {
            self.holiday = BankHoliday(date: CivilDate(unchecked: year, month, day), name: name)
            self.replaces = replaces
        }
    }

    /// The one-off changes in England and Wales since 1995 (docs/calendar.md lists them too).
    static let oneOffChanges: [OneOffChange] = [
        // 50th anniversary of VE Day: Early May bank holiday moved from Monday 1 May to Monday 8 May 1995.
        OneOffChange(1995, 5, 8, "Early May bank holiday (VE Day)", replaces: .earlyMay),
        // The millennium: an extra bank holiday on Friday 31 December 1999.
        OneOffChange(1999, 12, 31, "Millennium Day"),
        // Golden Jubilee of Queen Elizabeth II: Spring bank holiday moved from
        // Monday 27 May to Tuesday 4 June 2002, and an extra day on Monday 3 June.
        OneOffChange(2002, 6, 4, "Spring bank holiday", replaces: .spring),
        OneOffChange(2002, 6, 3, "Golden Jubilee bank holiday"),
        // Wedding of Prince William and Catherine Middleton: Friday 29 April 2011.
        OneOffChange(2011, 4, 29, "Royal wedding"),
        // Diamond Jubilee of Queen Elizabeth II: Spring bank holiday moved from
        // Monday 28 May to Monday 4 June 2012, and an extra day on Tuesday 5 June.
        OneOffChange(2012, 6, 4, "Spring bank holiday", replaces: .spring),
        OneOffChange(2012, 6, 5, "Queen's Diamond Jubilee"),
        // 75th anniversary of VE Day: Early May bank holiday moved from Monday 4 May to Friday 8 May 2020.
        OneOffChange(2020, 5, 8, "Early May bank holiday (VE Day)", replaces: .earlyMay),
        // Platinum Jubilee of Queen Elizabeth II: Spring bank holiday moved from
        // Monday 30 May to Thursday 2 June 2022, and an extra day on Friday 3 June.
        OneOffChange(2022, 6, 2, "Spring bank holiday", replaces: .spring),
        OneOffChange(2022, 6, 3, "Platinum Jubilee bank holiday"),
        // State Funeral of Queen Elizabeth II: Monday 19 September 2022.
        OneOffChange(2022, 9, 19, "Bank Holiday for the State Funeral of Queen Elizabeth II"),
        // Coronation of King Charles III: Monday 8 May 2023.
        OneOffChange(2023, 5, 8, "Bank holiday for the coronation of King Charles III"),
    ]

    /// `date` if it is Monday to Friday, otherwise the following Monday.
    static func nextWeekday(onOrAfter date: CivilDate) -> CivilDate {
        let w = date.weekday.rawValue
        return w >= 6 ? date.adding(days: 8 - w) : date
    }

    /// The first Monday on or after `date`.
    static func firstMonday(onOrAfter date: CivilDate) -> CivilDate {
        date.adding(days: (8 - date.weekday.rawValue) % 7)
    }
}
