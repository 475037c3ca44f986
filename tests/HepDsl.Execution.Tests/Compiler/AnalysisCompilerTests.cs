using System.Text.RegularExpressions;
using HepDsl.Compiler;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Execution;

namespace HepDsl.Execution.Tests.Compiler;

public class AnalysisCompilerTests
{
    private static string TempCopyOf(string sample)
    {
        var dir = Directory.CreateTempSubdirectory("hep-compile-").FullName;
        var path = Path.Combine(dir, Path.GetFileName(sample));
        File.Copy(sample, path);
        return path;
    }

    [Fact]
    public async Task Second_compile_comes_from_the_disk_cache_without_running_roslyn()
    {
        var cache = new AnalysisCache(Directory.CreateTempSubdirectory("hep-cache-").FullName);
        var hep = Samples.Path("q1");

        var first = new AnalysisCompiler(cache);
        var compiled = first.CompileFile(hep);
        Assert.False(compiled.FromCache);
        Assert.Equal(1, first.RoslynRuns);
        Assert.True(File.Exists(cache.PathOf(compiled.Hash)));
        Assert.Matches("^[0-9a-f]{64}$", compiled.Hash);

        var second = new AnalysisCompiler(cache);
        var again = second.CompileFile(hep);
        Assert.True(again.FromCache);
        Assert.Equal(0, second.RoslynRuns);
        Assert.Equal(compiled.Hash, again.Hash);
        Assert.Equal(compiled.Assembly, again.Assembly);

        // Both load and run alike.
        var a = await LocalExecutor.RunAsync(compiled.Create(), [TestData.NanoAod], new LocalRunOptions { Workers = 1 });
        var b = await LocalExecutor.RunAsync(again.Create(), [TestData.NanoAod], new LocalRunOptions { Workers = 1 });
        ResultAssert.Same(a.Result, b.Result, "cached vs compiled");
    }

    [Fact]
    public void Any_change_to_the_text_changes_the_hash()
    {
        var hep = TempCopyOf(Samples.Path("q1"));
        var compiler = new AnalysisCompiler(new AnalysisCache(Directory.CreateTempSubdirectory("hep-cache-").FullName));
        var before = compiler.CompileFile(hep);
        File.AppendAllText(hep, "\n\n");
        var after = compiler.CompileFile(hep);
        Assert.NotEqual(before.Hash, after.Hash);
        Assert.False(after.FromCache);
        Assert.Equal(2, compiler.RoslynRuns);
    }

    [Fact]
    public void Hep_errors_come_back_as_file_line_column_and_id()
    {
        var dir = Directory.CreateTempSubdirectory("hep-compile-").FullName;
        var bad = Path.Combine(dir, "broken.hep");
        File.WriteAllText(bad, "this is not an analysis {{{\n");
        var compiler = new AnalysisCompiler(new AnalysisCache(Path.Combine(dir, "cache")));
        var e = Assert.Throws<AnalysisCompileException>(() => compiler.CompileFile(bad));
        Assert.NotEmpty(e.Diagnostics);
        Assert.All(e.Diagnostics.Where(d => d.IsError), d => Assert.Matches(new Regex(@"broken\.hep:\d+:\d+: error HEP\d{4}: \S"), d.ToString()));
        Assert.False(Directory.Exists(Path.Combine(dir, "cache")) && Directory.EnumerateFiles(Path.Combine(dir, "cache")).Any(), "errors are never cached");
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var e = Assert.Throws<FileNotFoundException>(() => AnalysisCompiler.Compile("/nonexistent/analysis.hep"));
        Assert.Contains("/nonexistent/analysis.hep", e.Message);
    }
}
