using HepDsl.Compiler;
using HepDsl.Execution.Tests.Support;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Histograms;

namespace HepDsl.Execution.Tests.Compiler;

/// <summary>Imported files reach the generator and are part of the cache key.</summary>
public class ImportTests
{
    [Fact]
    public async Task An_imported_library_is_compiled_in_and_its_changes_invalidate_the_cache()
    {
        var dir = Directory.CreateTempSubdirectory("hep-import-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "lib"));
        var library = Path.Combine(dir, "lib", "central.hep");
        File.WriteAllText(library, "use nanoaod\nlet central_jets = Jet with abs(eta) < 1\n");
        var main = Path.Combine(dir, "central_pt.hep");
        File.WriteAllText(main, "analysis central_pt\ntree Events\nimport \"lib/central.hep\"\n" +
                                "histogram jet_pt: central_jets.pt, 100 bins from 15 to 60\n");

        var compiler = new AnalysisCompiler(new AnalysisCache(Path.Combine(dir, "cache")));
        var compiled = compiler.CompileFile(main);
        // The same selection and binning as ADL q3, written across two files: the same histogram.
        var viaImport = await LocalExecutor.RunAsync(compiled.Create(), [TestData.NanoAod], new LocalRunOptions { Workers = 1 });
        var q3 = await LocalExecutor.RunAsync(Samples.Compile("q3").Create(), [TestData.NanoAod], new LocalRunOptions { Workers = 1 });
        Assert.Equal(((Histogram1D)q3.Result.Histograms[0]).SumW, ((Histogram1D)viaImport.Result.Histograms[0]).SumW);

        Assert.True(compiler.CompileFile(main).FromCache);
        File.AppendAllText(library, "\n");
        var changed = compiler.CompileFile(main);
        Assert.False(changed.FromCache);
        Assert.NotEqual(compiled.Hash, changed.Hash);
        Assert.Equal(2, compiler.RoslynRuns);
    }

    [Fact]
    public void A_missing_import_is_a_hep_error_at_its_line()
    {
        var dir = Directory.CreateTempSubdirectory("hep-import-").FullName;
        var main = Path.Combine(dir, "a.hep");
        File.WriteAllText(main, "analysis a\ntree Events\nimport \"nowhere.hep\"\ncount all\n");
        var e = Assert.Throws<AnalysisCompileException>(() => new AnalysisCompiler(new AnalysisCache(Path.Combine(dir, "cache"))).CompileFile(main));
        Assert.Contains(e.Diagnostics, d => d.IsError && d.Id == "HEP0014" && d.Line == 3 && d.File.EndsWith("a.hep"));
    }
}
