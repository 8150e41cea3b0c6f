// SPDX-License-Identifier: GPL-3.0-or-later
import CZlib
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's chromium, headless, driven over the DevTools protocol on
/// 127.0.0.1 (a minimal WebSocket client on a plain socket): loads a page and
/// records every network request the page makes, console messages, uncaught
/// exceptions and log entries, evaluates expressions and takes screenshots.
/// Every wait is bounded; the browser is killed (by its own process id) on close.
final class Browser {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    let process = Process()
    let profile: URL
    var fd: Int32 = -1
    var nextID = 0
    var session = ""
    var buffer: [UInt8] = []
    /// Events received, in order: (method, params).
    var events: [(String, [String: Any])] = []

    init(width: Int = 1280, height: Int = 2200) throws {
        guard let exe = Self.executable else {
            throw Failure(description: "chromium is not installed (scripts/install-deps.sh installs Debian's chromium)")
        }
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
                             "--remote-debugging-address=127.0.0.1", "--user-data-dir=\(profile.path)",
                             "--window-size=\(width),\(height)", "--hide-scrollbars", "--no-first-run",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync",
                             "--disable-default-apps", "--disable-extensions", "about:blank"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // chromium writes the port and the browser endpoint's path to DevToolsActivePort.
        let portFile = profile.appendingPathComponent("DevToolsActivePort").path
        let deadline = Date().addingTimeInterval(60)
        var lines: [Substring] = []
        while Date() < deadline {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8) {
                lines = text.split(separator: "\n")
                if lines.count >= 2 { break }
            }
            guard process.isRunning else { throw Failure(description: "chromium exited (status \(process.terminationStatus)) before listening") }
            usleep(50_000)
        }
        guard lines.count >= 2, let port = UInt16(lines[0]) else {
            close()
            throw Failure(description: "chromium did not open its DevTools port within 60 s")
        }
        try connect(port: port, path: String(lines[1]))
        let target = try call("Target.createTarget", ["url": "about:blank"], session: false)
        guard let targetID = target["targetId"] as? String else { throw Failure(description: "no target id") }
        let attached = try call("Target.attachToTarget", ["targetId": targetID, "flatten": true], session: false)
        session = attached["sessionId"] as? String ?? ""
        for domain in ["Network", "Runtime", "Log", "Page"] { _ = try call("\(domain).enable", [:]) }
    }

    deinit { close() }

    func close() {
        if fd >= 0 { Glibc.close(fd); fd = -1 }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: profile)
    }

    // MARK: Page

    /// Loads `url` and waits for its load event and a quiet moment for scripts.
    func load(_ url: URL, timeout: TimeInterval = 60) throws {
        events.removeAll()
        _ = try call("Page.navigate", ["url": url.absoluteString])
        let deadline = Date().addingTimeInterval(timeout)
        while !events.contains(where: { $0.0 == "Page.loadEventFired" }) {
            guard Date() < deadline else { throw Failure(description: "\(url) did not finish loading within \(Int(timeout)) s") }
            try receive(until: deadline)
        }
        _ = try evaluate("new Promise(r => setTimeout(r, 200))", awaitPromise: true)
    }

    /// URLs the page requested (the page itself included).
    var requests: [String] {
        events.filter { $0.0 == "Network.requestWillBeSent" }.compactMap { ($0.1["request"] as? [String: Any])?["url"] as? String }
    }

    /// Console messages, uncaught exceptions and log entries, as text.
    var problems: [String] {
        events.compactMap { method, p in
            switch method {
            case "Runtime.consoleAPICalled":
                let args = (p["args"] as? [[String: Any]] ?? []).map { "\($0["value"] ?? $0["description"] ?? "")" }
                return "console.\(p["type"] ?? ""): \(args.joined(separator: " "))"
            case "Runtime.exceptionThrown":
                let d = p["exceptionDetails"] as? [String: Any]
                return "exception: \(d?["text"] ?? "") \((d?["exception"] as? [String: Any])?["description"] ?? "")"
            case "Log.entryAdded":
                let e = p["entry"] as? [String: Any]
                return "log \(e?["level"] ?? ""): \(e?["text"] ?? "") \(e?["url"] ?? "")"
            default: return nil
            }
        }
    }

    /// The value of a JavaScript expression (JSON-compatible).
    func evaluate(_ expression: String, awaitPromise: Bool = false) throws -> Any? {
        let r = try call("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": awaitPromise])
        if let e = r["exceptionDetails"] as? [String: Any] { throw Failure(description: "evaluating \(expression): \(e)") }
        return (r["result"] as? [String: Any])?["value"]
    }

    /// A PNG of the whole page (up to `maxHeight` pixels).
    func screenshot(maxHeight: Int = 6000) throws -> [UInt8] {
        let height = min(maxHeight, (try evaluate("document.documentElement.scrollHeight") as? Int) ?? 2000)
        let width = (try evaluate("document.documentElement.scrollWidth") as? Int) ?? 1280
        let r = try call("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true,
                                                    "clip": ["x": 0, "y": 0, "width": width, "height": height, "scale": 1]])
        guard let b64 = r["data"] as? String, let data = Data(base64Encoded: b64) else { throw Failure(description: "no screenshot data") }
        return [UInt8](data)
    }

    // MARK: Protocol

    func call(_ method: String, _ params: [String: Any], session useSession: Bool = true, timeout: TimeInterval = 60) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if useSession && !session.isEmpty { message["sessionId"] = session }
        try send(try JSONSerialization.data(withJSONObject: message))
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let reply = replies.removeValue(forKey: id) {
                if let error = reply["error"] { throw Failure(description: "\(method): \(error)") }
                return reply["result"] as? [String: Any] ?? [:]
            }
            guard Date() < deadline else { throw Failure(description: "\(method): no reply within \(Int(timeout)) s") }
            try receive(until: deadline)
        }
    }

    var replies: [Int: [String: Any]] = [:]

    func connect(port: UInt16, path: String) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { throw Failure(description: "cannot connect to 127.0.0.1:\(port)") }
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try write(Array(request.utf8))
        let deadline = Date().addingTimeInterval(30)
        while true {
            if let end = find(Array("\r\n\r\n".utf8), in: buffer) {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                guard head.hasPrefix("HTTP/1.1 101") else { throw Failure(description: "WebSocket upgrade refused: \(head)") }
                buffer.removeFirst(end + 4)
                return
            }
            try fill(until: deadline)
        }
    }

    func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "the DevTools connection closed while sending") }
            sent += n
        }
    }

    /// Reads more bytes, waiting at most until `deadline`.
    func fill(until deadline: Date) throws {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(max(0, min(1000, deadline.timeIntervalSinceNow * 1000)))
        guard poll(&p, 1, ms) > 0 else {
            if Date() >= deadline { throw Failure(description: "timed out waiting for the browser") }
            return
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw Failure(description: "the browser closed the DevTools connection") }
        buffer.append(contentsOf: chunk[0..<n])
    }

    /// A client frame (masked, as RFC 6455 requires).
    func send(_ payload: Data) throws {
        var frame: [UInt8] = [0x81]
        let n = payload.count
        if n < 126 { frame.append(0x80 | UInt8(n)) }
        else if n < 65_536 { frame += [0x80 | 126, UInt8(n >> 8), UInt8(n & 0xff)] }
        else { frame.append(0x80 | 127); for i in (0..<8).reversed() { frame.append(UInt8((n >> (8 * i)) & 0xff)) } }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        for (i, b) in payload.enumerated() { frame.append(b ^ mask[i % 4]) }
        try write(frame)
    }

    /// Reads one message (reassembling fragments) and files it as a reply or an event.
    func receive(until deadline: Date) throws {
        var message: [UInt8] = []
        while true {
            while buffer.count < 2 { try fill(until: deadline) }
            let opcode = buffer[0] & 0x0f, fin = buffer[0] & 0x80 != 0
            var length = Int(buffer[1] & 0x7f), offset = 2
            if length == 126 {
                while buffer.count < 4 { try fill(until: deadline) }
                length = Int(buffer[2]) << 8 | Int(buffer[3]); offset = 4
            } else if length == 127 {
                while buffer.count < 10 { try fill(until: deadline) }
                length = (2..<10).reduce(0) { $0 << 8 | Int(buffer[$1]) }; offset = 10
            }
            while buffer.count < offset + length { try fill(until: deadline) }
            let payload = Array(buffer[offset..<(offset + length)])
            buffer.removeFirst(offset + length)
            if opcode == 0x8 { throw Failure(description: "the browser closed the DevTools connection") }
            if opcode == 0x9 || opcode == 0xA { continue }
            message += payload
            if fin { break }
        }
        guard let obj = try JSONSerialization.jsonObject(with: Data(message)) as? [String: Any] else { return }
        if let id = obj["id"] as? Int { replies[id] = obj }
        else if let method = obj["method"] as? String { events.append((method, obj["params"] as? [String: Any] ?? [:])) }
    }
}

/// Enough of PNG (RFC 2083) to look at a screenshot's pixels: 8-bit RGB or RGBA, not interlaced.
struct PNGImage {
    var width = 0, height = 0, channels = 0
    var pixels: [UInt8] = []

    init(_ png: [UInt8]) throws {
        struct Bad: Error {}
        guard png.count > 8, Array(png[0..<8]) == [137, 80, 78, 71, 13, 10, 26, 10] else { throw Bad() }
        var i = 8
        var idat: [UInt8] = []
        func u32(_ at: Int) -> Int { Int(png[at]) << 24 | Int(png[at + 1]) << 16 | Int(png[at + 2]) << 8 | Int(png[at + 3]) }
        while i + 8 <= png.count {
            let len = u32(i), type = String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self)
            let data = Array(png[(i + 8)..<(i + 8 + len)])
            if type == "IHDR" {
                width = u32(i + 8); height = u32(i + 12)
                guard data[8] == 8, data[12] == 0 else { throw Bad() }
                channels = data[9] == 6 ? 4 : (data[9] == 2 ? 3 : 0)
                guard channels > 0 else { throw Bad() }
            } else if type == "IDAT" { idat += data }
            i += 12 + len
        }
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: (stride + 1) * height)
        var rawLength = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { uncompress(out.baseAddress, &rawLength, $0.baseAddress, uLong($0.count)) }
        }
        guard status == Z_OK else { throw Bad() }
        pixels = [UInt8](repeating: 0, count: stride * height)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            for x in 0..<stride {
                let v = raw[y * (stride + 1) + 1 + x]
                let a = x >= channels ? Int(pixels[y * stride + x - channels]) : 0
                let b = y > 0 ? Int(pixels[(y - 1) * stride + x]) : 0
                let c = (x >= channels && y > 0) ? Int(pixels[(y - 1) * stride + x - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Bad()
                }
                pixels[y * stride + x] = UInt8((Int(v) + predictor) & 0xff)
            }
        }
    }

    /// The share of pixels that are not (near) white, and how many are close to `rgb`.
    func inked() -> Double {
        var n = 0
        for p in stride(from: 0, to: pixels.count, by: channels) where Int(pixels[p]) + Int(pixels[p + 1]) + Int(pixels[p + 2]) < 720 { n += 1 }
        return Double(n) / Double(max(1, width * height))
    }

    func count(near rgb: (Int, Int, Int), tolerance: Int = 12) -> Int {
        var n = 0
        for p in stride(from: 0, to: pixels.count, by: channels)
        where abs(Int(pixels[p]) - rgb.0) <= tolerance && abs(Int(pixels[p + 1]) - rgb.1) <= tolerance && abs(Int(pixels[p + 2]) - rgb.2) <= tolerance { n += 1 }
        return n
    }
}
