using System.Diagnostics;

namespace HepDsl.Bench.LambdaScale;

/// <summary>What the driver process used during a run.</summary>
internal sealed record DriverSample(double CpuSeconds, long BaselineHeapBytes, long PeakHeapBytes, long PeakLiveHeapBytes, long PeakWorkingSetBytes, int PeakThreads);

/// <summary>
/// Samples this process's managed heap (garbage included), working set and thread-pool size every 50 ms, and its live
/// heap (after a forced full collection) every 5 s; CPU time from start to stop, minus the process's CPU time during the forced collections.
/// </summary>
internal sealed class DriverSampler : IDisposable
{
    private readonly TimeSpan _cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _baseline = GC.GetTotalMemory(false);
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _peakHeap, _peakWorkingSet, _peakLive;
    private TimeSpan _forcedCpu;
    private int _peakThreads;

    public DriverSampler()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "driver sampler" };
        _thread.Start();
    }

    private void Loop()
    {
        long nextLive = Environment.TickCount64 + 5000;
        while (!_stop)
        {
            if (Environment.TickCount64 >= nextLive)
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                _peakLive = Math.Max(_peakLive, GC.GetTotalMemory(forceFullCollection: true));
                _forcedCpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                nextLive = Environment.TickCount64 + 5000;
            }
            _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(false));
            _peakWorkingSet = Math.Max(_peakWorkingSet, Environment.WorkingSet);
            _peakThreads = Math.Max(_peakThreads, ThreadPool.ThreadCount);
            Thread.Sleep(50);
        }
    }

    public DriverSample Stop()
    {
        _stop = true;
        _thread.Join();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuStart - _forcedCpu;
        return new DriverSample(cpu.TotalSeconds, _baseline, Math.Max(_peakHeap, _baseline), _peakLive, _peakWorkingSet, _peakThreads);
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
