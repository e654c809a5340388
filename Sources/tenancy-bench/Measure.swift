import Dispatch

/// Wall-clock timing with repetitions; medians are what BENCHMARKS.md reports.
struct Measurement {
    let name: String
    let seconds: [Double]

    var median: Double {
        let sorted = seconds.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func run(_ name: String, repetitions: Int, _ body: () -> Void) -> Measurement {
        body() // warm-up: page in the corpus and the code
        var samples: [Double] = []
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return Measurement(name: name, seconds: samples)
    }
}
