extension Array where Element == Int {
    /// How many of these offsets, sorted ascending, are below `bound` (a binary search): the index of the first one
    /// at or past it. Text positions are mapped to their line, message or node with it.
    package func count(below bound: Int) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < bound { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
