"""serial-5 in SimPy, the reference the engine's benchmark goal is stated against.

The same line as cells/bench/serial-5.json: a saturated source, five single-server stations with
exponential process times of mean 1.0, 1.1, 0.9, 1.2 and 1.0 s, FIFO buffers of capacity 3
between them, blocking after service (a station holds a finished part until the next buffer has
room), 85,000 s simulated.

usage: python3 serial5_simpy.py [--repeats N]
prints one line: the median wall seconds of N runs (seeds 42, 43, ...), the mean units completed
and the mean throughput per second. `takt-bench run --simpy PYTHON` runs it beside takt, and
Tests/bench/run.sh checks that takt completes as many units.
"""
import random
import sys
import time

import simpy

MEANS = [1.0, 1.1, 0.9, 1.2, 1.0]
HORIZON = 85000.0


def run(seed):
    rng = random.Random(seed)
    env = simpy.Environment()
    buffers = [simpy.Store(env, capacity=3) for _ in range(len(MEANS) - 1)]
    completed = [0]

    def station(i):
        while True:
            part = env.now if i == 0 else (yield buffers[i - 1].get())   # the first station is never starved
            yield env.timeout(rng.expovariate(1.0 / MEANS[i]))
            if i == len(MEANS) - 1:
                completed[0] += 1
            else:
                yield buffers[i].put(part)                               # blocked until there is room

    for i in range(len(MEANS)):
        env.process(station(i))
    env.run(until=HORIZON)
    return completed[0]


def main():
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 5
    times = []
    units = []
    for k in range(repeats):
        start = time.perf_counter()
        units.append(run(42 + k))
        times.append(time.perf_counter() - start)
    times.sort()
    mean = sum(units) / len(units)
    print(f"{times[len(times) // 2]:.3f} {mean:.1f} {mean / HORIZON:.4f}")


if __name__ == "__main__":
    main()
