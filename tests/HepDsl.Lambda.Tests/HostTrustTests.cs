using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using HepDsl.Lambda.Host;
using HepDsl.Lambda.Tests.Support;
using HepDsl.Runtime.Distributed;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Inputs;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// The host trusts its own configuration, not its payload: a real host process (its HEPDSL_* environment as
/// deploy/template.yaml sets it) is sent hostile events through a scripted Runtime API; every one is refused with
/// <c>HepDsl.BadPayload</c> before anything is fetched, and the host goes on serving good events.
/// </summary>
[Collection(ServerlessCollection.Name)]
public sealed class HostTrustTests(ServerlessFixture fixture)
{
    private static string NewPrefix() => "trust/" + Guid.NewGuid().ToString("N")[..8];

    private InvocationPayload Good(string prefix, int index = 0) =>
        HostProtocolTests.Payload(fixture, prefix, new Partition(index, fixture.Inputs[0], ServerlessFixture.Tree, 0, 20),
            new HostProtocolTests(fixture).VersionOf(fixture.Inputs[0]));

    private static async Task<FunctionError> RefusedAsync(ScriptedRuntimeApi api, InvocationPayload payload, string expectedType = FunctionErrorTypes.BadPayload)
    {
        var id = api.Send(PayloadJson.Serialize(payload));
        var post = await api.NextPostAsync();
        Assert.True(post.Path == $"/2018-06-01/runtime/invocation/{id}/error", $"{post.Path}: {Encoding.UTF8.GetString(post.Body)}");
        var error = PayloadJson.Deserialize<FunctionError>(post.Body, "error");
        Assert.True(error.ErrorType == expectedType, $"{error.ErrorType}: {error.ErrorMessage}");
        return error;
    }

    private static async Task AnsweredAsync(ScriptedRuntimeApi api, InvocationPayload payload)
    {
        var id = api.Send(PayloadJson.Serialize(payload));
        var post = await api.NextPostAsync();
        Assert.True(post.Path == $"/2018-06-01/runtime/invocation/{id}/response", $"{post.Path}: {Encoding.UTF8.GetString(post.Body)}");
    }

    [Fact]
    public async Task A_payload_naming_its_own_S3_endpoint_analysis_or_results_location_is_refused_before_anything_is_fetched()
    {
        // A rogue "S3" serving the real analysis bytes: the hash check alone would pass, and the host would run code
        // from an endpoint named only in the payload, with the role's credentials in its environment.
        var q6 = AnalysisAssemblies.Q6;
        using var rogue = CountingHttpServer.Serving(q6.Bytes);
        var prefix = NewPrefix();
        await using var api = new ScriptedRuntimeApi(fixture.HostEnvironment(prefix));
        var good = Good(prefix);

        var endpoint = await RefusedAsync(api, good with { S3 = good.S3 with { ServiceUrl = rogue.Url } });
        Assert.Contains($"the payload names S3 endpoint '{rogue.Url}'; this function uses '{fixture.S3.Endpoint}' (HEPDSL_S3_ENDPOINT)", endpoint.ErrorMessage);
        Assert.Contains("refused, nothing fetched", endpoint.ErrorMessage);

        var sha = good.Analysis.Sha256;
        var elsewhere = await RefusedAsync(api, good with { Analysis = new AnalysisReference(sha, $"s3://{ServerlessFixture.DataBucket}/uploads/{sha}.dll") });
        Assert.Contains($"this function loads analyses only from s3://{ServerlessFixture.RunBucket}/{prefix}/analyses/{sha}.dll", elsewhere.ErrorMessage);

        var bucket = await RefusedAsync(api, good with { Results = new ResultTarget(ServerlessFixture.DataBucket, prefix) });
        Assert.Contains($"results bucket '{ServerlessFixture.DataBucket}'; this function writes only to '{ServerlessFixture.RunBucket}'", bucket.ErrorMessage);

        var otherPrefix = await RefusedAsync(api, good with { Results = new ResultTarget(ServerlessFixture.RunBucket, "someone-else") });
        Assert.Contains($"results prefix 'someone-else'; this function uses '{prefix}' (HEPDSL_PREFIX)", otherPrefix.ErrorMessage);

        foreach (var escape in new[] { "../../escape", "/" + prefix, prefix + "/../x" })
        {
            var refused = await RefusedAsync(api, good with { Results = new ResultTarget(ServerlessFixture.RunBucket, escape) });
            Assert.Contains($"results prefix '{escape}'", refused.ErrorMessage);
        }

        Assert.Empty(rogue.Requests);
        await AnsweredAsync(api, good); // the same host, its own locations: runs
    }

    [Fact]
    public async Task Inputs_come_only_from_the_configured_origins()
    {
        using var metadata = CountingHttpServer.Serving("{\"AccessKeyId\":\"not for you\"}"u8.ToArray());
        var prefix = NewPrefix();
        await using var api = new ScriptedRuntimeApi(fixture.HostEnvironment(prefix));
        var good = Good(prefix);
        string[] forbidden =
        [
            "/etc/passwd",
            "file:///etc/passwd",
            $"{metadata.Url}/latest/meta-data/iam/security-credentials/role",
            "https://example.org/data/file.root",
            $"s3://{ServerlessFixture.RunBucket}/{prefix}/analyses/x.root", // a bucket the host may read, but not an input origin
            $"s3://{ServerlessFixture.DataBucket}/ttbar/../../{ServerlessFixture.RunBucket}/x.root",
            $"s3://{ServerlessFixture.DataBucket}//ttbar/a.root",
        ];
        foreach (var location in forbidden)
        {
            var error = await RefusedAsync(api, good with { Partition = good.Partition with { Location = location } });
            Assert.Contains($"input '{location}': ", error.ErrorMessage);
            Assert.Contains("(HEPDSL_INPUTS): refused, nothing fetched", error.ErrorMessage);
        }
        Assert.Empty(metadata.Requests);
        await AnsweredAsync(api, good);
    }

    [Fact]
    public async Task A_file_that_is_not_ROOT_is_reported_as_such_without_any_of_its_bytes()
    {
        // /etc/passwd starts with "root": the 'root' magic alone let its next bytes be decoded as header fields and
        // quoted back ("header says the file is N bytes long").
        var text = Encoding.ASCII.GetBytes("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n");
        var location = fixture.S3.Upload(ServerlessFixture.DataBucket, $"trust/{Guid.NewGuid():N}/passwd.root", text);
        var prefix = NewPrefix();
        await using var api = new ScriptedRuntimeApi(fixture.HostEnvironment(prefix));
        var good = Good(prefix);
        var payload = good with
        {
            Partition = good.Partition with { Location = location },
            Input = new HostProtocolTests(fixture).VersionOf(location),
        };
        var error = await RefusedAsync(api, payload, FunctionErrorTypes.DataError);
        Assert.Contains($"{location}: not a ROOT file (no ROOT file header at offset 0)", error.ErrorMessage);
        // No field the old reader decoded from these bytes (as 32-bit big-endian numbers, anywhere in the header) is quoted.
        for (int at = 4; at + 4 <= 64; at += 4)
            Assert.DoesNotContain(BinaryPrimitives.ReadInt32BigEndian(text.AsSpan(at)).ToString(CultureInfo.InvariantCulture), error.ErrorMessage);
    }

    [Fact]
    public void An_HTTP_redirect_is_followed_by_the_host_only_to_an_allowed_location()
    {
        // An allowed origin redirecting elsewhere must not take the host where its payload could not.
        var bytes = File.ReadAllBytes(RepoPaths.Data("uproot-HZZ-uncompressed.root"));
        using var data = new CountingHttpServer(async context =>
        {
            var range = context.Request.Headers["Range"]!["bytes=".Length..].Split('-');
            long from = long.Parse(range[0], CultureInfo.InvariantCulture);
            long to = Math.Min(bytes.Length - 1, long.Parse(range[1], CultureInfo.InvariantCulture));
            context.Response.StatusCode = 206;
            context.Response.Headers["Content-Range"] = $"bytes {from}-{to}/{bytes.Length}";
            context.Response.Headers["ETag"] = "\"v1\"";
            context.Response.ContentLength64 = to - from + 1;
            await context.Response.OutputStream.WriteAsync(bytes.AsMemory((int)from, (int)(to - from + 1)));
            return to - from + 1;
        });
        using var redirector = new CountingHttpServer(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.RedirectLocation = data.Url + "/hzz.root";
            return Task.FromResult(0L);
        });
        var url = redirector.Url + "/hzz.root";
        var options = Runtime.IO.ByteSourceOptions.Default;

        // Without a redirect rule (the driver's survey), redirects are followed as before.
        using (var followed = PinnedInputs.OpenTree(url, "events", options, null, out _)) Assert.Equal(2421, followed.Entries);
        int served = data.Requests.Count;

        var refused = Assert.Throws<Runtime.HepDataException>(() => PinnedInputs.OpenTree(url, "events", options, null, out _, to => to.Host == "data.example.org"));
        Assert.Equal($"{url}: the server redirected to {data.Url}/hzz.root, which is not an allowed input origin; not followed", refused.Message);
        Assert.Equal(served, data.Requests.Count); // not a byte fetched from the target

        var dataPort = new Uri(data.Url).Port;
        using (var allowed = PinnedInputs.OpenTree(url, "events", options, new InputVersion { Size = bytes.Length, ETag = "\"v1\"" }, out _, to => to.Port == dataPort))
            Assert.Equal(2421, allowed.Entries);
    }

    [Fact]
    public async Task An_entry_range_whose_end_overflows_is_refused()
    {
        var prefix = NewPrefix();
        await using var api = new ScriptedRuntimeApi(fixture.HostEnvironment(prefix));
        var good = Good(prefix);
        var error = await RefusedAsync(api, good with { Partition = good.Partition with { FirstEntry = long.MaxValue, EntryCount = 10 } });
        Assert.Contains($"entry range from {long.MaxValue}, 10 entries", error.ErrorMessage);
        var negative = await RefusedAsync(api, good with { Partition = good.Partition with { FirstEntry = -5, EntryCount = 10 } });
        Assert.Contains("entry range from -5", negative.ErrorMessage);
        await AnsweredAsync(api, good);
    }

    [Fact]
    public void The_event_loop_refuses_a_range_whose_end_overflows()
    {
        // Behind the host's check, the runner's own: 2^63-1 + 10 wraps negative and used to pass "End <= Entries".
        var analysis = AnalysisAssemblies.Q6;
        var partition = new Partition(0, RepoPaths.Data("nanoAOD_2015_CMS_Open_Data_ttbar.root"), ServerlessFixture.Tree, long.MaxValue, 10);
        var error = Assert.Throws<PartitionFailedException>(() => PartitionRunner.Run(analysis.Analysis, analysis.Analysis.CreateProcessor(), partition));
        Assert.Contains("the range lies outside the tree's [0, 200)", error.ToString());
    }

    [Fact]
    public async Task A_misconfigured_host_reports_an_init_error_naming_the_setting()
    {
        foreach (var (name, value, expected) in new[]
        {
            (HostSettings.PrefixVariable, "../../escape", "HEPDSL_PREFIX='../../escape': has a '..' segment"),
            (HostSettings.InputsVariable, "file:///etc", "HEPDSL_INPUTS: input origin 'file:///etc' is not acceptable: scheme 'file://' is not accepted"),
            (HostSettings.InputsVariable, "http://data.example.org/", "scheme 'http://' is not accepted (accepted: s3://, https://, root://, roots://)"),
            (HostSettings.ResultsBucketVariable, "", "HEPDSL_RESULTS_BUCKET is not set"),
        })
        {
            var environment = fixture.HostEnvironment(NewPrefix()).ToDictionary();
            environment[name] = value;
            await using var api = new ScriptedRuntimeApi(environment);
            var post = await api.NextPostAsync();
            Assert.Equal("/2018-06-01/runtime/init/error", post.Path);
            var error = PayloadJson.Deserialize<FunctionError>(post.Body, "error");
            Assert.Equal(FunctionErrorTypes.Misconfigured, error.ErrorType);
            Assert.Contains(expected, error.ErrorMessage);
        }
    }

    [Fact]
    public async Task Only_the_emulator_setting_lets_a_payload_choose_a_loopback_S3_endpoint()
    {
        var q6 = AnalysisAssemblies.Q6;
        using var local = CountingHttpServer.Serving(q6.Bytes);
        var prefix = NewPrefix();
        var environment = fixture.HostEnvironment(prefix).ToDictionary();
        environment[HostSettings.PayloadEndpointVariable] = "loopback";
        await using var api = new ScriptedRuntimeApi(environment);
        var good = Good(prefix);

        // A non-loopback endpoint stays refused even so (nothing listens there; nothing may be tried).
        var remote = await RefusedAsync(api, good with { S3 = good.S3 with { ServiceUrl = "http://192.0.2.1:9000" } });
        Assert.Contains("the payload names S3 endpoint 'http://192.0.2.1:9000'", remote.ErrorMessage);
        Assert.Contains("or a loopback one", remote.ErrorMessage);

        // A loopback one is where the host then fetches the analysis from.
        var id = api.Send(PayloadJson.Serialize(good with { S3 = good.S3 with { ServiceUrl = local.Url } }));
        await api.NextPostAsync();
        Assert.Contains($"GET /{ServerlessFixture.RunBucket}/{prefix}/analyses/{good.Analysis.Sha256}.dll", local.Requests);
        Assert.NotEmpty(id);
    }
}
