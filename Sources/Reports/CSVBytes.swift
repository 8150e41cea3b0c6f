// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A growable byte buffer that CSV rows are formatted straight into: numbers
/// as digits (no `String` per field), text cells neutralised and quoted only
/// when they need it. The bytes are exactly those ``CSVWriter/writeRow(_:)``
/// writes for the same fields formatted by ``NumberFormat/format(_:)``.
public final class CSVBytes {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    public private(set) var count = 0

    public init(capacity: Int = 1 << 20) {
        self.capacity = Swift.max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes so far.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    public func removeAll() { count = 0 }

    @inline(__always) func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    func grow(_ needed: Int) {
        var c = capacity
        while c < needed { c *= 2 }
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        b.update(from: base, count: count)
        base.deallocate()
        base = b
        capacity = c
    }

    @inline(__always) public func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    /// Appends bytes as they are (already encoded cells, separators).
    public func raw(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { raw($0) }
    }

    public func raw(_ p: UnsafeBufferPointer<UInt8>) {
        guard let src = p.baseAddress, p.count > 0 else { return }
        reserve(p.count)
        (base + count).update(from: src, count: p.count)
        count += p.count
    }

    /// Appends a text cell: neutralised (``CSVCell/neutralised(_:)``) and
    /// quoted when it holds a comma, quote or line break.
    public func text(_ s: String) {
        var s = s
        let done: Bool? = s.withUTF8 { u in
            guard let first = u.first else { return true }
            if first == UInt8(ascii: "=") || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D
                || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { return false }
            for b in u where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                return false
            }
            raw(u)
            return true
        }
        if done == true { return }
        raw(CSVCell.encoded(s))
    }

    /// Appends a whole number in decimal.
    @inline(__always) public func integer(_ v: Int) {
        reserve(21)
        var n = v.magnitude
        if v < 0 { base[count] = UInt8(ascii: "-"); count += 1 }
        if n < 10 { base[count] = UInt8(48 + n); count += 1; return }
        var digits = 0
        var m = n
        while m > 0 { m /= 10; digits += 1 }
        var i = count + digits - 1
        while n > 0 { base[i] = UInt8(48 + n % 10); n /= 10; i -= 1 }
        count += digits
    }

    /// Appends each of `values` after a comma: the bytes of ``comma()`` then ``integer(_:)``
    /// for each, with room made once for all of them (a WMT snapshot row writes 194 counts,
    /// most of them 0 to 99: those take no loop).
    public func commaIntegers(_ values: UnsafeBufferPointer<Int>) {
        reserve(values.count * 22)
        var p = base + count
        for v in values {
            p[0] = UInt8(ascii: ",")
            if v >= 0 && v < 10 {
                p[1] = UInt8(48 &+ v)
                p += 2
            } else if v >= 10 && v < 100 {
                p[1] = UInt8(48 &+ v / 10)
                p[2] = UInt8(48 &+ v % 10)
                p += 3
            } else {
                count = p - base + 1
                integer(v)
                p = base + count
            }
        }
        count = p - base
    }

    /// Appends `v` as ``NumberFormat/format(_:)`` writes it (the same bytes).
    public func number(_ v: Double) {
        if v.isNaN { return }
        if v == v.rounded(), abs(v) < 1e15 { integer(Int(v)); return }
        if fourDecimals(v) { return }
        raw(Array(NumberFormat.format(v).utf8))
    }

    /// ``NumberFormat/fourDecimals(_:)`` straight into the buffer; false (nothing written) when it would give nil.
    @inline(__always) func fourDecimals(_ v: Double) -> Bool {
        let scaled = abs(v) * 10_000
        guard scaled < 1e11 else { return false }
        let floor = scaled.rounded(.down)
        let fraction = scaled - floor
        guard abs(fraction - 0.5) > 1e-4 else { return false }
        let r = Int(fraction < 0.5 ? floor : floor + 1)
        if r == 0 { byte(UInt8(ascii: "0")); return true }
        var digits = r % 10_000
        var places = 4
        while places > 0 && digits % 10 == 0 { digits /= 10; places -= 1 }
        if v < 0 { byte(UInt8(ascii: "-")) }
        integer(r / 10_000)
        if places > 0 {
            reserve(5)
            base[count] = UInt8(ascii: "."); count += 1
            var i = count + places - 1
            for _ in 0..<places { base[i] = UInt8(48 + digits % 10); digits /= 10; i -= 1 }
            count += places
        }
        return true
    }

    @inline(__always) public func comma() { byte(UInt8(ascii: ",")) }
    @inline(__always) public func newline() { byte(UInt8(ascii: "\n")) }
}

extension CSVCell {
    /// A text cell as written: neutralised, then quoted (inner quotes doubled)
    /// when it holds a comma, quote or line break.
    public static func encoded(_ raw: String) -> [UInt8] {
        let f = neutralised(raw)
        let special: (UInt8) -> Bool = {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }
        guard f.utf8.contains(where: special) else { return Array(f.utf8) }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for b in f.utf8 {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}
