using HepDsl.Tests.HandWritten;
using HepDsl.Generator.Tests.Support;
using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Histograms;
using HepDsl.Runtime.Physics;
using HepDsl.Runtime.Results;

namespace HepDsl.Generator.Tests.HandWritten;

/// <summary>
/// The hand-written target shape: correct against plain loops, and allocation-free per event once warm.
/// </summary>
public class HandWrittenAnalysisTests
{
    private static InMemoryEventSource Synthetic(long entries)
    {
        // Deterministic pseudo-random multiplicities and kinematics, cheap to make for 100k events.
        static double U(long i, int salt) => (((i * 2654435761L + salt * 40503L) & 0xFFFF) / 65536.0);
        static int N(long i, int salt) => (int)(((i * 7919L + salt) >> 2) % 6);
        return new InMemoryEventSource(entries)
            .Scalar("MET_pt", ColumnType.Float32, i => (float)(200 * U(i, 1)))
            .Jagged("Muon_pt", ColumnType.Float32, i => Enumerable.Range(0, N(i, 3)).Select(k => (float)(5 + 60 * U(i + k, 4))).ToArray())
            .Jagged("Muon_eta", ColumnType.Float32, i => Enumerable.Range(0, N(i, 3)).Select(k => (float)(4.8 * U(i + k, 5) - 2.4)).ToArray())
            .Jagged("Muon_phi", ColumnType.Float32, i => Enumerable.Range(0, N(i, 3)).Select(k => (float)(2 * Math.PI * U(i + k, 6) - Math.PI)).ToArray())
            .Jagged("Muon_mass", ColumnType.Float32, i => Enumerable.Range(0, N(i, 3)).Select(_ => 0.105658f).ToArray())
            .Jagged("Muon_charge", ColumnType.Int32, i => Enumerable.Range(0, N(i, 3)).Select(k => U(i + k, 7) < 0.5 ? -1 : 1).ToArray())
            .Jagged("Jet_pt", ColumnType.Float32, i => Enumerable.Range(0, N(i, 8) + 1).Select(k => (float)(20 + 100 * U(i + k, 9))).ToArray())
            .Jagged("Jet_eta", ColumnType.Float32, i => Enumerable.Range(0, N(i, 8) + 1).Select(k => (float)(5 * U(i + k, 10) - 2.5)).ToArray())
            .Jagged("Jet_phi", ColumnType.Float32, i => Enumerable.Range(0, N(i, 8) + 1).Select(k => (float)(2 * Math.PI * U(i + k, 11) - Math.PI)).ToArray())
            .Jagged("Jet_mass", ColumnType.Float32, i => Enumerable.Range(0, N(i, 8) + 1).Select(k => (float)(10 * U(i + k, 12))).ToArray())
            .Jagged("Jet_btagCSVV2", ColumnType.Float32, i => Enumerable.Range(0, N(i, 8) + 1).Select(k => (float)U(i + k, 13)).ToArray());
    }

    private static ResultSet Run(IAnalysis analysis, IEventSource source)
    {
        var result = analysis.CreateResult();
        var processor = analysis.CreateProcessor();
        // Two calls over adjacent ranges, as a worker would make: coverage must add up.
        var half = source.Entries / 2;
        processor.Process(source, new EntryRange(0, half), result);
        processor.Process(source, new EntryRange(half, source.Entries - half), result);
        return result;
    }

    [Fact]
    public void Q5_matches_a_plain_loop()
    {
        using var source = Synthetic(3000);
        var result = Run(new Q5Analysis(), source);

        var expected = new Histogram1D("met", "", Axis.Regular(100, 0, 200));
        var pass = 0;
        var met = Read<float>(source, "MET_pt");
        var pt = Read<float>(source, "Muon_pt");
        var eta = Read<float>(source, "Muon_eta");
        var phi = Read<float>(source, "Muon_phi");
        var mass = Read<float>(source, "Muon_mass");
        var q = Read<int>(source, "Muon_charge");
        for (var e = 0; e < source.Entries; e++)
        {
            var ok = false;
            var o = pt.Offsets[e];
            var n = pt.Offsets[e + 1] - o;
            for (var i = 0; i < n; i++)
                for (var j = i + 1; j < n; j++)
                {
                    var m = Kinematics.InvariantMass(pt.Values[o + i], eta.Values[o + i], phi.Values[o + i], mass.Values[o + i],
                        pt.Values[o + j], eta.Values[o + j], phi.Values[o + j], mass.Values[o + j]);
                    if (q.Values[o + i] != q.Values[o + j] && m > 60 && m < 120) ok = true;
                }
            if (!ok) continue;
            pass++;
            expected.Fill(met.Values[e]);
        }

        var typed = Q5Result.From(result);
        Assert.Equal(3000, typed.Cutflow.Passed[0]);
        Assert.Equal(pass, typed.Cutflow.Passed[1]);
        Assert.InRange(pass, 50, 2900); // the synthetic sample must exercise both outcomes
        Assert.Equal(expected.SumW, typed.Histograms.Met.SumW);
        Assert.Equal(3000, result.EntriesProcessed);
    }

    [Fact]
    public void Q6_picks_the_trijet_closest_to_the_top_mass()
    {
        using var source = Synthetic(2000);
        var result = Run(new Q6Analysis(), source);

        var expectedPt = new Histogram1D("trijet_pt", "", Axis.Regular(100, 0, 300));
        var pt = Read<float>(source, "Jet_pt");
        var eta = Read<float>(source, "Jet_eta");
        var phi = Read<float>(source, "Jet_phi");
        var m = Read<float>(source, "Jet_mass");
        var pass = 0;
        for (var e = 0; e < source.Entries; e++)
        {
            var o = pt.Offsets[e];
            var n = pt.Offsets[e + 1] - o;
            if (n < 3) continue;
            pass++;
            var jets = Enumerable.Range(o, n).Select(k => LorentzVector.FromPtEtaPhiM(pt.Values[k], eta.Values[k], phi.Values[k], m.Values[k])).ToArray();
            var best = (from i in Enumerable.Range(0, n)
                        from j in Enumerable.Range(i + 1, n - i - 1)
                        from k in Enumerable.Range(j + 1, n - j - 1)
                        let sum = jets[i] + jets[j] + jets[k]
                        orderby Math.Abs(sum.Mass - 172.5)
                        select sum).First();
            expectedPt.Fill(best.Pt);
        }

        Assert.Equal(pass, result.Cutflow.Passed[1]);
        Assert.InRange(pass, 100, 1900);
        Assert.Equal(expectedPt.SumW, result.Histogram("trijet_pt").SumW);
    }

    [Theory]
    [InlineData(typeof(Q1Analysis))]
    [InlineData(typeof(Q5Analysis))]
    [InlineData(typeof(Q6Analysis))]
    public void Event_loop_allocates_nothing_per_event_once_warm(Type analysisType)
    {
        using var source = Synthetic(60_000);
        var analysis = (IAnalysis)Activator.CreateInstance(analysisType)!;
        Assert.Equal(0, AllocationChecks.ExtraBytesOnceWarm(analysis, source));
    }

    private static ColumnBuffer<T> Read<T>(IEventSource source, string branch) where T : unmanaged
    {
        var buffer = new ColumnBuffer<T>();
        source.Column<T>(branch).Read(0, (int)source.Entries, buffer);
        return buffer;
    }
}
