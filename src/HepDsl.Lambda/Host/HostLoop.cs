using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;

namespace HepDsl.Lambda.Host;

/// <summary>
/// The custom runtime's main loop: take the next event, run it under its deadline, post the response or a typed
/// error, repeat while the container lives. A failure before the first event is reported as an init error.
/// </summary>
public static class HostLoop
{
    /// <summary>Time kept back before the deadline to stop, report and let the error reach the Runtime API.</summary>
    public static TimeSpan SafetyMargin(TimeSpan budget) =>
        TimeSpan.FromMilliseconds(Math.Clamp(budget.TotalMilliseconds * 0.1, 200, 2000));

    /// <summary>The loop with the settings of this process' environment (what Lambda and the emulator set).</summary>
    public static Task<int> RunAsync(string runtimeApi, CancellationToken cancellationToken) =>
        RunAsync(runtimeApi, HostSettings.FromEnvironment, cancellationToken);

    /// <summary>The loop with the given settings; reading them failing (a misconfigured function) is an init error.</summary>
    public static async Task<int> RunAsync(string runtimeApi, Func<HostSettings> settings, CancellationToken cancellationToken)
    {
        using var api = new RuntimeApiClient(runtimeApi);
        PartitionHandler handler;
        try
        {
            handler = new PartitionHandler(settings());
        }
        catch (Exception e)
        {
            var type = e is ArgumentException ? FunctionErrorTypes.Misconfigured : FunctionErrorTypes.Internal;
            Console.Error.WriteLine($"HepDsl host: cannot start: {type}: {e.Message}");
            await api.PostInitErrorAsync(ToError(e, type), cancellationToken).ConfigureAwait(false);
            return 1;
        }
        if (InitWarmUp.Enabled(Environment.GetEnvironmentVariable))
        {
            var (ms, account) = await InitWarmUp.RunAsync(handler.Settings, handler.Client, cancellationToken).ConfigureAwait(false);
            StartupClock.WarmedUp(ms);
            Console.Error.WriteLine($"HepDsl host: init warm-up {ms} ms: {account}");
        }

        bool cold = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            StartupClock.FirstNext();
            var invocation = await api.NextAsync(cancellationToken).ConfigureAwait(false);
            if (invocation.TraceId is { } trace) Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", trace);
            var budget = invocation.Deadline - DateTimeOffset.UtcNow;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // An event that arrives with less budget left than the margin (a late /next on a busy machine) stops at once
            // and is reported as past its deadline; a negative delay would throw and kill the host.
            var stopAfter = budget - SafetyMargin(budget);
            deadline.CancelAfter(stopAfter > TimeSpan.Zero ? stopAfter : TimeSpan.Zero);
            try
            {
                var response = await handler.HandleAsync(invocation.Payload, cold, deadline.Token).ConfigureAwait(false);
                await api.PostResponseAsync(invocation.RequestId, PayloadJson.Serialize(response), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var error = Classify(e, deadline.IsCancellationRequested, budget);
                Console.Error.WriteLine($"HepDsl host: request {invocation.RequestId}: {error.ErrorType}: {error.ErrorMessage}");
                await api.PostErrorAsync(invocation.RequestId, error, cancellationToken).ConfigureAwait(false);
            }
            cold = false;
        }
        return 0;
    }

    private static FunctionError Classify(Exception e, bool deadlinePassed, TimeSpan budget) => e switch
    {
        OperationCanceledException when deadlinePassed => new FunctionError
        {
            ErrorType = FunctionErrorTypes.DeadlineExceeded,
            ErrorMessage = $"stopped before the invocation deadline ({budget.TotalSeconds:F1} s budget); retry with a smaller partition or a longer timeout",
        },
        AssemblyHashMismatchException => ToError(e, FunctionErrorTypes.AssemblyHashMismatch),
        BadPayloadException => ToError(e, FunctionErrorTypes.BadPayload),
        PartitionFailedException failed => ToError(e, ErrorClassifier.TypeOf(failed)),
        _ => ToError(e, FunctionErrorTypes.Internal),
    };

    private static FunctionError ToError(Exception e, string type) => new()
    {
        ErrorType = type,
        ErrorMessage = e.Message,
        StackTrace = (e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };
}
