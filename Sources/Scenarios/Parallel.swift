import Foundation

/// Work spread over a few threads with results in a fixed order, so what a command writes does not depend on `jobs`.
public enum Parallel {
    /// `work(0) … work(count - 1)` on up to `jobs` threads, each index taken by the next free thread; the results in index order.
    public static func map<Value: Sendable>(count: Int, jobs: Int, _ work: @Sendable (Int) -> Value) -> [Value] {
        let slots = Slots<Value>(count: count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in
            while let index = slots.claim() { slots.set(index, work(index)) }
        }
        return slots.values
    }

    /// One slot per index, filled by whichever thread took it.
    private final class Slots<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var slots: [Value?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        var values: [Value] { slots.map { $0! } }

        func claim() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < slots.count else { return nil }
            next += 1
            return next - 1
        }

        func set(_ index: Int, _ value: Value) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }
    }
}
