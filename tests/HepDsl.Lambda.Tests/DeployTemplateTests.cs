using System.Text.RegularExpressions;
using HepDsl.Lambda.Host;
using HepDsl.Lambda.Tests.Support;

namespace HepDsl.Lambda.Tests;

/// <summary>
/// deploy/template.yaml as CloudFormation would order it: no resource may (through !Ref, !GetAtt, ${X} in !Sub or
/// DependsOn) depend on itself, which CloudFormation rejects as a circular dependency before creating anything.
/// </summary>
public sealed class DeployTemplateTests
{
    private static readonly string s_template = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "template.yaml"));

    [Fact]
    public void The_template_has_no_circular_dependency_between_resources()
    {
        var edges = TemplateReferences.Of(s_template);
        var cycle = TemplateReferences.FindCycle(edges);
        Assert.True(cycle is null, $"circular dependency: {string.Join(" -> ", cycle ?? [])}");
        // The scan sees the references that order creation (else "no cycle" would prove nothing).
        Assert.Equal(["FunctionRole", "ResultsBucket"], edges["HostFunction"]);
        Assert.Equal(["HostLogGroup", "ResultsBucket"], edges["FunctionRole"]);
        Assert.Equal(["ResultsBucket"], edges["ResultsBucketPolicy"]);
        Assert.Empty(edges["HostLogGroup"]);
    }

    [Fact]
    public void The_scan_finds_the_cycle_of_a_role_naming_its_function()
    {
        // The defect this guards against: the role's logs permission named ${HostFunction} while the function took the role.
        var broken = s_template.Replace("Resource: !GetAtt HostLogGroup.Arn",
            "Resource: !Sub arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${HostFunction}:*", StringComparison.Ordinal);
        Assert.NotEqual(s_template, broken);
        Assert.Equal(["FunctionRole", "HostFunction", "FunctionRole"], TemplateReferences.FindCycle(TemplateReferences.Of(broken)));

        var viaDependsOn = s_template.Replace("      RetentionInDays: 14", "      RetentionInDays: 14\n    DependsOn:\n      - HostFunction", StringComparison.Ordinal);
        Assert.NotEqual(s_template, viaDependsOn);
        Assert.NotNull(TemplateReferences.FindCycle(TemplateReferences.Of(viaDependsOn)));
    }

    [Fact]
    public void The_logs_permission_is_for_the_functions_own_log_group_only()
    {
        // Least privilege: the log group is named from the same parameter as the function, and no statement has a wildcard resource.
        Assert.Contains("      FunctionName: !Ref FunctionName", s_template);
        Assert.Contains("      LogGroupName: !Sub /aws/lambda/${FunctionName}", s_template);
        Assert.Contains("                Resource: !GetAtt HostLogGroup.Arn", s_template);
        Assert.DoesNotContain("Resource: \"*\"", s_template);
        Assert.DoesNotContain("Resource: '*'", s_template);
        Assert.DoesNotContain("logs:CreateLogGroup", s_template);
    }

    [Fact]
    public void The_function_may_read_only_its_data_prefix()
    {
        Assert.Contains("                Resource: !Sub arn:aws:s3:::${DataBucket}/${DataPrefix}*", s_template);
        Assert.DoesNotContain("${DataBucket}/*", s_template);
        // The prefix parameter cannot widen the grant: it is required (no default), ends in '/', has no '..' segment.
        var pattern = new Regex("^(?:" + Parameter("DataPrefix", "AllowedPattern") + ")$");
        Assert.Null(Parameter("DataPrefix", "Default"));
        foreach (var ok in new[] { "nanoaod/", "nanoaod/2016/", "run-2_b/x.y/" }) Assert.Matches(pattern, ok);
        foreach (var bad in new[] { "", "/", "nanoaod", "../", "nanoaod/../", "./", "a//", "*", "nanoaod/*" }) Assert.DoesNotMatch(pattern, bad);
    }

    [Fact]
    public void The_results_bucket_refuses_requests_without_TLS_and_expires_analyses_and_results()
    {
        var policy = Block("  ResultsBucketPolicy:");
        Assert.Contains("Type: AWS::S3::BucketPolicy", policy);
        Assert.Contains("Bucket: !Ref ResultsBucket", policy);
        Assert.Contains("Effect: Deny", policy);
        Assert.Contains("Principal: \"*\"", policy);
        Assert.Contains("Action: s3:*", policy);
        Assert.Contains("- !GetAtt ResultsBucket.Arn", policy);
        Assert.Contains("- !Sub ${ResultsBucket.Arn}/*", policy);
        Assert.Matches(@"Condition:\s+Bool:\s+aws:SecureTransport: ""false""", policy);

        var bucket = Block("  ResultsBucket:");
        foreach (var folder in new[] { "analyses", "results" })
            Assert.Matches($@"Prefix: hepdsl/{folder}/\s+ExpirationInDays: \d+", bucket);
    }

    [Fact]
    public void The_hosts_environment_configures_it_as_the_role_allows()
    {
        var variables = Variables();
        Assert.Equal([HostSettings.InputsVariable, HostSettings.PrefixVariable, HostSettings.ResultsBucketVariable],
            variables.Keys.Where(k => k.StartsWith("HEPDSL_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        // Never on Lambda: a payload-chosen endpoint (emulator only), or an endpoint other than AWS's.
        Assert.DoesNotContain(HostSettings.PayloadEndpointVariable, s_template);
        Assert.DoesNotContain(HostSettings.S3EndpointVariable, s_template);
        // The prefix the host uses is the one the role's resources and the lifecycle rules name.
        Assert.Contains($"${{ResultsBucket.Arn}}/{variables[HostSettings.PrefixVariable]}/analyses/*", s_template);
        Assert.Contains($"${{ResultsBucket.Arn}}/{variables[HostSettings.PrefixVariable]}/results/*", s_template);

        // As CloudFormation resolves them for a deployment, the host reads them and allows exactly the data prefix.
        var parameters = new Dictionary<string, string>
        {
            ["ResultsBucket"] = "hepdsl-resultsbucket-1a2b3c", ["DataBucket"] = "my-data", ["DataPrefix"] = "nanoaod/2016/",
            ["HttpsInputs"] = "",
        };
        var settings = HostSettings.FromEnvironment(name => variables.TryGetValue(name, out var v) ? Resolve(v, parameters) : null);
        Assert.Equal("hepdsl-resultsbucket-1a2b3c", settings.ResultsBucket);
        Assert.Equal("hepdsl", settings.Prefix);
        Assert.Null(settings.Inputs.Refusal("s3://my-data/nanoaod/2016/ttbar.root"));
        Assert.NotNull(settings.Inputs.Refusal("s3://my-data/private/ttbar.root"));
        Assert.NotNull(settings.Inputs.Refusal("s3://hepdsl-resultsbucket-1a2b3c/hepdsl/results/x"));
        Assert.NotNull(settings.Inputs.Refusal("https://opendata.example.org/eos/ttbar.root"));

        parameters["HttpsInputs"] = "https://opendata.example.org/eos/";
        var withHttps = HostSettings.FromEnvironment(name => variables.TryGetValue(name, out var v) ? Resolve(v, parameters) : null);
        Assert.Null(withHttps.Inputs.Refusal("https://opendata.example.org/eos/ttbar.root"));
        Assert.NotNull(withHttps.Inputs.Refusal("http://opendata.example.org/eos/ttbar.root"));
    }

    // A top-level parameter's property ("    Name:" block under Parameters), unquoted; null when absent.
    private static string? Parameter(string name, string property)
    {
        var block = Block($"  {name}:");
        var match = Regex.Match(block, $@"^    {property}: (.*)$", RegexOptions.Multiline);
        return match.Success ? match.Groups[1].Value.Trim().Trim('"') : null;
    }

    // The lines of the block starting at a line equal to `header`, up to the next line indented as little or less.
    private static string Block(string header)
    {
        var lines = s_template.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int start = Array.IndexOf(lines, header);
        Assert.True(start >= 0, $"no '{header}' in the template");
        int indent = header.Length - header.TrimStart().Length;
        var block = lines.Skip(start + 1).TakeWhile(l => l.Trim().Length == 0 || l.Length - l.TrimStart().Length > indent);
        return string.Join('\n', block);
    }

    // The function's environment: "KEY: value" lines under "        Variables:".
    private static Dictionary<string, string> Variables() =>
        Block("        Variables:").Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.Ordinal);

    // !Ref X, !Sub "...${X}...", or a plain (possibly quoted) value.
    private static string Resolve(string value, Dictionary<string, string> parameters)
    {
        if (value.StartsWith("!Ref ", StringComparison.Ordinal)) return parameters[value[5..].Trim()];
        var text = value.StartsWith("!Sub ", StringComparison.Ordinal) ? value[5..].Trim() : value;
        text = text.Trim('"');
        return Regex.Replace(text, @"\$\{([A-Za-z0-9]+)\}", m => parameters[m.Groups[1].Value]);
    }
}
