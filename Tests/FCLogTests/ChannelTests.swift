import Foundation
import Testing

@testable import FCLogCore

@Suite("Channels between threads")
struct ChannelTests {
    @Test func valuesArriveInOrderAndTheSenderWaitsForRoom() {
        let channel = Channel<Int>(capacity: 2)
        WorkerThread.start(name: "test send") {
            for value in 0..<1000 { channel.send(value) }
            channel.close()
        }
        var received: [Int] = []
        while case let .value(value) = channel.receive() { received.append(value) }
        #expect(received == Array(0..<1000))
        #expect(channel.receive() == .closed, "a closed channel stays closed")
    }

    @Test func aFullChannelRefusesAnOfferAndAnEmptyOneTimesOut() {
        let channel = Channel<Int>(capacity: 1)
        #expect(channel.offer(1))
        #expect(!channel.offer(2))
        #expect(channel.poll() == 1)
        #expect(channel.poll() == nil)
        #expect(channel.receive(waitingAtMost: 0.05) == .timedOut)
    }

    @Test func cancellingDropsWhatWaitsAndFreesABlockedSender() {
        let channel = Channel<Int>(capacity: 1)
        let outcome = Channel<Bool>(capacity: 2)
        WorkerThread.start(name: "test send") {
            outcome.send(channel.send(1))
            outcome.send(channel.send(2))
        }
        #expect(outcome.receive(waitingAtMost: 10) == .value(true))
        channel.cancel()
        #expect(outcome.receive(waitingAtMost: 10) == .value(false), "the sender waiting for room is refused")
        #expect(channel.receive(waitingAtMost: 1) == .closed, "what waited was dropped")
    }

    @Test func aChannelFreedWithValuesInItIsFine() {
        let channel = Channel<Int>(capacity: 4)
        channel.send(1)
        channel.send(2)
    }
}
