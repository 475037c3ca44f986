using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Runtime.Execution;

/// <summary>
/// The first step of every run, whatever executes it: open each input once (in parallel: remote opens are mostly
/// waiting), check all of them against the analysis' branches, and return their shapes for the partitioner.
/// </summary>
public static class InputSurvey
{
    /// <param name="keep">Takes ownership of each opened source (a local run reuses them); null disposes them.</param>
    public static IReadOnlyList<InputShape> Survey(AnalysisInfo info, IReadOnlyList<string> locations, string tree,
        EventSourceOpener open, int parallelism, Action<string, IEventSource>? keep = null, CancellationToken cancellationToken = default)
    {
        var sources = new IEventSource?[locations.Count];
        var errors = new string?[locations.Count];
        try
        {
            Parallel.For(0, locations.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken }, i =>
            {
                try { sources[i] = open(locations[i], tree); }
                catch (Exception e) when (e is not OperationCanceledException) { errors[i] = e.Message.Contains(locations[i]) ? e.Message : $"{locations[i]}: {e.Message}"; }
            });
            var problems = errors.OfType<string>().ToList();
            if (problems.Count > 0)
                throw new HepDataException($"cannot open {problems.Count} of {locations.Count} input(s):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}");
            Preflight.Check(info, sources.Select(s => s!));
            // Shapes name each input as given, the name partitions carry and a Lambda worker opens again.
            return locations.Select((location, i) => InputShape.Of(sources[i]!) with { Location = location, Tree = tree }).ToList();
        }
        finally
        {
            for (int i = 0; i < sources.Length; i++)
            {
                if (sources[i] is not { } s) continue;
                if (keep is not null) keep(locations[i], s);
                else s.Dispose();
            }
        }
    }
}
