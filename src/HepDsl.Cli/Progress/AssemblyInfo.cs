using System.Runtime.CompilerServices;

// The Lambda tests check the progress text of a Lambda run (running cost) without going through a terminal.
[assembly: InternalsVisibleTo("HepDsl.Lambda.Tests")]
