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
/// One invocation: check the payload against the host's own settings (bucket, prefix, analysis key, input origins,
/// endpoint: anything else is refused before a byte is fetched), load the analysis (cached per container), run the
/// partition, store the partial result (bound to analysis, input version and range) under its deterministic key and
/// describe what was done. Credentials come from the environment (the function role), never from the payload.
/// </summary>
public sealed class PartitionHandler
{
    private readonly ConcurrentDictionary<S3Options, AmazonS3Client> _clients = new();
    private readonly AnalysisAssemblyCache _analyses;
    private readonly HostSettings _settings;
    private S3Options _currentS3 = new();

    public PartitionHandler(HostSettings settings)
    {
        _settings = settings;
        _analyses = new AnalysisAssemblyCache(FetchAsync);
    }

    public HostSettings Settings => _settings;

    public static int MemoryMb =>
        int.TryParse(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), out var mb) ? mb : 0;

    public async Task<InvocationResponse> HandleAsync(byte[] body, bool coldStart, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var payload = Parse(body);
        Authorize(payload, _settings);
        _currentS3 = _settings.S3For(payload.S3);

        var fetch = Stopwatch.StartNew();
        var analysis = await _analyses.GetAsync(payload.Analysis, cancellationToken).ConfigureAwait(false);
        fetch.Stop();

        var process = Stopwatch.StartNew();
        var s3 = _currentS3;
        long firstEventMs = 0;
        var (result, bytesRead, basketBytes) = await Task.Run(() => Run(payload, s3, _settings.Inputs, analysis,
            () => { if (firstEventMs == 0) firstEventMs = Math.Max(1, total.ElapsedMilliseconds); }, cancellationToken), cancellationToken).ConfigureAwait(false);
        process.Stop();

        var upload = Stopwatch.StartNew();
        var bytes = PartialResultFile.Write(PartialResultBinding.For(payload.Analysis.Sha256, payload.Partition, payload.Input!), result);
        var key = DistributedKeys.Result(_settings.Prefix, payload.Analysis.Sha256, payload.Partition, payload.Input!);
        await S3Upload.PutBytesAsync(Client(s3), _settings.ResultsBucket, key, bytes, cancellationToken).ConfigureAwait(false);
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
                    (long)StartupClock.JitTime.TotalMilliseconds, StartupClock.CompilationMode, StartupClock.WarmUpMs)
                : null,
        };
    }

    // The input is opened pinned to the version the driver planned on: every range GET carries If-Match and every
    // answer's ETag and size are compared, so a replaced object fails (InputChangedException) instead of being read.
    private static (ResultSet, long BytesRead, long BasketBytes) Run(InvocationPayload payload, S3Options s3, InputAllowList inputs, Runtime.Analysis.IAnalysis analysis,
        Action firstStep, CancellationToken cancellationToken)
    {
        var partition = payload.Partition;
        var options = new ByteSourceOptions { S3 = s3 };
        OwnedTree source;
        // A redirect is followed only to a location the allow-list admits, as if the payload had named it.
        try { source = PinnedInputs.OpenTree(partition.Location, partition.Tree, options, payload.Input, out _, to => inputs.Refusal(to.AbsoluteUri) is null); }
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
        // JSON null in a required field deserializes to null: refuse it here, not as a NullReferenceException later.
        if (payload.Analysis?.Sha256 is null || payload.Analysis.Location is null || payload.Partition?.Location is null
            || payload.Partition.Tree is null || payload.Results?.Bucket is null || payload.Results.Prefix is null || payload.S3 is null)
            throw new BadPayloadException("payload lacks analysis, partition, results or s3 fields");
        if (payload.Analysis.Sha256.Length != 64 || !payload.Analysis.Sha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
            throw new BadPayloadException($"analysis sha256 '{payload.Analysis.Sha256}' is not 64 lower-case hex digits");
        if (string.IsNullOrWhiteSpace(payload.Results.Bucket))
            throw new BadPayloadException("payload names no result bucket");
        if (payload.Input is null)
            throw new BadPayloadException("payload names no input version (input.size, input.etag): the host will not read an input it cannot pin");
        var p = payload.Partition;
        // FirstEntry + EntryCount must not wrap: 2^63-1 and 10 would pass a range check made on their (negative) sum.
        if (p.FirstEntry < 0 || p.EntryCount < 0 || p.FirstEntry > long.MaxValue - p.EntryCount)
            throw new BadPayloadException($"partition {p.Index}: entry range from {p.FirstEntry}, {p.EntryCount} entries, is not a range of entries (negative, or its end overflows)");
        return payload;
    }

    /// <summary>
    /// The payload may only ask for what the settings allow: results in the configured bucket and prefix, the
    /// analysis at its content-addressed key there, an input under an allowed origin, and the configured S3 endpoint
    /// (or, in the emulator only, a loopback one). Checked before anything is fetched.
    /// </summary>
    public static void Authorize(InvocationPayload payload, HostSettings settings)
    {
        static BadPayloadException Refuse(string what) => new($"{what}: refused, nothing fetched");
        if (!string.Equals(payload.Results.Bucket, settings.ResultsBucket, StringComparison.Ordinal))
            throw Refuse($"the payload names results bucket '{payload.Results.Bucket}'; this function writes only to '{settings.ResultsBucket}' ({HostSettings.ResultsBucketVariable})");
        if (RunStorageNames.PrefixProblem(payload.Results.Prefix) is { } problem)
            throw Refuse($"results prefix '{payload.Results.Prefix}' {problem}");
        if (!string.Equals(RunStorageNames.Normalize(payload.Results.Prefix), settings.Prefix, StringComparison.Ordinal))
            throw Refuse($"the payload names results prefix '{payload.Results.Prefix}'; this function uses '{settings.Prefix}' ({HostSettings.PrefixVariable})");
        var analysis = $"s3://{settings.ResultsBucket}/{DistributedKeys.Analysis(settings.Prefix, payload.Analysis.Sha256)}";
        if (!string.Equals(payload.Analysis.Location, analysis, StringComparison.Ordinal))
            throw Refuse($"the payload names analysis object '{payload.Analysis.Location}'; this function loads analyses only from {analysis} (its SHA-256 under the configured bucket and prefix)");
        if (settings.EndpointRefusal(payload.S3.ServiceUrl) is { } endpoint)
            throw Refuse(endpoint);
        if (settings.Inputs.Refusal(payload.Partition.Location) is { } input)
            throw Refuse($"input '{payload.Partition.Location}': {input} ({HostSettings.InputsVariable})");
    }

    private async Task<byte[]> FetchAsync(string location, CancellationToken cancellationToken)
    {
        var s3 = S3Location.Parse(location);
        using var response = await Client(_currentS3).GetObjectAsync(s3.Bucket, s3.Key, cancellationToken).ConfigureAwait(false);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    // Endpoint from the settings; credentials deliberately not: the SDK's default chain reads the function role.
    internal AmazonS3Client Client(S3Options options) => _clients.GetOrAdd(options, o => S3ClientFactory.Create(o));
}
