using System.Diagnostics;
using HepDsl.Runtime.Execution;

namespace HepDsl.Runtime.Distributed;

/// <summary>One partition's work: first verified result wins, later ones are dropped.</summary>
internal sealed class PartitionJob(Partition partition)
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _cancel = new();

    public Partition Partition { get; } = partition;
    public Task Finished => _finished.Task;
    public CancellationToken Cancel => _cancel.Token;
    /// <summary>A verified result was handed to the merger (by the first attempt that had one).</summary>
    public bool Succeeded { get; private set; }
    public string? Error { get; private set; }
    /// <summary>Failed with an error another attempt cannot fix.</summary>
    public bool Permanent { get; private set; }
    /// <summary>Never invoked: the run stopped at another partition's permanent error first.</summary>
    public bool NotStarted { get; private set; }
    public string? LastError { get; set; }
    public long Started { get; set; }
    public bool Duplicated { get; set; }
    /// <summary>429s this partition's attempts got (paused and retried inside the attempt, holding its slot).</summary>
    public int Throttles { get; set; }
    public TimeSpan? RunningFor => Started == 0 ? null : Stopwatch.GetElapsedTime(Started);

    public bool Succeed()
    {
        lock (_finished)
        {
            if (_finished.Task.IsCompleted) return false;
            Succeeded = true;
            _finished.SetResult();
        }
        _cancel.Cancel(); // stop waiting for the other attempt
        return true;
    }

    public void Fail(string error, bool permanent = false)
    {
        lock (_finished)
        {
            if (_finished.Task.IsCompleted) return;
            Error = error;
            Permanent = permanent;
            _finished.SetResult();
        }
    }

    /// <summary>Ends the job because the run stopped; <paramref name="neverTried"/> when no attempt was made.</summary>
    public void Stop(bool neverTried, string error)
    {
        lock (_finished)
        {
            if (_finished.Task.IsCompleted) return;
            Error = neverTried ? "not started: the run stopped at a permanent error" : $"{error} (not retried: the run stopped at a permanent error)";
            NotStarted = neverTried;
            _finished.SetResult();
        }
    }
}
