using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.RNTuple;

namespace HepDsl.Execution.Tests.Compiler;

/// <summary>samples/dimuon.hep on the RNTuple import of the CMS dimuon data, against a plain loop over the same file.</summary>
public class DimuonSampleTests
{
    [Fact]
    public async Task Dimuon_spectrum_equals_a_plain_loop_over_the_rntuple()
    {
        var run = await LocalExecutor.RunAsync(Samples.Compile("dimuon").Create(), [TestData.DimuonRNTuple], new LocalRunOptions { Partitions = 3, Workers = 2 });
        var h = Assert.Single(run.Result.Histograms.OfType<Histogram1D>());

        // The loop: columns read directly, exactly two muons of opposite charge, the mass from (pt, eta, phi, m) in
        // doubles, binned on edges computed here (0.25 * 1200^(i/30)), not by Axis.
        using var source = NTupleSource.Open(TestData.DimuonRNTuple, "Events");
        int n = (int)source.Entries;
        var count = Read<uint>(source, "nMuon", n);
        var pt = Read<float>(source, "Muon_pt", n);
        var eta = Read<float>(source, "Muon_eta", n);
        var phi = Read<float>(source, "Muon_phi", n);
        var m = Read<float>(source, "Muon_mass", n);
        var q = Read<int>(source, "Muon_charge", n);
        var edges = Enumerable.Range(0, 31).Select(i => 0.25 * Math.Pow(300 / 0.25, i / 30.0)).ToArray();
        var bins = new double[32];
        int two = 0, opposite = 0;
        for (int e = 0; e < n; e++)
        {
            if (count.Values[e] != 2) continue;
            two++;
            int a = pt.Offsets[e], b = a + 1;
            if (q.Values[a] == q.Values[b]) continue;
            opposite++;
            double px = 0, py = 0, pz = 0, energy = 0;
            foreach (int k in new[] { a, b })
            {
                double x = pt.Values[k] * Math.Cos(phi.Values[k]), y = pt.Values[k] * Math.Sin(phi.Values[k]), z = pt.Values[k] * Math.Sinh(eta.Values[k]);
                px += x; py += y; pz += z;
                energy += Math.Sqrt(x * x + y * y + z * z + m.Values[k] * (double)m.Values[k]);
            }
            double mass = Math.Sqrt(Math.Max(0, energy * energy - px * px - py * py - pz * pz));
            int bin = mass < edges[0] ? 0 : mass >= edges[^1] ? 31 : 1 + Array.FindLastIndex(edges, edge => mass >= edge);
            bins[bin]++;
        }
        Assert.Equal(1000, run.Entries);
        Assert.Equal([1000L, two, opposite], run.Result.Cutflow.Passed);
        Assert.True(h.X.IsLog);
        for (int i = 0; i <= 30; i++) Assert.Equal(edges[i], h.X.Edges[i], 1e-12);
        Assert.Equal(bins, h.SumW);
        Assert.Equal(opposite, h.Entries);
    }

    private static ColumnBuffer<T> Read<T>(NTupleSource s, string column, int n) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        s.Column<T>(column).Read(0, n, buffer);
        return buffer;
    }
}
