namespace HepDsl.Runtime.Root;

/// <summary>
/// The one cluster a writer compresses and writes in the background while its caller prepares the next: starting the
/// next waits for it; a failure is rethrown once and then makes every later call fail, since the file is incomplete.
/// Also the writer's closing: once, after the last write, with the trailer only when nothing failed.
/// </summary>
internal sealed class BackgroundWrite(string location)
{
    private Task? _pending;
    private bool _failed;

    /// <summary>The writer was closed (or disposed): no more clusters.</summary>
    public bool Closed { get; private set; }

    /// <summary>Waits for the last write, writes the trailer, closes the file (also when the trailer fails).</summary>
    public void Close(Action writeTrailer, IDisposable file)
    {
        if (Closed) return;
        try
        {
            Wait();
            ThrowIfFailed();
            writeTrailer();
        }
        finally
        {
            Closed = true;
            file.Dispose();
        }
    }

    /// <summary>Closes properly unless a write failed: then the file is closed as it is, incomplete.</summary>
    public void Dispose(Action writeTrailer, IDisposable file)
    {
        if (Closed) return;
        if (Faulted)
        {
            Closed = true;
            file.Dispose();
            return;
        }
        Close(writeTrailer, file);
    }

    /// <summary>A write failed (or is failing): the file must be left incomplete, not finished.</summary>
    public bool Faulted => _failed || _pending is { IsFaulted: true };

    public void ThrowIfFailed()
    {
        if (_failed) throw new InvalidOperationException($"{location}: an earlier cluster failed to write, so the file is incomplete");
    }

    /// <summary>Waits for the write in flight, rethrowing its failure.</summary>
    public void Wait()
    {
        if (_pending is null) return;
        try
        {
            _pending.GetAwaiter().GetResult();
        }
        catch
        {
            _failed = true;
            throw;
        }
        finally
        {
            _pending = null;
        }
    }

    /// <summary>Starts the next write (after <see cref="Wait"/>).</summary>
    public void Start(Action write)
    {
        Wait();
        _pending = Task.Run(write);
    }
}
