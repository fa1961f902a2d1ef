/// A binary min-heap: the next end of what runs, in O(log n).
struct MinHeap<Element: Comparable & Sendable>: Sendable {
    private(set) var elements: [Element] = []

    var first: Element? { elements.first }
    var isEmpty: Bool { elements.isEmpty }

    mutating func push(_ element: Element) {
        elements.append(element)
        var child = elements.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard elements[child] < elements[parent] else { break }
            elements.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func popFirst() -> Element? {
        guard !elements.isEmpty else { return nil }
        let top = elements[0]
        let last = elements.removeLast()
        guard !elements.isEmpty else { return top }
        elements[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < elements.count else { break }
            let smaller = left + 1 < elements.count && elements[left + 1] < elements[left] ? left + 1 : left
            guard elements[smaller] < elements[parent] else { break }
            elements.swapAt(smaller, parent)
            parent = smaller
        }
        return top
    }
}
