using System.Runtime.CompilerServices;

// The vectorised page-decoding loops (RNTuple/ByteSplit) are tested against scalar references directly.
[assembly: InternalsVisibleTo("HepDsl.Runtime.Tests")]
