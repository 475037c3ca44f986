using HepDsl.Runtime.Output.Root;
using HepDsl.Runtime.Trees.Writing;
using HepDsl.Runtime.Compression;

namespace HepDsl.Bench.Dataset;

/// <summary>What writing one dataset file took.</summary>
internal sealed record DatasetFileStats(string Path, long Events, long FileBytes, long UncompressedBytes, TimeSpan Elapsed);

/// <summary>Writes one NanoAOD-like file (tree <c>Events</c>) of resampled events, one cluster per chunk.</summary>
internal static class NanoAodDatasetFile
{
    public const int DefaultClusterEntries = 100_000;

    /// <summary>
    /// Writes <paramref name="events"/> events numbered from <paramref name="firstEvent"/> + 1 into <paramref name="path"/>
    /// (through a temporary name, so an interrupted run never leaves a file that looks complete).
    /// </summary>
    public static DatasetFileStats Write(NanoAodSource source, string path, long events, long firstEvent, int seed,
        RootCompression compression, int clusterEntries = DefaultClusterEntries)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var resampler = new NanoAodResampler(source, seed);
        string partial = path + ".partial";
        long uncompressed, length;
        using (var writer = new TreeWriter(partial, NanoAodSource.Tree, resampler.Branches,
                   new TreeWriterOptions { Compression = compression, Title = "NanoAOD-like events resampled from " + System.IO.Path.GetFileName(source.Path) }))
        {
            for (long done = 0; done < events;)
            {
                int n = (int)Math.Min(clusterEntries, events - done);
                writer.WriteCluster(resampler.Next(n, firstEvent + done));
                done += n;
            }
            writer.Close();
            uncompressed = writer.UncompressedBasketBytes;
            length = writer.Length;
        }
        File.Move(partial, path, overwrite: true);
        if (new FileInfo(path).Length != length)
            throw new IOException($"{path}: {new FileInfo(path).Length} bytes on disk, {length} written; was the file changed by another process?");
        return new DatasetFileStats(path, events, new FileInfo(path).Length, uncompressed, started.Elapsed);
    }
}
