using System.Globalization;
using HepDsl.Runtime.Execution;

namespace HepDsl.Cli.Progress;

/// <summary>One-line text of a progress snapshot, shared by the live bar and the plain log lines.</summary>
internal static class RunProgressText
{
    public static string Format(RunProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.EntriesDone:N0}/{p.EntriesTotal:N0} events, {p.PartitionsDone}/{p.PartitionsTotal} partitions, {Bytes(p.BytesRead)}, {p.EventsPerSecond:N0} events/s, ETA {Eta(p)}");

    private static string Eta(RunProgress p) => p.EntriesDone >= p.EntriesTotal ? "0s" : p.Eta is { } eta ? Duration(eta) : "?";

    /// <summary>Decimal units, as network and storage figures are quoted; small reads do not round to "0.0 MB".</summary>
    public static string Bytes(long bytes) =>
        bytes >= 1_000_000_000 ? (bytes / 1e9).ToString("F2", CultureInfo.InvariantCulture) + " GB"
        : bytes >= 1_000_000 ? (bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " MB"
        : bytes >= 1_000 ? (bytes / 1e3).ToString("F1", CultureInfo.InvariantCulture) + " kB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " B";

    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m"
        : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s"
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F1}s");
}
