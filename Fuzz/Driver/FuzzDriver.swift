// libFuzzer entry of `fuzz-ivr` (built only by Scripts/fuzz.sh with `-sanitize=fuzzer`; never by `swift test`).
// The target is chosen by the IVR_FUZZ_TARGET environment variable (menu, manifest, calendar, script, partial, args).
import Foundation
import FuzzEntries

let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["IVR_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("fuzz-ivr: set IVR_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    target.run(Data(bytes: bytes, count: count))
    return 0
}

/// libFuzzer's driver, in the libFuzzer runtime linked by `-sanitize=fuzzer`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

/// SwiftPM links an executable's `main` to `<module>_main`: hand the process to libFuzzer's driver.
@_cdecl("fuzz_ivr_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { bytes, size in fuzzOneInput(bytes, size) }
}
