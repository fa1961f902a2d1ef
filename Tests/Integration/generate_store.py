"""Writes a synthetic SLS export of function logs: instances of several functions, each with an
Initializer, invocations that overlap (up to three at once), some errors and timeouts, and a PreStop."""

import json
import random


def write(path, instances=5000, invocations=18, functions=4, seed=7):
    rng = random.Random(seed)
    base = 1_704_067_200
    with open(path, "w") as out:
        def emit(fn, instance, t, message):
            out.write(json.dumps({"__time__": str(int(t)), "functionName": fn, "instanceID": instance, "message": message}) + "\n")

        for k in range(instances):
            fn = f"fn-{k % functions}"
            instance = f"c-{k:08x}-{rng.getrandbits(32):08x}-{rng.getrandbits(48):012x}"
            t = base + k * 7 + rng.random()
            init = f"{rng.getrandbits(32):08x}-0000-4000-8000-{k:012x}"
            emit(fn, instance, t, f"FC Initialize Start RequestId: {init}")
            t += 1
            emit(fn, instance, t, f"FC Initialize End RequestId: {init}")
            ends = []
            for j in range(invocations):
                rid = f"1-{int(t):08x}-{k:08x}-{j:012x}"
                start = t + rng.random() * 0.8
                length = 1 + rng.random() * 2.5
                emit(fn, instance, start, f"FC Invoke Start RequestId: {rid}")
                roll = rng.random()
                end = f"FC Invoke End RequestId: {rid}"
                if roll < 0.03:
                    end += ", Error: Function timed out after 3 seconds"
                elif roll < 0.08:
                    end += ", Error: Unhandled function error"
                ends.append((start + length, end))
                t = start
                ends.sort()
                while ends and ends[0][0] <= t:
                    emit(fn, instance, *ends.pop(0))
            for when, end in ends:
                emit(fn, instance, when, end)
            t = max([t] + [w for w, _ in ends]) + 5
            stop = f"{rng.getrandbits(32):08x}-1111-4000-8000-{k:012x}"
            emit(fn, instance, t, f"FC PreStop Start RequestId: {stop}")
            emit(fn, instance, t + 1, f"FC PreStop End RequestId: {stop}")


if __name__ == "__main__":
    import sys
    write(sys.argv[1], instances=int(sys.argv[2]) if len(sys.argv) > 2 else 5000)
