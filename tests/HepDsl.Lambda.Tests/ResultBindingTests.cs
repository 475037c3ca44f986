using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.Results;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// A stored partial result is reused only for exactly the work it is the result of: the same analysis bytes, input
/// version, tree, entry range and result format. Anything else under the result's key is recomputed.
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class ResultBindingTests(ServerlessFixture fixture)
{
    // The same name and bookings as InputVersionTests.MetAnalysis, another quantity: only the bytes tell them apart.
    private const string NegatedMetAnalysis = "analysis metpx \"MET x component\"\ntree events\nbranch float32 MET_px\n\nhistogram px \"MET px\": -MET_px - 1, 40 bins from -100 to 100\n";

    [Fact]
    public async Task Results_of_another_analysis_with_the_same_name_placed_under_this_ones_keys_are_recomputed()
    {
        var original = AnalysisAssemblies.FromText("metpx", InputVersionTests.MetAnalysis);
        var other = AnalysisAssemblies.FromText("metpx-negated", NegatedMetAnalysis);
        Assert.Equal(original.Analysis.Info.Name, other.Analysis.Info.Name);
        var input = fixture.S3.Upload(ServerlessFixture.DataBucket, $"binding/{Guid.NewGuid():N}.root", InputVersionTests.HzzAndSignFlippedMetPx().Original);

        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 2);
        var options = fixture.Options(emulator, partitions: 4);
        var first = await DistributedExecutor.RunAsync(original.Bytes, original.Analysis, [input], options);

        // Every result of the first analysis copied to the key the second one looks for.
        var shaOriginal = DistributedKeys.Sha256Hex(original.Bytes);
        var shaOther = DistributedKeys.Sha256Hex(other.Bytes);
        foreach (var p in first.Run.Partitions)
            fixture.S3.Upload(ServerlessFixture.RunBucket, first.ResultKey(options.Prefix, shaOther, p),
                fixture.S3.Download(ServerlessFixture.RunBucket, first.ResultKey(options.Prefix, shaOriginal, p)));

        var second = await DistributedExecutor.RunAsync(other.Bytes, other.Analysis, [input], options);
        Assert.Equal((0, 4, 4), (second.Report.ReusedResults, second.Report.CorruptResults, second.Report.Invocations));
        var local = await fixture.RunLocallyAsync(other.Analysis, 4, [input]);
        ServerlessFixture.AssertIdentical(local.Result, second.Run.Result);
        Assert.NotEqual(first.Run.Result.Histograms[0].SumW, second.Run.Result.Histograms[0].SumW);

        // And its own results, now stored, are reused as they are.
        var third = await DistributedExecutor.RunAsync(other.Bytes, other.Analysis, [input], options);
        Assert.Equal((4, 0, 0), (third.Report.ReusedResults, third.Report.CorruptResults, third.Report.Invocations));
    }

    [Fact]
    public void Every_field_of_the_binding_is_checked()
    {
        var partition = new Partition(3, "s3://data/a.root", "Events", 100, 50);
        var version = new InputVersion { Size = 12345, ETag = "\"abc\"" };
        var sha = new string('a', 64);
        var bound = PartialResultBinding.For(sha, partition, version);
        var result = AnalysisAssemblies.Q6.Analysis.CreateResult();
        result.MarkProcessed(partition.Location, partition.Range);
        var bytes = PartialResultFile.Write(bound, result);

        Assert.Equal(partition.Range, PartialResultFile.Read(bytes, bound).Processed.Single().Range);
        foreach (var (expected, field) in new (PartialResultBinding, string)[]
        {
            (bound with { AnalysisSha256 = new string('b', 64) }, "analysis SHA-256"),
            (bound with { ResultFormat = ResultSetSerializer.FormatVersion + 1 }, "result format"),
            (bound with { Location = "s3://data/b.root" }, "input is"),
            (bound with { Tree = "Other" }, "tree"),
            (bound with { FirstEntry = 101 }, "first entry"),
            (bound with { EntryCount = 49 }, "entry count"),
            (bound with { InputSize = 12346 }, "input size"),
            (bound with { InputETag = "\"abd\"" }, "input ETag"),
            (bound with { InputModifiedTicks = 1 }, "input modification time"),
        })
        {
            var error = Assert.Throws<InvalidDataException>(() => PartialResultFile.Read(bytes, expected));
            Assert.Contains($"partial result is bound to other work: {field}", error.Message);
        }

        // A bare result (the old format, with no binding) and a damaged envelope are refused too.
        Assert.Throws<InvalidDataException>(() => PartialResultFile.Read(ResultSetSerializer.Serialize(result), bound));
        var damaged = bytes.ToArray();
        damaged[20] ^= 1;
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => PartialResultFile.Read(damaged, bound)).Message);
    }
}
