using System.Buffers.Binary;
using System.Net;
using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Trees;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// Partitions are pinned to the version of their input the run was planned on: a replaced S3 object gets new result
/// keys (recomputed on a rerun, never the stale results), and a host handed an object that changed since planning
/// refuses it with a permanent error naming the object.
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class InputVersionTests(ServerlessFixture fixture)
{
    internal const string MetAnalysis = "analysis metpx \"MET x component\"\ntree events\nbranch float32 MET_px\n\nhistogram px \"MET px\": MET_px, 40 bins from -100 to 100\n";

    /// <summary>
    /// The uncompressed HZZ file with the sign of every MET_px value flipped in place: same size, same tree, same
    /// entries and clusters, different data (and so a different ETag).
    /// </summary>
    internal static (byte[] Original, byte[] Changed) HzzAndSignFlippedMetPx()
    {
        var path = RepoPaths.Data("uproot-HZZ-uncompressed.root");
        var original = File.ReadAllBytes(path);
        BasketInfo basket;
        using (var tree = TreeSource.Open(path, "events")) basket = Assert.Single(tree.Baskets("MET_px"));
        int keyLength = BinaryPrimitives.ReadInt16BigEndian(original.AsSpan((int)basket.Seek + 14, 2));
        int dataBytes = basket.Bytes - keyLength;
        Assert.Equal(4 * basket.Entries, dataBytes); // uncompressed big-endian floats, no entry-offset table
        var changed = (byte[])original.Clone();
        for (long i = basket.Seek + keyLength; i < basket.Seek + basket.Bytes; i += 4) changed[i] ^= 0x80;
        return (original, changed);
    }

    [Fact]
    public async Task A_replaced_input_object_is_recomputed_on_rerun_and_equals_a_fresh_local_run()
    {
        var analysis = AnalysisAssemblies.FromText("metpx", MetAnalysis);
        var (original, changed) = HzzAndSignFlippedMetPx();
        var folder = "versioned/" + Guid.NewGuid().ToString("N")[..8];
        var replaced = fixture.S3.Upload(ServerlessFixture.DataBucket, folder + "/replaced.root", original);
        var untouched = fixture.S3.Upload(ServerlessFixture.DataBucket, folder + "/untouched.root", original);
        string[] inputs = [replaced, untouched];

        await using var emulator = fixture.StartEmulator(workers: 2, timeout: TimeSpan.FromSeconds(60), queue: 2);
        var options = fixture.Options(emulator, partitions: 4);
        var first = await DistributedExecutor.RunAsync(analysis.Bytes, analysis.Analysis, inputs, options);
        Assert.Equal(4, first.Report.Invocations);

        // The same size and entries, other bytes: the object's ETag (its MD5 here, as for any single-part upload) changes.
        fixture.S3.Upload(ServerlessFixture.DataBucket, folder + "/replaced.root", changed);
        var second = await DistributedExecutor.RunAsync(analysis.Bytes, analysis.Analysis, inputs, options);

        Assert.Equal(first.InputVersions[untouched], second.InputVersions[untouched]);
        Assert.NotEqual(first.InputVersions[replaced].ETag, second.InputVersions[replaced].ETag);
        Assert.Equal(first.InputVersions[replaced].Size, second.InputVersions[replaced].Size);
        Assert.Equal(first.Run.Partitions, second.Run.Partitions); // the same plan: only the version tells them apart
        Assert.Equal(2, second.Report.ReusedResults);
        Assert.Equal(2, second.Report.Invocations);
        Assert.All(second.Report.Attempts, a => Assert.Equal(replaced, second.Run.Partitions[a.Partition].Location));

        var fresh = await fixture.RunLocallyAsync(analysis.Analysis, 4, inputs);
        ServerlessFixture.AssertIdentical(fresh.Result, second.Run.Result);
        // And the data really changed: reusing the first run's results would have given another answer.
        Assert.NotEqual(first.Run.Result.Histograms[0].SumW, second.Run.Result.Histograms[0].SumW);
    }

    [Fact]
    public async Task The_host_refuses_an_object_that_changed_since_the_run_was_planned()
    {
        var prefix = "protocol/" + Guid.NewGuid().ToString("N")[..8];
        await using var api = new ScriptedRuntimeApi(fixture.HostEnvironment(prefix));
        var input = fixture.Inputs[0];
        var sourceOptions = new ByteSourceOptions { S3 = fixture.S3.Options };
        using (PinnedInputs.Open(input, sourceOptions, null, out var actual)) Assert.NotNull(actual.ETag);
        using var source = PinnedInputs.Open(input, sourceOptions, null, out var now);
        var planned = now with { ETag = "\"0123456789abcdef0123456789abcdef\"" }; // what the object was when planned

        var payload = HostProtocolTests.Payload(fixture, prefix,
            new Partition(4, input, ServerlessFixture.Tree, 0, 50), planned);
        var id = api.Send(PayloadJson.Serialize(payload));
        var post = await api.NextPostAsync();
        Assert.Equal($"/2018-06-01/runtime/invocation/{id}/error", post.Path);
        var error = PayloadJson.Deserialize<FunctionError>(post.Body, "error");
        Assert.Equal(FunctionErrorTypes.InputChanged, error.ErrorType);
        Assert.True(FunctionErrorTypes.IsPermanent(error.ErrorType));
        Assert.Contains($"partition 4 ({input}, tree 'Events', entries", error.ErrorMessage);
        Assert.Contains($"{input} changed since the run was planned", error.ErrorMessage);
        Assert.Contains(planned.ETag!, error.ErrorMessage);
    }

    /// <summary>A server that honours If-Match answers 412 to a stale ETag: the precondition is really sent, and 412 is a change.</summary>
    [Fact]
    public void Range_requests_carry_If_Match_and_a_412_means_the_input_changed()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Data("uproot-HZZ-uncompressed.root"));
        const string etag = "\"v1\"";
        var ifMatch = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        using var listener = StartServer(bytes, etag, ifMatch, out var url);

        using (var tree = PinnedInputs.OpenTree(url, "events", ByteSourceOptions.Default, null, out var seen))
        {
            Assert.Equal(new InputVersion { Size = bytes.Length, ETag = etag, LastModified = seen.LastModified }, seen);
            Assert.Equal(2421, tree.Entries);
        }
        Assert.All(ifMatch, h => Assert.Null(h)); // the survey pins nothing yet

        ifMatch.Clear();
        using (var pinned = PinnedInputs.OpenTree(url, "events", ByteSourceOptions.Default, new InputVersion { Size = bytes.Length, ETag = etag }, out _))
            Assert.Equal(2421, pinned.Entries);
        Assert.True(ifMatch.Count >= 2, $"{ifMatch.Count} request(s)"); // the size probe and the file's header and metadata
        Assert.All(ifMatch, h => Assert.Equal(etag, h));

        var stale = new InputVersion { Size = bytes.Length, ETag = "\"v0\"" };
        var refused = Assert.Throws<InputChangedException>(() => PinnedInputs.OpenTree(url, "events", ByteSourceOptions.Default, stale, out _));
        Assert.Contains($"{url} changed since the run was planned", refused.Message);
        Assert.Contains("412", refused.Message);
    }

    private static HttpListener StartServer(byte[] bytes, string etag, System.Collections.Concurrent.ConcurrentQueue<string?> ifMatch, out string url)
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = Random.Shared.Next(20000, 60000);
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try { listener.Start(); }
            catch (HttpListenerException) when (attempt < 20) { listener.Close(); continue; }
            url = $"http://127.0.0.1:{port}/hzz.root";
            _ = Task.Run(async () =>
            {
                while (listener.IsListening)
                {
                    HttpListenerContext context;
                    try { context = await listener.GetContextAsync(); }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                    var request = context.Request;
                    var response = context.Response;
                    var condition = request.Headers["If-Match"];
                    ifMatch.Enqueue(condition);
                    response.Headers["ETag"] = etag;
                    if (condition is not null && condition != etag)
                    {
                        response.StatusCode = 412;
                        response.Close();
                        continue;
                    }
                    var range = request.Headers["Range"]!["bytes=".Length..].Split('-');
                    long from = long.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
                    long to = Math.Min(bytes.Length - 1, long.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture));
                    response.StatusCode = 206;
                    response.Headers["Content-Range"] = $"bytes {from}-{to}/{bytes.Length}";
                    response.ContentLength64 = to - from + 1;
                    await response.OutputStream.WriteAsync(bytes.AsMemory((int)from, (int)(to - from + 1)));
                    response.Close();
                }
            });
            return listener;
        }
    }
}
