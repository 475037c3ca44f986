using HepDsl.Generator.Tests.Support;

namespace HepDsl.Generator.Tests.Pipeline;

/// <summary>
/// A real <c>dotnet build</c> of a project with a broken .hep: the generator, loaded by the compiler with its parser
/// and Sprache beside it, turns the .hep error into a build error in the usual FILE(LINE,COL) form.
/// </summary>
public class CommandLineBuildTests
{
    [Fact]
    public void Dotnet_build_reports_hep_errors_at_their_line_and_column()
    {
        var dir = DotnetCli.IsolatedTempFolder("hep-build-");
        try
        {
            var bin = AppContext.BaseDirectory;
            File.WriteAllText(Path.Combine(dir, "Broken.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <Analyzer Include="{Path.Combine(bin, "HepDsl.Generator.dll")}" />
                    <Analyzer Include="{Path.Combine(bin, "HepDsl.Parser.dll")}" />
                    <Analyzer Include="{Path.Combine(bin, "Sprache.dll")}" />
                    <AdditionalFiles Include="*.hep" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(dir, "broken.hep"),
                "analysis broken\ntree Events\nuse nanoaod\n\nhistogram met \"MET\": MET.nosuchfield, 10 bins from 0 to 100\n");

            var (code, output) = DotnetCli.Run($"build \"{Path.Combine(dir, "Broken.csproj")}\" -nologo -v:q --artifacts-path \"{Path.Combine(dir, "art")}\"", dir);

            Assert.NotEqual(0, code);
            Assert.Matches(@"broken\.hep\(5,\d+\): error HEP0006: .*nosuchfield", output);
        }
        finally
        {
            DotnetCli.DeleteQuietly(dir);
        }
    }

    [Fact]
    public void Dotnet_build_reports_expressions_nested_too_deep_instead_of_crashing_the_compiler()
    {
        var dir = DotnetCli.IsolatedTempFolder("hep-build-deep-");
        try
        {
            var bin = AppContext.BaseDirectory;
            File.WriteAllText(Path.Combine(dir, "Deep.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <Analyzer Include="{Path.Combine(bin, "HepDsl.Generator.dll")}" />
                    <Analyzer Include="{Path.Combine(bin, "HepDsl.Parser.dll")}" />
                    <Analyzer Include="{Path.Combine(bin, "Sprache.dll")}" />
                    <AdditionalFiles Include="*.hep" />
                  </ItemGroup>
                </Project>
                """);
            static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));
            const string head = "analysis NAME\ntree events\nbranch float32 x\nbranch int32 n\n";
            var shapes = new Dictionary<string, string>
            {
                ["parens"] = "histogram h: " + Repeat("(", 2000) + "x" + Repeat(")", 2000) + ", 10 bins from 0 to 1",
                ["minus"] = "histogram h: " + Repeat("-", 10000) + "x, 10 bins from 0 to 1",
                ["nots"] = "cut c: " + Repeat("not ", 10000) + "x > 1\ncount k",
                ["ifs"] = "histogram h: " + Repeat("if n > 0 then ", 5000) + "x" + Repeat(" else 0", 5000) + ", 10 bins from 0 to 1",
                ["calls"] = "histogram h: " + Repeat("abs(", 10000) + "x" + Repeat(")", 10000) + ", 10 bins from 0 to 1",
            };
            foreach (var (name, body) in shapes)
                File.WriteAllText(Path.Combine(dir, name + ".hep"), head.Replace("NAME", name) + body + "\n");

            var (code, output) = DotnetCli.Run($"build \"{Path.Combine(dir, "Deep.csproj")}\" -nologo -v:q --artifacts-path \"{Path.Combine(dir, "art")}\"", dir);

            Assert.NotEqual(0, code);
            foreach (var name in shapes.Keys)
                Assert.Matches($@"{name}\.hep\(5,\d+\): error HEP0040: ", output);
            Assert.DoesNotContain("Stack overflow", output);
        }
        finally
        {
            DotnetCli.DeleteQuietly(dir);
        }
    }
}
