using System.CommandLine;
using HepDsl.LanguageServer;

namespace HepDsl.Cli.Commands;

/// <summary>
/// <c>hep lsp</c>: the .hep language server on stdin/stdout (Language Server Protocol), for editors; logs go to stderr.
/// The VS Code extension in editors/vscode starts it.
/// </summary>
public static class LspCommand
{
    public static Command Create()
    {
        // Editors commonly pass --stdio; it is the only transport, so the flag is accepted and changes nothing.
        var stdio = new Option<bool>("--stdio") { Description = "Talk over stdin/stdout (the default and only transport)" };
        var command = new Command("lsp", "Run the .hep language server over stdio (for editors)") { stdio };
        command.SetAction(async (_, cancel) =>
        {
            using var input = Console.OpenStandardInput();
            using var output = Console.OpenStandardOutput();
            return await new HepLanguageServer(input, output, Console.Error).RunAsync(cancel);
        });
        return command;
    }
}
