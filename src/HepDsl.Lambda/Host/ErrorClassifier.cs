using System.Net.Sockets;
using System.Runtime.Loader;
using HepDsl.Runtime.Columns;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime;

namespace HepDsl.Lambda.Host;

/// <summary>
/// Which error type a failed partition is reported as, so the driver retries only what another attempt can fix:
/// network and storage trouble (timeouts, resets, HTTP 408/429/5xx after the reader's own retries) is
/// <c>HepDsl.PartitionFailed</c> (retried); an input that changed since planning is <c>HepDsl.InputChanged</c>; an
/// exception thrown by the analysis code (loaded in its own collectible load context) is <c>HepDsl.AnalysisError</c>;
/// anything else the reader rejects (corrupt basket, missing branch or tree, object gone) is <c>HepDsl.DataError</c>.
/// The last three are permanent: the same bytes and the same code fail the same way every time.
/// </summary>
public static class ErrorClassifier
{
    public static string TypeOf(PartitionFailedException failure)
    {
        var chain = Chain(failure).ToList();
        if (chain.Any(e => e is InputChangedException)) return FunctionErrorTypes.InputChanged;
        if (chain.Any(IsTransient)) return FunctionErrorTypes.PartitionFailed;
        if (chain.Any(e => e is not HepDataException && ThrownByAnalysis(e))) return FunctionErrorTypes.AnalysisError;
        // Memory and stack limits depend on the container (a warm one may hold more): worth another attempt.
        if (chain.Any(e => e is OutOfMemoryException or InsufficientExecutionStackException)) return FunctionErrorTypes.PartitionFailed;
        return FunctionErrorTypes.DataError;
    }

    /// <summary>Failures of the network or the storage service, not of the bytes or the code.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException => true,
        Amazon.Runtime.AmazonServiceException s => (int)s.StatusCode is 0 or 408 or 429 or >= 500,
        Amazon.Runtime.AmazonClientException => true,
        _ => e.GetType().Name == "TransientHttpException", // HttpRangeSource's private marker for 408/429/5xx
    };

    /// <summary>The exception was thrown by code of a collectible (analysis) load context, not by the host or the runtime.</summary>
    public static bool ThrownByAnalysis(Exception e) =>
        e.TargetSite?.DeclaringType?.Assembly is { } assembly
        && AssemblyLoadContext.GetLoadContext(assembly) is { IsCollectible: true } context
        && context != AssemblyLoadContext.Default;

    private static IEnumerable<Exception> Chain(Exception e)
    {
        var pending = new Stack<Exception>([e]);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            yield return next;
            if (next is AggregateException aggregate) foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (next.InnerException is { } inner) pending.Push(inner);
        }
    }
}
