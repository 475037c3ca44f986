using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.S3;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.IO;
using HepDsl.Runtime.Results;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Lambda.Host;

/// <summary>A payload the host cannot act on (wrong version, missing fields): not retryable.</summary>
public sealed class BadPayloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One invocation: load the analysis (cached per container), run the partition, store the serialized partial
/// result under its deterministic key and describe what was done. Credentials come from the environment.
/// </summary>
public sealed class PartitionHandler
{
    private readonly ConcurrentDictionary<PayloadS3Options, AmazonS3Client> _clients = new();
    private readonly AnalysisAssemblyCache _analyses;
    private PayloadS3Options _currentS3 = new();

    public PartitionHandler() => _analyses = new AnalysisAssemblyCache(FetchAsync);

    public static int MemoryMb =>
        int.TryParse(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), out var mb) ? mb : 0;

    public async Task<InvocationResponse> HandleAsync(byte[] body, bool coldStart, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var payload = Parse(body);
        _currentS3 = payload.S3;

        var fetch = Stopwatch.StartNew();
        var analysis = await _analyses.GetAsync(payload.Analysis, cancellationToken).ConfigureAwait(false);
        fetch.Stop();

        var process = Stopwatch.StartNew();
        long firstEventMs = 0;
        var (result, bytesRead, basketBytes) = await Task.Run(() => Run(payload, analysis, () => { if (firstEventMs == 0) firstEventMs = Math.Max(1, total.ElapsedMilliseconds); }, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        process.Stop();

        var upload = Stopwatch.StartNew();
        var bytes = ResultSetSerializer.Serialize(result);
        var key = DistributedKeys.Result(payload.Results.Prefix, payload.Analysis.Sha256, payload.Partition, payload.Input!);
        await S3Upload.PutBytesAsync(Client(payload.S3), payload.Results.Bucket, key, bytes, cancellationToken).ConfigureAwait(false);
        upload.Stop();

        return new InvocationResponse
        {
            PartitionIndex = payload.Partition.Index,
            ResultKey = key,
            ResultSha256 = DistributedKeys.Sha256Hex(bytes),
            ResultBytes = bytes.Length,
            InlineResult = bytes.Length <= payload.InlineResultBytes ? Convert.ToBase64String(bytes) : null,
            Entries = result.EntriesProcessed,
            BytesRead = bytesRead,
            BasketBytes = basketBytes,
            FetchMs = fetch.ElapsedMilliseconds,
            ProcessMs = process.ElapsedMilliseconds,
            UploadMs = upload.ElapsedMilliseconds,
            TotalMs = total.ElapsedMilliseconds,
            PeakMemoryBytes = Process.GetCurrentProcess().PeakWorkingSet64,
            MemoryMb = MemoryMb,
            ColdStart = coldStart,
            Startup = coldStart
                ? new ColdStartBreakdown(StartupClock.RuntimeStartMs, StartupClock.InitMs, _analyses.LastLoad.FetchMs, _analyses.LastLoad.LoadMs, firstEventMs,
                    (long)StartupClock.JitTime.TotalMilliseconds, StartupClock.CompilationMode)
                : null,
        };
    }

    // The input is opened pinned to the version the driver planned on: every range GET carries If-Match and every
    // answer's ETag and size are compared, so a replaced object fails (InputChangedException) instead of being read.
    private static (ResultSet, long BytesRead, long BasketBytes) Run(InvocationPayload payload, Runtime.Analysis.IAnalysis analysis, Action firstStep,
        CancellationToken cancellationToken)
    {
        var partition = payload.Partition;
        var options = new ByteSourceOptions { S3 = ToS3Options(payload.S3) };
        OwnedTree source;
        try { source = PinnedInputs.OpenTree(partition.Location, partition.Tree, options, payload.Input, out _); }
        catch (Exception e) when (e is not OperationCanceledException) { throw new PartitionFailedException(partition, e); }
        using (source)
        {
            var result = PartitionRunner.Run(analysis, analysis.CreateProcessor(), source, partition, (_, _) => firstStep(), cancellationToken);
            // Everything fetched from storage (file header, streamers, tree metadata, baskets), and the baskets alone.
            return (result, source.ByteSource.BytesRead, source.BytesRead);
        }
    }

    private static InvocationPayload Parse(byte[] body)
    {
        InvocationPayload payload;
        try { payload = PayloadJson.Deserialize<InvocationPayload>(body, "the invocation payload"); }
        catch (InvalidDataException e) { throw new BadPayloadException(e.Message, e); }
        if (payload.Version != InvocationPayload.CurrentVersion)
            throw new BadPayloadException($"payload version {payload.Version}; this host reads version {InvocationPayload.CurrentVersion}");
        if (payload.Analysis.Sha256.Length != 64 || !payload.Analysis.Sha256.All(Uri.IsHexDigit))
            throw new BadPayloadException($"analysis sha256 '{payload.Analysis.Sha256}' is not 64 hex digits");
        if (string.IsNullOrWhiteSpace(payload.Results.Bucket))
            throw new BadPayloadException("payload names no result bucket");
        if (payload.Input is null)
            throw new BadPayloadException("payload names no input version (input.size, input.etag): the host will not read an input it cannot pin");
        return payload;
    }

    private async Task<byte[]> FetchAsync(string location, CancellationToken cancellationToken)
    {
        var s3 = S3Location.Parse(location);
        using var response = await Client(_currentS3).GetObjectAsync(s3.Bucket, s3.Key, cancellationToken).ConfigureAwait(false);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    private AmazonS3Client Client(PayloadS3Options options) => _clients.GetOrAdd(options, o => S3ClientFactory.Create(ToS3Options(o)));

    // Endpoint from the payload; credentials deliberately not: the SDK's default chain reads the function role.
    private static S3Options ToS3Options(PayloadS3Options o) =>
        new() { ServiceUrl = o.ServiceUrl, Region = o.Region ?? Environment.GetEnvironmentVariable("AWS_REGION"), ForcePathStyle = o.ForcePathStyle };
}
