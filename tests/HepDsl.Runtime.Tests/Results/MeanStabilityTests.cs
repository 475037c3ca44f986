using HepDsl.Runtime.Output.Json;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Tests.Results;

/// <summary>
/// The error of a <c>mean</c> must not cancel for values with a large common offset (issue 11: adding 1e9 to every
/// value turned an error of 0.0852 into 0.036, 0 or 0.27 depending on the partitions; 1e12 gave 101.7). Each partition
/// accumulates its own aggregate, which goes through the partial-result format (as from a worker or a Lambda) and is
/// merged in order; value and error are compared with a two-pass computation over the same doubles.
/// </summary>
public class MeanStabilityTests
{
    /// <summary>A reproducible sample: values spread by about 2.7 around 1, weights from 0.5 to 2.5.</summary>
    private static (double[] X, double[] W) Sample(double offset, bool signedWeights = false)
    {
        var rng = new Random(11);
        var x = new double[1000];
        var w = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            // Sum of uniforms: roughly normal, spread about 2.7.
            var v = 0.0;
            for (var k = 0; k < 12; k++) v += rng.NextDouble();
            x[i] = offset + 1 + 2.7 * (v - 6);
            // Negative weights (NLO generators): +1/-1, so the running sum of weights passes through 0.
            w[i] = signedWeights ? (i % 3 == 1 ? -1 : 1) : 0.5 + i % 3;
        }
        return (x, w);
    }

    /// <summary>Mean and its error (spread / sqrt(effective entries)) the two-pass way: the mean first, then the deviations from it.</summary>
    private static (double Mean, double Error) TwoPass(double[] x, double[] w)
    {
        double sw = 0, sw2 = 0, swx = 0;
        for (var i = 0; i < x.Length; i++) { sw += w[i]; sw2 += w[i] * w[i]; swx += w[i] * x[i]; }
        // The corrected two-pass algorithm: sum w x near 1e15 loses units in its last place, so the first mean is
        // refined by the mean deviation from it (exact differences: both are near the offset).
        var mean = swx / sw;
        double correction = 0;
        for (var i = 0; i < x.Length; i++) correction += w[i] * (x[i] - mean);
        mean += correction / sw;
        double m2 = 0;
        for (var i = 0; i < x.Length; i++) m2 += w[i] * (x[i] - mean) * (x[i] - mean);
        return (mean, Math.Sqrt(m2 / sw / (sw * sw / sw2)));
    }

    private static Aggregate Partitioned(double[] x, double[] w, int partitions)
    {
        var merged = new Aggregate("m", AggregateKind.Mean);
        for (var p = 0; p < partitions; p++)
        {
            var part = new ResultSet("stable", [], new Cutflow([]), [new Aggregate("m", AggregateKind.Mean)]);
            for (var i = p * x.Length / partitions; i < (p + 1) * x.Length / partitions; i++) part.Aggregates[0].Add(x[i], w[i]);
            // What a worker sends: the partial result's bytes.
            var back = ResultSetSerializer.Deserialize(ResultSetSerializer.Serialize(part));
            merged.Merge(back.Aggregates[0]);
        }
        return merged;
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.0, 7)]
    [InlineData(1e9, 1)]
    [InlineData(1e9, 7)]
    [InlineData(1e9, 64)]
    [InlineData(1e12, 1)]
    [InlineData(1e12, 7)]
    [InlineData(1e12, 64)]
    public void Mean_and_error_match_a_two_pass_computation_whatever_the_offset_and_partitions(double offset, int partitions)
    {
        var (x, w) = Sample(offset);
        var (mean, error) = TwoPass(x, w);
        var a = Partitioned(x, w, partitions);
        Assert.Equal(1000, a.Entries);
        Assert.Equal(mean, a.Value, Math.Abs(mean) * 1e-15 + 1e-12);
        var got = AggregatesJson.Error(a)!.Value;
        Assert.True(Math.Abs(got - error) <= 1e-9 * error, $"error {got}, two-pass {error}");
        // The error does not depend on the offset: the spread of the sample is the same (to the rounding of x).
        var (_, unshifted) = TwoPass(Sample(0).X, w);
        Assert.Equal(unshifted, got, 1e-6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public void Weights_of_both_signs_do_not_break_the_accumulation(int partitions)
    {
        var (x, w) = Sample(1e9, signedWeights: true);
        var (mean, error) = TwoPass(x, w);
        var a = Partitioned(x, w, partitions);
        Assert.Equal(mean, a.Value, Math.Abs(mean) * 1e-14);
        Assert.True(Math.Abs(AggregatesJson.Error(a)!.Value - error) <= 1e-8 * error, $"error {AggregatesJson.Error(a)}, two-pass {error}");
    }

    [Fact]
    public void Merging_into_an_empty_aggregate_and_merging_an_empty_one_change_nothing()
    {
        var (x, w) = Sample(1e12);
        var a = new Aggregate("m", AggregateKind.Mean);
        for (var i = 0; i < x.Length; i++) a.Add(x[i], w[i]);
        var into = new Aggregate("m", AggregateKind.Mean);
        into.Merge(new Aggregate("m", AggregateKind.Mean));
        into.Merge(a);
        into.Merge(new Aggregate("m", AggregateKind.Mean));
        Assert.Equal((a.Value, a.Variance, a.Entries), (into.Value, into.Variance, into.Entries));
    }
}
