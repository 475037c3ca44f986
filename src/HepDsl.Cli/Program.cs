using System.CommandLine;
using HepDsl.Cli.Commands;

// Each command lives in Commands/<Name>Command.cs and is registered here.
var root = new RootCommand("hep: compile and run declarative HEP analyses written in .hep files");
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();
