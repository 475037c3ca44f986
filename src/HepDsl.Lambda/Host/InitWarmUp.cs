using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.IO;

namespace HepDsl.Lambda.Host;

/// <summary>
/// Work done once per container before its first request for an event, so that Lambda's init phase pays for it
/// instead of the first invocation: SHA-256 run once (OpenSSL loaded), the payload and response JSON contracts used
/// once, the S3 client of the configured endpoint built (the one the first invocation gets), and a second client of
/// the same configuration whose HTTP layer answers in-process (<see cref="CannedS3Answer"/>) sends a GetObject, a
/// PutObject and signs an input URL: the SDK's credential chain, endpoint rules, SigV4 signing, marshalling and
/// response parsing are compiled and cached without a request leaving the container and without writing anything.
/// Bounded in time; a failure is logged and never stops the host.
/// </summary>
public static class InitWarmUp
{
    /// <summary><c>off</c> skips the warm-up (to measure what it saves); anything else, or unset, runs it.</summary>
    public const string Variable = "HEPDSL_INIT_WARMUP";

    /// <summary>The most the warm-up may add to the init phase (Lambda allows 10 s for all of init).</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    public static bool Enabled(Func<string, string?> get) =>
        !string.Equals(get(Variable)?.Trim(), "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs the warm-up; returns its wall time (ms) and a one-line account for the log.</summary>
    public static async Task<(long Ms, string Account)> RunAsync(HostSettings settings, Func<S3Options, AmazonS3Client> client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var steps = new List<string>();
        long t = 0;
        void Step(string what) { steps.Add($"{what} {clock.ElapsedMilliseconds - t} ms"); t = clock.ElapsedMilliseconds; }
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Budget);
        try
        {
            _ = DistributedKeys.Sha256Hex("hepdsl"u8.ToArray());
            Step("sha256");
            ExerciseJson(settings);
            Step("json");

            // The options the first invocation will use (same endpoint and region): the client built here is the one it gets.
            var options = settings.S3For(new PayloadS3Options { ServiceUrl = settings.S3Endpoint, Region = settings.Region });
            _ = client(options);
            Step("client");

            var canned = new CannedS3Answer();
            using (var rehearsal = S3ClientFactory.Create(options, configure: c => c.HttpClientFactory = canned))
            {
                using (var response = await rehearsal.GetObjectAsync(settings.ResultsBucket, DistributedKeys.Analysis(settings.Prefix, "init-warm-up"), bounded.Token).ConfigureAwait(false))
                {
                    using var copy = new MemoryStream();
                    await response.ResponseStream.CopyToAsync(copy, bounded.Token).ConfigureAwait(false);
                }
                await S3Upload.PutBytesAsync(rehearsal, settings.ResultsBucket, $"{settings.Prefix}/results/init-warm-up", "warm-up"u8.ToArray(), bounded.Token).ConfigureAwait(false);
                if (settings.Inputs.Origins.FirstOrDefault(o => o.Scheme == "s3") is { } origin)
                    _ = rehearsal.GetPreSignedURL(new GetPreSignedUrlRequest
                    {
                        BucketName = origin.Authority,
                        Key = origin.PathPrefix.TrimStart('/') + "init-warm-up",
                        Verb = HttpVerb.GET,
                        Expires = DateTime.UtcNow.AddMinutes(1),
                        Protocol = options.ServiceUrl is { } e && e.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS,
                    });
            }
            Step($"S3 rehearsal ({canned.Requests} in-process answers)");
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Step($"stopped at its {Budget.TotalSeconds:0} s budget"); // a slow machine: the first invocation finishes the warming
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Step($"stopped ({e.GetType().Name}: {e.Message})");
        }
        return (clock.ElapsedMilliseconds, string.Join(", ", steps));
    }

    // The payload and response types go through the serializer once, so their contracts are built before an event arrives.
    private static void ExerciseJson(HostSettings settings)
    {
        var payload = new InvocationPayload
        {
            RunId = "init-warm-up",
            Analysis = new AnalysisReference(new string('0', 64), "s3://b/k"),
            Partition = new Runtime.Execution.Partition(0, "s3://b/k.root", "Events", 0, 1),
            Input = new InputVersion { Size = 1, ETag = "\"e\"" },
            Results = new ResultTarget(settings.ResultsBucket, settings.Prefix),
        };
        _ = PayloadJson.Deserialize<InvocationPayload>(PayloadJson.Serialize(payload), "warm-up payload");
        _ = PayloadJson.Serialize(new InvocationResponse
        {
            PartitionIndex = 0, ResultKey = "k", ResultSha256 = "s", ResultBytes = 0, Entries = 0, BytesRead = 0, BasketBytes = 0,
            FetchMs = 0, ProcessMs = 0, UploadMs = 0, TotalMs = 0, PeakMemoryBytes = 0, MemoryMb = 0, ColdStart = true,
            Startup = new ColdStartBreakdown(0, 0, 0, 0, 0, 0),
        });
        _ = PayloadJson.Serialize(new FunctionError { ErrorMessage = "", ErrorType = "" });
    }
}
