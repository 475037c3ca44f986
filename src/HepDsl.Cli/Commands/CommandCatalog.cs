using System.CommandLine;

namespace HepDsl.Cli.Commands;

/// <summary>Every top-level command of the hep tool. Add one line per command.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return CheckCommand.Create();
        yield return InspectCommand.Create();
        yield return DumpCommand.Create();
        yield return SchemaCommand.Create();
        yield return RunCommand.Create();
        yield return LambdaCommand.Create();
        yield return LspCommand.Create();
    }
}
