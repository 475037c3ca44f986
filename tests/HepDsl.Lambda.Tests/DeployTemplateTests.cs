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
        Assert.Equal(["FunctionRole"], edges["HostFunction"]);
        Assert.Equal(["HostLogGroup", "ResultsBucket"], edges["FunctionRole"]);
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
}
