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
}
