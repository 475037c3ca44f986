using HepDsl.Runtime.Execution;

namespace HepDsl.Runtime.IO;

/// <summary>Turns the inputs a user typed (paths, globs like <c>data/*.root</c>, URLs) into concrete locations.</summary>
public static class InputResolver
{
    /// <summary>Expands local globs (sorted, de-duplicated); URLs pass through. A glob or path matching nothing is an error naming it.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs) => LocalInputs.Expand(inputs.ToList());
}
