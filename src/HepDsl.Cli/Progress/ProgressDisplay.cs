using HepDsl.Runtime.Execution;
using Spectre.Console;

namespace HepDsl.Cli.Progress;

/// <summary>
/// Shows a run's progress on stderr (stdout stays for results): a live bar when stderr is a terminal, otherwise a
/// plain line every few seconds, so logs of redirected runs stay readable.
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static async Task<T> RunAsync<T>(string title, Func<IProgress<RunProgress>, Task<T>> work)
    {
        if (Console.IsErrorRedirected || Environment.GetEnvironmentVariable("TERM") == "dumb")
            return await work(new PlainLines(title, Console.Error, PlainInterval));

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), autoStart: true, maxValue: 1);
                var result = await work(new BarUpdater(task));
                task.StopTask();
                return result;
            });
    }

    // Spectre's ProgressTask is thread-safe; reports come from worker threads through the runtime's tracker.
    private sealed class BarUpdater(ProgressTask task) : IProgress<RunProgress>
    {
        public void Report(RunProgress p)
        {
            task.MaxValue = Math.Max(1, p.EntriesTotal);
            task.Value = p.EntriesDone;
            task.Description = Markup.Escape(RunProgressText.Format(p));
        }
    }

    /// <summary>
    /// The plain lines: the first report, then at most one per <paramref name="interval"/> of the run's own elapsed
    /// time (the snapshots carry it, so no clock is read here), and the final report once.
    /// </summary>
    internal sealed class PlainLines(string title, TextWriter output, TimeSpan interval) : IProgress<RunProgress>
    {
        private readonly Lock _lock = new();
        private TimeSpan? _last;
        private bool _finished;

        public void Report(RunProgress p)
        {
            lock (_lock)
            {
                bool done = p.EntriesDone >= p.EntriesTotal && p.PartitionsDone >= p.PartitionsTotal;
                if (_finished || (!done && _last is { } last && p.Elapsed - last < interval)) return;
                _finished = done; // the final line once
                _last = p.Elapsed;
                output.WriteLine($"{title}: {RunProgressText.Format(p)}");
            }
        }
    }
}
