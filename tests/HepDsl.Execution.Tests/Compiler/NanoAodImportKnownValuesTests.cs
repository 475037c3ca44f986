using HepDsl.Compiler;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Execution;

namespace HepDsl.Execution.Tests.Compiler;

/// <summary>
/// An analysis on the NanoAOD RNTuple import checked against values another reader asserts for this very file
/// (UnROOT.jl's test suite: nElectron of the 10 events is 0, 0, 3, 1, 1, 2, 0, 5, 0, 1, and the electrons of the third
/// event have pT 55.494945, 22.64056, 11.299458), for any partitioning, partitions far beyond the one cluster.
/// </summary>
public class NanoAodImportKnownValuesTests
{
    private const string Hep = """
        analysis known
        tree Events
        use nanoaod
        histogram ne: count(Electron), 10 bins from 0 to 10
        cut "three electrons": count(Electron) == 3
        sum pt3: sum(Electron.pt)
        mean lead: Electron[0].pt
        """;

    [Fact]
    public async Task Electron_counts_and_momenta_are_the_ones_UnROOT_asserts()
    {
        var dir = Directory.CreateTempSubdirectory("hep-import-known-").FullName;
        File.WriteAllText(Path.Combine(dir, "known.hep"), Hep);
        var compiler = new AnalysisCompiler(new AnalysisCache(Directory.CreateTempSubdirectory("hep-import-known-cache-").FullName));
        var analysis = compiler.CompileFile(Path.Combine(dir, "known.hep")).Create();
        // Under/overflow first and last: 4 events with none, 3 with one, 1 with two, 1 with three, 1 with five.
        double[] counts = [0, 4, 3, 1, 1, 0, 1, 0, 0, 0, 0, 0];
        foreach (var partitions in new[] { 1, 2, 7, 64 })
        {
            var run = await LocalExecutor.RunAsync(analysis, [TestData.NanoAodRNTuple], new LocalRunOptions { Partitions = partitions, Workers = 2 });
            Assert.Equal(counts, run.Result.Histogram("ne").SumW);
            Assert.Equal([10L, 1L], run.Result.Cutflow.Passed);
            // float32 values as stored, summed in double: within float32 rounding of UnROOT's printed digits.
            Assert.Equal(55.494945 + 22.64056 + 11.299458, run.Result.Aggregate("pt3").SumWX, 1e-5);
            Assert.Equal(55.494945, run.Result.Aggregate("lead").SumWX, 1e-5);
        }
    }
}
