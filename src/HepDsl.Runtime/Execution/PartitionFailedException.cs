using System.Diagnostics;
using HepDsl.Runtime.Columns;

namespace HepDsl.Runtime.Execution;

/// <summary>
/// A partition could not be processed; the message names the file, the partition and its entry range, and for an
/// exception thrown by the analysis itself, the .hep line it came from.
/// </summary>
public sealed class PartitionFailedException(Partition partition, Exception inner)
    : HepDataException($"{partition} failed: {inner.Message}{HepLine(inner)}", inner)
{
    public Partition Partition { get; } = partition;

    /// <summary>
    /// " (at q5.hep:12)" when the innermost frame from a .hep file is known: generated code carries #line directives
    /// and <c>hep run</c> compiles with an embedded PDB, so the frame's file is the analysis source.
    /// </summary>
    public static string HepLine(Exception e)
    {
        var frames = new StackTrace(e, fNeedFileInfo: true).GetFrames();
        foreach (var frame in frames)
        {
            var file = frame.GetFileName();
            if (file is not null && file.EndsWith(".hep", StringComparison.OrdinalIgnoreCase) && frame.GetFileLineNumber() > 0)
                return $" (at {file}:{frame.GetFileLineNumber()})";
        }
        return "";
    }
}
