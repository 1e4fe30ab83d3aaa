import Testing

/// An estimate from independent replications or batch means: their mean and its standard error.
struct Estimate {
    var mean: Double
    var se: Double

    init(_ values: [Double]) {
        precondition(values.count >= 2, "an estimate needs at least two values")
        let m = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
        mean = m
        se = (variance / Double(values.count)).squareRoot()
    }

    /// Expects the estimate within `sigmas` standard errors of `exact`, and the comparison to decide:
    /// the standard error below `maxRelativeSE` of the exact value. Prints both, with z.
    func expect(_ label: String, exact: Double, sigmas: Double = 4, maxRelativeSE: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        let z = (mean - exact) / se
        print("\(label): \(mean) ± \(se), exact \(exact), z = \(z)")
        #expect(se / abs(exact) < maxRelativeSE, "\(label): not decisive, standard error \(se)", sourceLocation: sourceLocation)
        #expect(abs(z) < sigmas, "\(label): \(mean), exact \(exact)", sourceLocation: sourceLocation)
    }
}
