using System.Collections.Generic;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Syntax
{
    // The parse tree: what was written, with a source span on every node. Names are not resolved here.

    /// <summary>An expression as written.</summary>
    public abstract record SyntaxExpr(SourceSpan Span);

    public sealed record NumberSyntax(SourceSpan Span, double Value, bool IsInteger) : SyntaxExpr(Span);
    public sealed record BoolSyntax(SourceSpan Span, bool Value) : SyntaxExpr(Span);
    public sealed record NameSyntax(SourceSpan Span, string Name) : SyntaxExpr(Span);
    /// <summary><c>target.name</c>.</summary>
    public sealed record MemberSyntax(SourceSpan Span, SyntaxExpr Target, string Name, SourceSpan NameSpan) : SyntaxExpr(Span);
    /// <summary><c>target[index]</c>.</summary>
    public sealed record IndexSyntax(SourceSpan Span, SyntaxExpr Target, SyntaxExpr Index) : SyntaxExpr(Span);
    /// <summary><c>name(args)</c>.</summary>
    public sealed record CallSyntax(SourceSpan Span, string Name, SourceSpan NameSpan, IReadOnlyList<SyntaxExpr> Arguments) : SyntaxExpr(Span);
    public sealed record UnarySyntax(SourceSpan Span, UnaryOp Op, SyntaxExpr Operand) : SyntaxExpr(Span);
    public sealed record BinarySyntax(SourceSpan Span, BinaryOp Op, SyntaxExpr Left, SyntaxExpr Right) : SyntaxExpr(Span);
    /// <summary><c>a &lt; b &lt;= c</c>: operands and the operators between them.</summary>
    public sealed record CompareSyntax(SourceSpan Span, IReadOnlyList<SyntaxExpr> Operands, IReadOnlyList<CompareOp> Ops) : SyntaxExpr(Span);
    public sealed record IfSyntax(SourceSpan Span, SyntaxExpr Condition, SyntaxExpr Then, SyntaxExpr Else) : SyntaxExpr(Span);
    /// <summary><c>source with predicate</c>.</summary>
    public sealed record WithSyntax(SourceSpan Span, SyntaxExpr Source, SyntaxExpr Predicate) : SyntaxExpr(Span);
    /// <summary><c>source sorted by key [descending]</c>.</summary>
    public sealed record SortSyntax(SourceSpan Span, SyntaxExpr Source, SyntaxExpr Key, bool Descending) : SyntaxExpr(Span);
    /// <summary><c>source max by key</c>, <c>min by key</c>, <c>closest to target by key</c>.</summary>
    public sealed record BestSyntax(SourceSpan Span, SyntaxExpr Source, BestKind Kind, SyntaxExpr? Target, SyntaxExpr Key) : SyntaxExpr(Span);
    /// <summary><c>any BINDER: body</c>; <see cref="Bracketed"/> when the whole body is in brackets, <c>any BINDER: (body)</c>.</summary>
    public sealed record QuantifierSyntax(SourceSpan Span, QuantifierKind Kind, BinderSyntax Binder, SyntaxExpr Body, bool Bracketed = false) : SyntaxExpr(Span);
    /// <summary><c>element for BINDER</c>.</summary>
    public sealed record ForSyntax(SourceSpan Span, SyntaxExpr Element, BinderSyntax Binder) : SyntaxExpr(Span);
    /// <summary><c>pair (a, b) in X [where p]</c> used as a value (the tuples).</summary>
    public sealed record TuplesSyntax(SourceSpan Span, BinderSyntax Binder) : SyntaxExpr(Span);

    /// <summary>One variable of a binder: <c>a</c> ranging over <c>Source</c>.</summary>
    public sealed record BoundSyntax(SourceSpan Span, string Name, SyntaxExpr Source);

    /// <summary><c>j in X</c>, <c>pair (a, b) in X</c> (Distinct), <c>pair (m in Muon, e in Electron)</c>, each with an optional <c>where</c>.</summary>
    public sealed record BinderSyntax(SourceSpan Span, IReadOnlyList<BoundSyntax> Variables, bool Distinct, SyntaxExpr? Where);

    /// <summary>A statement as written.</summary>
    public abstract record StatementSyntax(SourceSpan Span);

    public sealed record AnalysisSyntax(SourceSpan Span, string Name, string? Title) : StatementSyntax(Span);
    public sealed record TreeSyntax(SourceSpan Span, string Name) : StatementSyntax(Span);
    public sealed record UseSyntax(SourceSpan Span, string Schema) : StatementSyntax(Span);
    public sealed record ImportSyntax(SourceSpan Span, string Path) : StatementSyntax(Span);

    /// <summary>A name with its span.</summary>
    public sealed record NameToken(SourceSpan Span, string Name);

    /// <summary>
    /// <c>float32 pt, eta</c>: one type and the names declared with it. In a collection or object a field may name its
    /// branch: <c>float32 jet_pt as pt</c>; <see cref="Branches"/> then parallels <see cref="Names"/> (null: the
    /// branch is <c>Collection_field</c>). Null for <c>branch</c> statements.
    /// </summary>
    public sealed record FieldGroupSyntax(NameToken Type, IReadOnlyList<NameToken> Names, IReadOnlyList<NameToken?>? Branches = null);

    /// <summary><c>fourvector ptetaphim(pt, eta, phi, mass)</c>.</summary>
    public sealed record FourVectorSyntax(SourceSpan Span, NameToken Kind, IReadOnlyList<NameToken> Fields);

    /// <summary><c>branch float64 E1, px1, v[3]</c>: scalar branches and fixed-size arrays; <see cref="Lengths"/> parallels the names (null: scalar).</summary>
    public sealed record BranchSyntax(SourceSpan Span, FieldGroupSyntax Group, IReadOnlyList<ArrayLengthSyntax?> Lengths) : StatementSyntax(Span);

    /// <summary>The <c>3</c> of <c>v[3]</c> in a branch declaration, as written.</summary>
    public sealed record ArrayLengthSyntax(SourceSpan Span, string Digits);

    /// <summary>
    /// <c>collection Jet[uint32 nJet]: float32 pt, eta; fourvector ptetaphim(...)</c>, or with std::vector branches
    /// <c>collection Jet[vector]: float32 jet_pt as pt, ...</c>: then <see cref="Vector"/> is the <c>vector</c> word and
    /// <see cref="CounterType"/>, <see cref="Counter"/> are null.
    /// </summary>
    public sealed record CollectionSyntax(SourceSpan Span, NameToken Name, NameToken? CounterType, NameToken? Counter, NameToken? Vector, IReadOnlyList<FieldGroupSyntax> Groups, FourVectorSyntax? FourVector) : StatementSyntax(Span);

    /// <summary><c>object MET: float32 pt, phi; fourvector ptphi(pt, phi)</c>.</summary>
    public sealed record ObjectSyntax(SourceSpan Span, NameToken Name, IReadOnlyList<FieldGroupSyntax> Groups, FourVectorSyntax? FourVector) : StatementSyntax(Span);

    /// <summary><c>union Lepton = Electron as electron, Muon as muon</c>.</summary>
    public sealed record UnionSyntax(SourceSpan Span, NameToken Name, IReadOnlyList<NameToken> Members, IReadOnlyList<NameToken> Tags) : StatementSyntax(Span);

    /// <summary><c>define Jet.name = expr</c>: a per-object derived field.</summary>
    public sealed record DefineSyntax(SourceSpan Span, NameToken Collection, NameToken Field, SyntaxExpr Value) : StatementSyntax(Span);

    public sealed record LetSyntax(SourceSpan Span, NameToken Name, SyntaxExpr Value) : StatementSyntax(Span);
    public sealed record WeightSyntax(SourceSpan Span, SyntaxExpr Value) : StatementSyntax(Span);
    public sealed record CutSyntax(SourceSpan Span, NameToken Name, SyntaxExpr Predicate) : StatementSyntax(Span);

    /// <summary>A binning as written.</summary>
    public abstract record BinningSyntax(SourceSpan Span);
    /// <param name="Log">`N log bins from A to B`: edges evenly spaced in log(x).</param>
    public sealed record RegularBinningSyntax(SourceSpan Span, double Bins, double Low, double High, bool Log = false) : BinningSyntax(Span);
    public sealed record EdgesBinningSyntax(SourceSpan Span, IReadOnlyList<double> Edges) : BinningSyntax(Span);

    /// <summary><c>histogram name "title": fills..., binnings..., x "label", y "label"</c>.</summary>
    public sealed record HistogramSyntax(SourceSpan Span, NameToken Name, string? Title, IReadOnlyList<SyntaxExpr> Fills, IReadOnlyList<BinningSyntax> Binnings, string? XLabel, string? YLabel) : StatementSyntax(Span);

    /// <summary><c>count name</c>, <c>sum name: expr</c>, <c>mean name: expr</c>.</summary>
    public sealed record AggregateSyntax(SourceSpan Span, AggregateKind Kind, NameToken Name, SyntaxExpr? Value, string? Title = null) : StatementSyntax(Span);
}
