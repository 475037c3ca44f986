using HepDsl.Runtime.Columns;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.RNTuple;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Runtime.Tests.IO;

/// <summary>
/// RNTuple files on S3 (s3rver on loopback, the real AWSSDK.S3 client): every readable field equals the local read,
/// and the pages of a cluster come in one coalesced ranged GET per prefetch, with no request while reading them.
/// </summary>
public sealed class NTupleOverS3Tests(S3ServerFixture s3) : IClassFixture<S3ServerFixture>
{
    private const string Bucket = "hepdsl-rntuple";

    [Theory]
    [InlineData("Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root", "Events")]
    [InlineData("cmsopendata2015_ttbar_19980_NANOAOD_RNTupleImporter_rntuple_v1-0-0-1.root", "Events")]
    [InlineData("test_index_multicluster_rntuple_v1-0-0-0.root", "ntuple")]
    [InlineData("ntpl001_staff_rntuple_v1-0-1-0.root", "Staff")]
    public void Every_field_read_from_s3_equals_the_local_read_with_one_request_per_cluster(string name, string ntuple)
    {
        s3.CreateBucket(Bucket);
        string url = s3.Upload(Bucket, "rntuple/" + name, RepoPaths.Data(name));
        using var remote = EventSources.OpenTree(url, ntuple, s3.SourceOptions);
        Assert.NotNull(remote.NTuple);
        using var local = NTupleSource.Open(RepoPaths.Data(name), ntuple);
        var s3Source = Assert.IsType<S3Source>(Assert.IsType<CachingByteSource>(remote.ByteSource).Inner);
        var columns = remote.Columns.Select(c => c.Name).ToList();
        Assert.Equal(local.Columns.Select(c => c.Name), columns);
        int compared = 0;
        foreach (var cluster in remote.Clusters)
        {
            long before = s3Source.Requests;
            remote.Prefetch(columns, cluster.First, cluster.Count);
            Assert.Equal(1, s3Source.Requests - before);
            foreach (var column in remote.Columns)
            {
                if (column.Type == ColumnType.String)
                {
                    List<string> a = [], b = [];
                    remote.NTuple!.ReadStrings(column.Name, cluster.First, (int)cluster.Count, a);
                    local.ReadStrings(column.Name, cluster.First, (int)cluster.Count, b);
                    Assert.Equal(b, a);
                }
                else SameValues(column, remote, local, cluster);
                compared++;
            }
            Assert.Equal(before + 1, s3Source.Requests);
        }
        Assert.True(compared >= columns.Count);
        if (name.Contains("multicluster")) Assert.True(remote.Clusters.Count > 1, "several clusters, each its own request");
    }

    private static void SameValues(ColumnInfo column, IEventSource remote, IEventSource local, EntryRange cluster)
    {
        switch (column.Type)
        {
            case ColumnType.Bool: Same<bool>(column.Name, remote, local, cluster); break;
            case ColumnType.Int8: Same<sbyte>(column.Name, remote, local, cluster); break;
            case ColumnType.UInt8: Same<byte>(column.Name, remote, local, cluster); break;
            case ColumnType.Int16: Same<short>(column.Name, remote, local, cluster); break;
            case ColumnType.UInt16: Same<ushort>(column.Name, remote, local, cluster); break;
            case ColumnType.Int32: Same<int>(column.Name, remote, local, cluster); break;
            case ColumnType.UInt32: Same<uint>(column.Name, remote, local, cluster); break;
            case ColumnType.Int64: Same<long>(column.Name, remote, local, cluster); break;
            case ColumnType.UInt64: Same<ulong>(column.Name, remote, local, cluster); break;
            case ColumnType.Float32: Same<float>(column.Name, remote, local, cluster); break;
            case ColumnType.Float64: Same<double>(column.Name, remote, local, cluster); break;
            default: throw new InvalidOperationException($"{column.Name}: {column.Type}");
        }
    }

    private static void Same<T>(string name, IEventSource remote, IEventSource local, EntryRange cluster) where T : unmanaged
    {
        var a = new ColumnBuffer<T>();
        var b = new ColumnBuffer<T>();
        remote.Column<T>(name).Read(cluster.First, (int)cluster.Count, a);
        local.Column<T>(name).Read(cluster.First, (int)cluster.Count, b);
        Assert.Equal(b.Span.ToArray(), a.Span.ToArray());
        if (b.Offsets.Length > 0) Assert.Equal(b.Offsets[..((int)cluster.Count + 1)], a.Offsets[..((int)cluster.Count + 1)]);
    }
}
