using System.Collections.Concurrent;
using System.Diagnostics;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// The driver's concurrency: one slot per invocation in flight, and how throttling (429) shrinks it.
/// Throttled jobs pause, keeping their slot, until an invocation ends and hands its environment over (or their
/// backoff, capped at MaxThrottleBackoff, runs out). The handing-over invocation keeps its slot out of use
/// ("retired"): the driver's concurrency shrinks by one per hand-over until it matches what the function has, and
/// the paused partition is served before new ones (released, the slot would go to a new partition that takes the
/// environment, and the paused one could starve: measured, 2 partitions out of 10,000 ran out of 100 retries).
/// Retired slots come back a quarter at a time each second without a 429 (the function's limit may grow).
/// </summary>
internal sealed class InvocationSlots(DistributedOptions options, CancellationToken abort)
{
    private readonly SemaphoreSlim _slots = new(options.Concurrency);
    private int _waitingForSlot;
    private readonly ConcurrentQueue<TaskCompletionSource> _paused = new();
    private int _retired;
    private long _lastThrottle, _lastRestore;

    /// <summary>The run's tail: slots idle and nobody waiting for one, so a duplicate delays no other partition.</summary>
    public bool Idle => Volatile.Read(ref _waitingForSlot) == 0 && _slots.CurrentCount > 0;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waitingForSlot);
        try { await _slots.WaitAsync(cancellationToken).ConfigureAwait(false); }
        finally { Interlocked.Decrement(ref _waitingForSlot); }
    }

    /// <summary>Gives back a slot no invocation used.</summary>
    public void Release() => _slots.Release();

    /// <summary>Gives back a slot after an invocation, or hands it to a paused job when the invocation freed an environment.</summary>
    public void Release(bool environmentFreed)
    {
        if (environmentFreed && HandOver()) Interlocked.Increment(ref _retired);
        else _slots.Release();
    }

    private bool HandOver()
    {
        while (_paused.TryDequeue(out var waiter))
            if (waiter.TrySetResult()) return true;
        return false;
    }

    public void RestoreRetired()
    {
        int retired = Volatile.Read(ref _retired);
        if (retired == 0 || Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastThrottle)) < TimeSpan.FromSeconds(1)
            || Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastRestore)) < TimeSpan.FromSeconds(1)) return;
        int n = Math.Max(1, retired / 4);
        Interlocked.Add(ref _retired, -n);
        Interlocked.Exchange(ref _lastRestore, Stopwatch.GetTimestamp());
        _slots.Release(n);
    }

    /// <summary>The pause after the <paramref name="attempt"/>th 429, ended early by a hand-over (or the run's abort).</summary>
    public async Task ThrottlePauseAsync(int attempt, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastThrottle, Stopwatch.GetTimestamp());
        var handedOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _paused.Enqueue(handedOver);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, abort);
        double step = Math.Min(Math.Min(options.MaxThrottleBackoff.TotalMilliseconds, options.MaxBackoff.TotalMilliseconds), options.BaseBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        var pause = Task.Delay(TimeSpan.FromMilliseconds(step * (0.5 + Random.Shared.NextDouble() / 2)), stop.Token);
        try { await Task.WhenAny(pause, handedOver.Task).ConfigureAwait(false); }
        finally
        {
            handedOver.TrySetResult(); // leaving: a later hand-over goes to the next paused job
            stop.Cancel();
        }
        try { await pause.ConfigureAwait(false); } catch (OperationCanceledException) { } // ended early: handed over, abort or cancel
    }
}
