using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Trees;

namespace HepDsl.Lambda.Simulator;

/// <summary>
/// The real partial results a simulated invocation answers with: the analysis run over each partition of a local copy
/// of the input, labelled with the input's remote location exactly as a host labels them (the range of the plan, the
/// location as planned). Computed once before the run, so the simulated endpoint spends no CPU on events.
/// </summary>
public sealed class PartitionResults
{
    private readonly byte[][] _results;

    private PartitionResults(IReadOnlyList<Partition> partitions, byte[][] results)
    {
        Partitions = partitions;
        _results = results;
    }

    /// <summary>The plan the results belong to (the driver plans the same from the same entries and clusters).</summary>
    public IReadOnlyList<Partition> Partitions { get; }

    public int Count => _results.Length;
    public long TotalBytes => _results.Sum(r => (long)r.Length);

    /// <summary>The serialized result of the plan's partition <paramref name="index"/>.</summary>
    public byte[] Serialized(int index) => _results[index];

    /// <summary>
    /// Plans <paramref name="partitions"/> partitions of <paramref name="localPath"/> as the driver plans them for
    /// <paramref name="location"/> (same entries and clusters) and runs the analysis over each.
    /// </summary>
    public static PartitionResults Compute(IAnalysis analysis, string localPath, string location, string tree, int partitions)
    {
        using var source = TreeSource.Open(localPath, tree);
        var shape = new InputShape(location, tree, source.Entries, source.Clusters);
        var plan = Partitioner.Plan([shape], PartitionTarget.Partitions(partitions));
        var processor = analysis.CreateProcessor();
        var results = new byte[plan.Count][];
        foreach (var p in plan)
            results[p.Index] = ResultSetSerializer.Serialize(PartitionRunner.Run(analysis, processor, source, p, null));
        return new PartitionResults(plan, results);
    }

    /// <summary>Writes plan and results to one file (for a simulator in another process).</summary>
    public void Save(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(_results.Length);
        foreach (var p in Partitions)
        {
            writer.Write(p.Location);
            writer.Write(p.Tree);
            writer.Write(p.FirstEntry);
            writer.Write(p.EntryCount);
            writer.Write(_results[p.Index].Length);
            writer.Write(_results[p.Index]);
        }
    }

    public static PartitionResults Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        int count = reader.ReadInt32();
        var plan = new List<Partition>(count);
        var results = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            plan.Add(new Partition(i, reader.ReadString(), reader.ReadString(), reader.ReadInt64(), reader.ReadInt64()));
            results[i] = reader.ReadBytes(reader.ReadInt32());
        }
        return new PartitionResults(plan, results);
    }
}
