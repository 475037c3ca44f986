using System.Globalization;
using HepDsl.Runtime.Execution;

namespace HepDsl.Cli.Progress;

/// <summary>One-line text of a progress snapshot, shared by the live bar and the plain log lines.</summary>
internal static class RunProgressText
{
    public static string Format(RunProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.EntriesDone:N0}/{p.EntriesTotal:N0} events, {p.PartitionsDone}/{p.PartitionsTotal} partitions, {Bytes(p.BytesRead)}, {p.EventsPerSecond:N0} events/s, ETA {Eta(p)}{Cost(p)}");

    // Lambda runs: the estimated cost so far (GB-s × price + requests, as the final report computes it).
    private static string Cost(RunProgress p) => p.CostUsd is { } usd ? ", est. cost " + Dollars(usd) + " so far" : "";

    /// <summary>Dollars with enough digits that a small run does not show $0.00.</summary>
    public static string Dollars(double usd) =>
        "$" + usd.ToString(usd >= 100 ? "F0" : usd >= 1 ? "F2" : usd >= 0.01 ? "F4" : "F6", CultureInfo.InvariantCulture);

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
