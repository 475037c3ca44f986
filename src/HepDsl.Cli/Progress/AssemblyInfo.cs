using System.Runtime.CompilerServices;

// The Lambda tests check the progress text of a Lambda run (running cost) without going through a terminal.
[assembly: InternalsVisibleTo("HepDsl.Lambda.Tests")]
// The CLI tests check the plain progress lines of a run whose stderr is not a terminal.
[assembly: InternalsVisibleTo("HepDsl.Cli.Tests")]
