using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// Checks made before a Lambda run invokes anything: one partition's histograms must fit in the function's memory
/// beside the host itself, and its stored result must be within what the driver agrees to download
/// (<see cref="DistributedOptions.MaxResultBytes"/>). Otherwise every invocation would fail (out of memory) or every
/// result be refused, after the whole run was paid for. The local executor's twin is <see cref="Preflight.CheckMemory"/>.
/// </summary>
public static class LambdaPreflight
{
    /// <summary>
    /// An allowance for what a host takes besides the histograms: the .NET runtime, the AWS SDK, the analysis and the
    /// ROOT reader's buffers for one partition. An allowance, not a measurement of every analysis.
    /// </summary>
    public const long HostBaselineBytes = 192L << 20;

    /// <summary>Copies of one partition's histograms a host holds at its peak: the filled result, its serialized form, and the upload or inline (base64) copy.</summary>
    public const int HostCopies = 3;

    /// <summary>Throws <see cref="PreflightException"/> naming the function, the sizes and the largest histogram.</summary>
    public static void Check(AnalysisInfo info, ResultSet empty, string function, int memoryMb, long maxResultBytes)
    {
        var each = Preflight.ResultBytes(empty);
        var largest = empty.Histograms.OrderByDescending(h => h.SumW.Length).FirstOrDefault();
        string Largest() => largest is null ? "" : FormattableString.Invariant($" The largest histogram is '{largest.Name}' with {largest.SumW.Length:N0} cells.");
        long memory = (long)memoryMb << 20;
        long need = HostBaselineBytes + HostCopies * each;
        if (need > memory)
            throw new PreflightException(FormattableString.Invariant(
                $"analysis '{info.Name}' ({info.SourceFile}) cannot run on function '{function}' with {memoryMb:N0} MB: one partition's histograms take {Bytes(each)}, ") +
                FormattableString.Invariant($"held {HostCopies} times by the host (filled, serialized, uploaded) beside its own ~{Bytes(HostBaselineBytes)}: {Bytes(need)} in all; no function was invoked.") +
                Largest() + " Use fewer bins, or a function with more memory (--memory, as configured on the function).");
        if (each > maxResultBytes)
            throw new PreflightException(FormattableString.Invariant(
                $"analysis '{info.Name}' ({info.SourceFile}) cannot run on Lambda: each partition's stored result would be at least {Bytes(each)}, more than the driver downloads ") +
                FormattableString.Invariant($"({Bytes(maxResultBytes)}, --max-result-mb); no function was invoked.") + Largest() + " Use fewer bins, or raise the limit.");
    }

    internal static string Bytes(long n) =>
        n >= 1L << 30 ? FormattableString.Invariant($"{n / (double)(1L << 30):0.0} GiB")
        : n >= 1L << 20 ? FormattableString.Invariant($"{n / (double)(1L << 20):0.0} MiB")
        : FormattableString.Invariant($"{n:N0} bytes");
}

/// <summary>A stored partial result larger than the driver downloads (<see cref="DistributedOptions.MaxResultBytes"/>): not retried, the same partition stores the same size.</summary>
public sealed class ResultTooLargeException(string message) : HepDataException(message);
