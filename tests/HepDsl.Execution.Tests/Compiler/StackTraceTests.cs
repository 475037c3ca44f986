using HepDsl.Compiler;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Execution;

namespace HepDsl.Execution.Tests.Compiler;

/// <summary>A runtime exception inside a compiled analysis names the .hep file and line (#line directives + embedded PDB).</summary>
public class StackTraceTests
{
    [Fact]
    public async Task Division_by_zero_in_a_compiled_analysis_points_at_its_hep_line()
    {
        var dir = Directory.CreateTempSubdirectory("hep-crash-").FullName;
        try
        {
            var hep = Path.Combine(dir, "crash.hep");
            File.WriteAllText(hep, "analysis crash\ntree events\nbranch int32 Q1, Q2\n\nhistogram q1 \"charge\": Q1, 3 bins from -1.5 to 1.5\nhistogram bad \"integer remainder by zero\": Q1 % (Q2 - Q2), 3 bins from -1.5 to 1.5\n");
            var compiled = new AnalysisCompiler(new AnalysisCache(Path.Combine(dir, "cache"))).CompileFile(hep);

            var thrown = await Record.ExceptionAsync(() => LocalExecutor.RunAsync(compiled.Create(), [TestData.Zmumu], new LocalRunOptions { Workers = 1 }));

            Assert.NotNull(thrown);
            var divide = Flatten(thrown).OfType<DivideByZeroException>().FirstOrDefault();
            Assert.True(divide is not null, thrown.ToString());
            Assert.Contains("crash.hep:line 6", divide.StackTrace);
            // What hep run prints: the partition and the .hep line, without a stack trace.
            var failed = Flatten(thrown).OfType<PartitionFailedException>().First();
            Assert.Matches(@"partition .* failed: Attempted to divide by zero\. \(at crash\.hep:6\)$", failed.Message);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        yield return e;
        if (e is AggregateException a)
            foreach (var inner in a.InnerExceptions)
                foreach (var x in Flatten(inner)) yield return x;
        else if (e.InnerException is { } i)
            foreach (var x in Flatten(i)) yield return x;
    }
}
