using HepDsl.Generator.Tests.Support;

namespace HepDsl.Generator.Tests.Pipeline;

/// <summary>
/// C# user functions in a project that uses the generator: the .hep declares the signature, the generated call is
/// compiled with the project's own .cs, so a method that does not match is a build error at the .hep line, and an
/// error in the .cs is reported in the .cs.
/// </summary>
public class UserFunctionBuildTests
{
    private const string Hep = "analysis userfn\ntree Events\nuse nanoaod\nfunction float64 scaled(float64 pt, int32 n) = Physics.Helpers.Scaled\n" +
        "let jets = Jet with pt > 25\ncut \"two jets\": count(jets) >= 2\nhistogram s: scaled(jets[0].pt, count(jets)), 20 bins from 0 to 400\n";

    [Fact]
    public void Dotnet_build_checks_the_csharp_method_against_the_hep_declaration()
    {
        var dir = DotnetCli.IsolatedTempFolder("hep-userfn-");
        try
        {
            var bin = AppContext.BaseDirectory;
            File.WriteAllText(Path.Combine(dir, "UserFn.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <Reference Include="{Path.Combine(bin, "HepDsl.Runtime.dll")}" />
                    <Analyzer Include="{Path.Combine(bin, "HepDsl.Generator.dll")}" />
                    <Analyzer Include="{Path.Combine(bin, "HepDsl.Parser.dll")}" />
                    <Analyzer Include="{Path.Combine(bin, "Sprache.dll")}" />
                    <AdditionalFiles Include="*.hep" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(dir, "jets.hep"), Hep);
            string Build() => DotnetCli.Run($"build \"{Path.Combine(dir, "UserFn.csproj")}\" -nologo -v:q --artifacts-path \"{Path.Combine(dir, "art")}\"", dir) is var (code, output)
                ? (code == 0 ? "ok" : output) : "";

            File.WriteAllText(Path.Combine(dir, "Helpers.cs"), "namespace Physics;\npublic static class Helpers\n{\n    public static double Scaled(float pt, int n) => pt * (1 + 0.1 * n);\n}\n");
            Assert.Matches(@"jets\.hep\(7,\d+\): error CS1503", Build());

            File.WriteAllText(Path.Combine(dir, "Helpers.cs"), "namespace Physics;\npublic static class Helpers\n{\n    public static double Scaled(double pt, int n) => nosuch * (1 + 0.1 * n);\n}\n");
            Assert.Matches(@"Helpers\.cs\(4,\d+\): error CS0103", Build());

            File.WriteAllText(Path.Combine(dir, "Helpers.cs"), "namespace Physics;\npublic static class Helpers\n{\n    public static double Scaled(double pt, int n) => pt * (1 + 0.1 * n);\n}\n");
            Assert.Equal("ok", Build());
        }
        finally
        {
            DotnetCli.DeleteQuietly(dir);
        }
    }
}
