using System.CommandLine;
using HepDsl.Parser;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;

namespace HepDsl.Cli.Commands;

/// <summary>
/// <c>hep check FILE.hep...</c>: parses and type-checks analyses without running them. Prints one
/// <c>FILE:LINE:COL: error HEP0xxx: message</c> line per diagnostic; exit code 1 when any file has an error.
/// </summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = ".hep analysis files", Arity = ArgumentArity.OneOrMore };
        var model = new Option<bool>("--model") { Description = "Also print the checked model (branches read, collections, statements)" };
        var command = new Command("check", "Check .hep analyses for errors without running them") { files, model };
        command.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(model), Console.Out));
        return command;
    }

    /// <summary>Checks each file; returns the exit code.</summary>
    public static int Run(IEnumerable<string> paths, bool printModel, TextWriter output)
    {
        var failed = false;
        foreach (var path in paths)
        {
            string? text;
            try { text = SourceFiles.Read(path, import: false); }
            catch (BadSourceFileException bad)
            {
                output.WriteLine(HepCompiler.BadFile(path, bad.Message));
                failed = true;
                continue;
            }
            if (text == null)
            {
                output.WriteLine(HepCompiler.FileNotFound(path));
                failed = true;
                continue;
            }
            var result = HepCompiler.Compile(path, text, p => SourceFiles.Read(p, import: true));
            foreach (var d in result.Diagnostics) output.WriteLine(d);
            if (result.Model is not { } m)
            {
                failed = true;
                continue;
            }
            output.WriteLine(Summary(path, m));
            if (printModel) output.Write(ModelPrinter.Print(m));
        }
        return failed ? 1 : 0;
    }

    private static string Summary(string path, AnalysisModel m)
    {
        int histograms = 0, aggregates = 0, cuts = 0;
        foreach (var s in m.Statements)
        {
            if (s is Histogram1D or Histogram2D) histograms++;
            else if (s is AggregateStatement) aggregates++;
            else if (s is Cut) cuts++;
        }
        return $"{path}: ok: analysis {m.Name} reads {m.Branches.Count} branch{(m.Branches.Count == 1 ? "" : "es")} of tree {m.Tree}; "
            + $"{cuts} cut{(cuts == 1 ? "" : "s")}, {histograms} histogram{(histograms == 1 ? "" : "s")}, {aggregates} aggregate{(aggregates == 1 ? "" : "s")}";
    }
}
