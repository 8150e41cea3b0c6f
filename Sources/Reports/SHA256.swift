// SPDX-License-Identifier: GPL-3.0-or-later

/// SHA-256 (FIPS 180-4) of a whole byte sequence, for the scenario fingerprint
/// in run manifests and the files of a plan (``SHA256Stream``, OpenSSL's digest).
public enum SHA256 {
    /// The digest of `bytes` as 64 lower-case hexadecimal digits.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var s = SHA256Stream()
        s.update(bytes)
        return s.finalize()
    }

    /// Bytes as lower-case hexadecimal, two digits a byte.
    static func hexDigits(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xf)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
