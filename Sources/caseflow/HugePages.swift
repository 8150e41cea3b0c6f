// SPDX-License-Identifier: GPL-3.0-or-later
#if canImport(Glibc)
import Glibc
#endif

/// Transparent huge pages for the model's memory (docs/performance.md, "Huge pages").
///
/// A national replication keeps some 400 MiB of case records, tiering records, caseload rows
/// and event queues, and reads them in no useful order: with 4 KiB pages most of those reads
/// also miss the processor's address translation cache. Where the kernel offers transparent
/// huge pages on request (`/sys/kernel/mm/transparent_hugepage/enabled` is `[madvise]`), the C
/// library's allocator asks for them when its tunable `glibc.malloc.hugetlb=1` is set; the
/// tunable is read only when a program starts, so `caseflow` starts itself again, once, with it
/// added to `GLIBC_TUNABLES` (the same process, arguments and environment otherwise).
///
/// Nothing a run computes or writes depends on it. It is skipped when `CASEFLOW_HUGE_PAGES=0`,
/// when `GLIBC_TUNABLES` already says anything of `glibc.malloc.hugetlb`, when the kernel gives
/// huge pages to every program anyway (`[always]`) or never, and when starting again fails
/// (the command then runs as it is).
enum HugePages {
    static let tunable = "glibc.malloc.hugetlb"

    /// The `GLIBC_TUNABLES` value to start again with, or nil to carry on as we are.
    static func tunables(optOut: String?, current: String?, kernelMode: String?) -> String? {
        if optOut == "0" { return nil }
        if let current, current.contains(tunable) { return nil }
        guard let kernelMode, kernelMode.contains("[madvise]") else { return nil }
        let setting = "\(tunable)=1"
        guard let current, !current.isEmpty else { return setting }
        return current + ":" + setting
    }

    /// Starts this program again with huge pages asked for, when ``tunables`` says to; returns
    /// only when it does not (or when starting again failed).
    static func startAgainIfUseful() {
        #if os(Linux)
        func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        let mode = readKernelMode()
        guard let value = tunables(optOut: env("CASEFLOW_HUGE_PAGES"), current: env("GLIBC_TUNABLES"),
                                   kernelMode: mode) else { return }
        let previous = env("GLIBC_TUNABLES")
        setenv("GLIBC_TUNABLES", value, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when starting again failed: carry on, as we were.
        if let previous { setenv("GLIBC_TUNABLES", previous, 1) } else { unsetenv("GLIBC_TUNABLES") }
        #endif
    }

    /// The kernel's transparent huge page mode line (for example `always [madvise] never`).
    static func readKernelMode() -> String? {
        #if os(Linux)
        guard let f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r") else { return nil }
        defer { fclose(f) }
        var buffer = [CChar](repeating: 0, count: 128)
        guard fgets(&buffer, Int32(buffer.count), f) != nil else { return nil }
        return String(cString: buffer)
        #else
        return nil
        #endif
    }
}
