using HepDsl.Parser.Model;

namespace HepDsl.LanguageServer.Analysis;

public enum SymbolKind { Collection, Object, Union, UnionTag, Branch, Field, Define, Let, Variable, Import, Cut, Histogram, Aggregate, Analysis, Region }

/// <summary>
/// Something declared in an analysis: <see cref="Span"/> is where its name is written; <see cref="Container"/> is the
/// collection of a field or define; <see cref="Detail"/> its declared type (<c>float32</c>) when it has one;
/// <see cref="Branch"/> the ROOT branch a stored field or branch reads; <see cref="Target"/> the file an import reads.
/// </summary>
public sealed record HepSymbol(SymbolKind Kind, string Name, SourceSpan Span, SourceSpan StatementSpan)
{
    public string? Container { get; init; }
    public string? Detail { get; init; }
    public string? Branch { get; init; }
    public string? Target { get; init; }

    /// <summary>How the symbol is named in messages: <c>Muon.pt</c> for a field, else its name.</summary>
    public string Qualified => Container == null ? Name : Container + "." + Name;
}
