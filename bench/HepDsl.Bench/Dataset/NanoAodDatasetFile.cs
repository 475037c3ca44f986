using HepDsl.Runtime.Output.Root;
using HepDsl.Runtime.Trees.Writing;
using HepDsl.Runtime.Compression;
using HepDsl.Runtime.RNTuple.Writing;

namespace HepDsl.Bench.Dataset;

/// <summary>What writing one dataset file took.</summary>
internal sealed record DatasetFileStats(string Path, long Events, long FileBytes, long UncompressedBytes, TimeSpan Elapsed);

/// <summary>The on-disk format of a dataset file.</summary>
internal enum DatasetFormat
{
    /// <summary>A TTree (HepDsl's <see cref="TreeWriter"/>).</summary>
    TTree,
    /// <summary>An RNTuple laid out as RNTupleImporter imports NanoAOD (HepDsl's <see cref="NTupleWriter"/>).</summary>
    RNTuple,
}

/// <summary>
/// Writes one NanoAOD-like file (tree or ntuple <c>Events</c>) of resampled events, one cluster per chunk. For a seed
/// the events are the same in either format: the resampler does not know what it writes into.
/// </summary>
internal static class NanoAodDatasetFile
{
    public const int DefaultClusterEntries = 100_000;

    /// <summary>
    /// Writes <paramref name="events"/> events numbered from <paramref name="firstEvent"/> + 1 into <paramref name="path"/>
    /// (through a temporary name, so an interrupted run never leaves a file that looks complete).
    /// </summary>
    public static DatasetFileStats Write(NanoAodSource source, string path, long events, long firstEvent, int seed,
        RootCompression compression, int clusterEntries = DefaultClusterEntries, DatasetFormat format = DatasetFormat.TTree, int? pageSize = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var resampler = new NanoAodResampler(source, seed);
        string partial = path + ".partial";
        string title = "NanoAOD-like events resampled from " + System.IO.Path.GetFileName(source.Path);
        long uncompressed, length;
        void Fill(Action<TreeChunk> write)
        {
            for (long done = 0; done < events;)
            {
                int n = (int)Math.Min(clusterEntries, events - done);
                write(resampler.Next(n, firstEvent + done));
                done += n;
            }
        }
        if (format == DatasetFormat.RNTuple)
        {
            using var writer = new NTupleWriter(partial, NanoAodSource.Tree, resampler.Branches,
                new NTupleWriterOptions { Compression = compression, Title = title, Description = title, PageSize = pageSize ?? new NTupleWriterOptions().PageSize });
            Fill(writer.WriteCluster);
            writer.Close();
            uncompressed = writer.UncompressedPageBytes;
            length = writer.Length;
        }
        else
        {
            using var writer = new TreeWriter(partial, NanoAodSource.Tree, resampler.Branches,
                new TreeWriterOptions { Compression = compression, Title = title });
            Fill(writer.WriteCluster);
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
