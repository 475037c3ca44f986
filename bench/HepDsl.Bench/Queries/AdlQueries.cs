using HepDsl.Analyses;
using HepDsl.Runtime.Analysis;

namespace HepDsl.Bench.Queries;

/// <summary>The ADL queries as users get them: classes generated from samples/adl/q1..q8.hep at build time.</summary>
internal static class AdlQueries
{
    public static readonly IReadOnlyDictionary<string, Func<IAnalysis>> All = new Dictionary<string, Func<IAnalysis>>
    {
        ["q1"] = () => new Q1Analysis(),
        ["q2"] = () => new Q2Analysis(),
        ["q3"] = () => new Q3Analysis(),
        ["q4"] = () => new Q4Analysis(),
        ["q5"] = () => new Q5Analysis(),
        ["q6"] = () => new Q6Analysis(),
        ["q7"] = () => new Q7Analysis(),
        ["q8"] = () => new Q8Analysis(),
    };

    public static IAnalysis Create(string name) =>
        All.TryGetValue(name, out var make) ? make() : throw new ArgumentException($"unknown query '{name}' (q1..q8)");
}
