using HepDsl.Generator.Tests.Support;

namespace HepDsl.Generator.Tests.Pipeline;

/// <summary>
/// The generator as a NuGet package: <c>dotnet pack</c> of src/HepDsl.Generator into a temporary folder, then a
/// throwaway consumer that has only a PackageReference to it (from that folder as a local source, beside the
/// usual feeds) and <c>&lt;AdditionalFiles Include="**/*.hep" /&gt;</c>. The consumer's code uses the generated
/// class, so the build succeeds only if the compiler loaded the generator together with its parser and Sprache
/// from the package; a second, broken .hep must come back as a located HEP error.
/// </summary>
public class PackageConsumerTests
{
    [Fact]
    public void Packed_generator_works_in_a_consumer_with_only_a_package_reference()
    {
        var dir = DotnetCli.IsolatedTempFolder("hep-pack-");
        try
        {
            var packages = Path.Combine(dir, "packages");
            var generatorProject = Path.Combine(RepoPaths.Root, "src", "HepDsl.Generator", "HepDsl.Generator.csproj");
            var (packCode, packOutput) = DotnetCli.Run(
                $"pack \"{generatorProject}\" -c Release -o \"{packages}\" -nologo -v:q -p:Version=0.0.1-test --artifacts-path \"{Path.Combine(dir, "pack-art")}\"", dir);
            Assert.True(packCode == 0, packOutput);
            var package = Path.Combine(packages, "HepDsl.Generator.0.0.1-test.nupkg");
            Assert.True(File.Exists(package), $"no {package}:\n{packOutput}");
            using (var zip = System.IO.Compression.ZipFile.OpenRead(package))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
                foreach (var dll in new[] { "HepDsl.Generator.dll", "HepDsl.Parser.dll", "Sprache.dll" })
                    Assert.Contains("analyzers/dotnet/cs/" + dll, entries);
                Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
            }

            var consumer = Path.Combine(dir, "consumer");
            Directory.CreateDirectory(Path.Combine(consumer, "analyses"));
            // The local folder first; the user's configured feeds (the usual mirror) stay in effect.
            File.WriteAllText(Path.Combine(dir, "NuGet.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="hepdsl-local" value="{packages}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="HepDsl.Generator" Version="0.0.1-test" />
                    <Reference Include="{Path.Combine(AppContext.BaseDirectory, "HepDsl.Runtime.dll")}" />
                    <AdditionalFiles Include="**/*.hep" />
                  </ItemGroup>
                </Project>
                """);
            File.Copy(Path.Combine(RepoPaths.Samples, "zmumu.hep"), Path.Combine(consumer, "analyses", "zmumu.hep"));
            File.WriteAllText(Path.Combine(consumer, "Program.cs"),
                "System.Console.WriteLine(new HepDsl.Analyses.ZmumuAnalysis().Info.Name);\n");
            // A private package folder, so the package just built is the one restored (never a stale cached copy).
            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(dir, "nuget-cache") };
            var build = $"build \"{Path.Combine(consumer, "Consumer.csproj")}\" -nologo -v:q --artifacts-path \"{Path.Combine(dir, "consumer-art")}\"";

            var (code, output) = DotnetCli.Run(build, consumer, environment);
            Assert.True(code == 0, output);
            Assert.DoesNotContain("CS8784", output); // generator failed to load
            Assert.DoesNotContain("CS8785", output); // generator threw

            File.WriteAllText(Path.Combine(consumer, "analyses", "broken.hep"),
                "analysis broken\ntree Events\nuse nanoaod\n\nhistogram met \"MET\": MET.nosuchfield, 10 bins from 0 to 100\n");
            (code, output) = DotnetCli.Run(build, consumer, environment);
            Assert.NotEqual(0, code);
            Assert.Matches(@"broken\.hep\(5,\d+\): error HEP0006: .*nosuchfield", output);
        }
        finally
        {
            DotnetCli.DeleteQuietly(dir);
        }
    }
}
