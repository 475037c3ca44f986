namespace HepDsl.Lambda.Emulator;

/// <summary>What the Invoke API answers: status, whether the function failed, and the body.</summary>
public sealed record InvocationOutcome(int Status, string? FunctionError, byte[] Body);

/// <summary>One synchronous invocation, from the Invoke API request until a worker answers (or fails, or times out).</summary>
internal sealed class PendingInvocation(string requestId, byte[] payload)
{
    private readonly TaskCompletionSource<InvocationOutcome> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RequestId { get; } = requestId;
    public byte[] Payload { get; } = payload;
    public Task<InvocationOutcome> Outcome => _done.Task;
    public WorkerProcess? Worker { get; set; }
    public Timer? Timeout { get; set; }

    /// <summary>First completion wins (response, error, timeout, worker death); false if already completed.</summary>
    public bool TryComplete(InvocationOutcome outcome)
    {
        if (!_done.TrySetResult(outcome)) return false;
        Timeout?.Dispose();
        return true;
    }
}
