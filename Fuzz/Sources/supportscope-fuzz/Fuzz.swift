import Foundation
import FuzzEntries

/// The entry `FUZZ_TARGET` names (see `FuzzEntries.all`); libFuzzer calls `LLVMFuzzerTestOneInput` with each input.
let entry: @Sendable ([UInt8]) -> Void = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let entry = FuzzEntries.all[name] else {
        FileHandle.standardError.write(
            Data("set FUZZ_TARGET to one of \(FuzzEntries.all.keys.sorted().joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return entry
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    entry(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
