using HepDsl.Parser;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;
using HepDsl.Parser.Checking;

namespace HepDsl.LanguageServer.Analysis;

/// <summary>
/// Declarations and the places that use them, across the analysis and its imports. Declarations come from the syntax;
/// uses of fields (<c>a.pt</c>, <c>pt</c> inside <c>Jet with ...</c>) are resolved with the types the checker recorded,
/// so go-to-definition and find-references agree with the checker about what a name means.
/// </summary>
public sealed class SymbolIndex
{
    private readonly Dictionary<string, HepSymbol> _globals = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), HepSymbol> _fields = new();
    private readonly Dictionary<string, List<string>> _unionMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<(SourceSpan, Type), ExpressionInfo> _infos = new();
    // Lets made inside a region, by (region, name): two regions may each have a let of one name.
    private readonly Dictionary<(string, string), HepSymbol> _regionLets = new();
    private string? _region;

    public List<HepSymbol> Declarations { get; } = [];
    public List<(SourceSpan Span, HepSymbol Symbol)> References { get; } = [];

    public SymbolIndex(IEnumerable<(string Path, IReadOnlyList<StatementSyntax> Statements)> files, IEnumerable<ExpressionInfo> expressions)
    {
        foreach (var info in expressions) _infos[(info.Syntax.Span, info.Syntax.GetType())] = info;
        var all = files.ToList();
        foreach (var (_, statements) in all)
            foreach (var s in statements) Declare(s);
        _region = null;
        foreach (var (_, statements) in all)
            foreach (var s in statements)
            {
                if (s is RegionSyntax r) _region = r.Name.Name;
                Uses(s);
            }
    }

    public IEnumerable<HepSymbol> Globals => _globals.Values;

    public HepSymbol? Global(string name) => _globals.GetValueOrDefault(name);

    /// <summary>What a name means where uses are being resolved: the current region's let, else the global.</summary>
    private HepSymbol? Visible(string name) =>
        _region != null && _regionLets.TryGetValue((_region, name), out var let) ? let : Global(name);

    /// <summary>A field (stored or defined) of a collection; for a union, the field of its first member that has it.</summary>
    public HepSymbol? Field(string collection, string field)
    {
        if (_fields.TryGetValue((collection, field), out var f)) return f;
        if (_unionMembers.TryGetValue(collection, out var members))
            foreach (var m in members)
                if (_fields.TryGetValue((m, field), out f)) return f;
        return null;
    }

    /// <summary>The fields of a collection (for a union: those every member has).</summary>
    public IEnumerable<HepSymbol> FieldsOf(string collection)
    {
        if (!_unionMembers.TryGetValue(collection, out var members))
            return Declarations.Where(d => (d.Kind == SymbolKind.Field || d.Kind == SymbolKind.Define) && d.Container == collection);
        var names = members.Select(m => FieldsOf(m).Select(f => f.Name).ToHashSet()).Aggregate((a, b) => { a.IntersectWith(b); return a; });
        return names.Select(n => Field(collection, n)!).Where(f => f != null);
    }

    public bool IsUnion(string collection) => _unionMembers.ContainsKey(collection);

    /// <summary>True when objects of the collection carry a four-vector (declared by <c>fourvector</c>; unions when every member has one).</summary>
    public bool HasFourVector(string collection) =>
        _unionMembers.TryGetValue(collection, out var members) ? members.All(HasFourVector) : _fourVectors.Contains(collection);

    private readonly HashSet<string> _fourVectors = new(StringComparer.Ordinal);

    public ExpressionInfo? Info(SyntaxExpr e) => _infos.GetValueOrDefault((e.Span, e.GetType()));

    /// <summary>The declaration or use at a position of a file, innermost first.</summary>
    public HepSymbol? At(string file, Protocol.Position position)
    {
        HepSymbol? best = null;
        long size = long.MaxValue;
        foreach (var d in Declarations)
            if (d.Span.File == file && position.In(d.Span) && Protocol.Ranges.Size(d.Span) < size) { best = d; size = Protocol.Ranges.Size(d.Span); }
        foreach (var (span, symbol) in References)
            if (span.File == file && position.In(span) && Protocol.Ranges.Size(span) < size) { best = symbol; size = Protocol.Ranges.Size(span); }
        return best;
    }

    // ------------------------------------------------------------------ declarations

    private void Add(HepSymbol symbol, bool global = true)
    {
        Declarations.Add(symbol);
        if (global) _globals.TryAdd(symbol.Name, symbol);
    }

    private void AddField(HepSymbol field)
    {
        Declarations.Add(field);
        _fields.TryAdd((field.Container!, field.Name), field);
    }

    private void Declare(StatementSyntax statement)
    {
        switch (statement)
        {
            case AnalysisSyntax a: Add(new HepSymbol(SymbolKind.Analysis, a.Name, a.Span, a.Span), global: false); break;
            case ImportSyntax i:
                Add(new HepSymbol(SymbolKind.Import, i.Path, i.Span, i.Span) { Target = ImportPaths.Resolve(i.Span.File, i.Path) }, global: false);
                break;
            case BranchSyntax b:
                foreach (var n in b.Group.Names)
                    Add(new HepSymbol(SymbolKind.Branch, n.Name, n.Span, b.Span) { Detail = b.Group.Type.Name, Branch = n.Name });
                break;
            case CollectionSyntax c:
                Add(new HepSymbol(SymbolKind.Collection, c.Name.Name, c.Name.Span, c.Span)
                {
                    Detail = c.Vector != null ? "vector" : c.CounterType?.Name + " " + c.Counter?.Name,
                    Branch = c.Counter?.Name,
                });
                Fields(c.Name.Name, c.Groups, c.Span, c.Vector != null ? "vector" : c.Counter?.Name);
                if (c.FourVector != null) _fourVectors.Add(c.Name.Name);
                break;
            case ObjectSyntax o:
                Add(new HepSymbol(SymbolKind.Object, o.Name.Name, o.Name.Span, o.Span));
                Fields(o.Name.Name, o.Groups, o.Span, null);
                if (o.FourVector != null) _fourVectors.Add(o.Name.Name);
                break;
            case UnionSyntax u:
                Add(new HepSymbol(SymbolKind.Union, u.Name.Name, u.Name.Span, u.Span) { Detail = string.Join(", ", u.Members.Select(m => m.Name)) });
                _unionMembers[u.Name.Name] = u.Members.Select(m => m.Name).ToList();
                foreach (var t in u.Tags) Add(new HepSymbol(SymbolKind.UnionTag, t.Name, t.Span, u.Span) { Container = u.Name.Name });
                break;
            case DefineSyntax d:
                AddField(new HepSymbol(SymbolKind.Define, d.Field.Name, d.Field.Span, d.Span) { Container = d.Collection.Name });
                break;
            case LetSyntax l:
            {
                var let = new HepSymbol(SymbolKind.Let, l.Name.Name, l.Name.Span, l.Span);
                Add(let);
                if (_region != null) _regionLets.TryAdd((_region, l.Name.Name), let);
                break;
            }
            case CutSyntax c: Add(new HepSymbol(SymbolKind.Cut, c.Name.Name, c.Name.Span, c.Span), global: false); break;
            case RegionSyntax r:
                _region = r.Name.Name;
                Add(new HepSymbol(SymbolKind.Region, r.Name.Name, r.Name.Span, r.Span) { Detail = r.Title }, global: false);
                break;
            case HistogramSyntax h: Add(new HepSymbol(SymbolKind.Histogram, h.Name.Name, h.Name.Span, h.Span) { Detail = h.Title }, global: false); break;
            case AggregateSyntax a: Add(new HepSymbol(SymbolKind.Aggregate, a.Name.Name, a.Name.Span, a.Span) { Detail = a.Kind.ToString().ToLowerInvariant() }, global: false); break;
        }
    }

    /// <summary>Fields of a collection or object; a field without <c>BRANCH as</c> reads <c>Collection_field</c>.</summary>
    private void Fields(string owner, IReadOnlyList<FieldGroupSyntax> groups, SourceSpan statement, string? counter)
    {
        foreach (var g in groups)
            for (var i = 0; i < g.Names.Count; i++)
            {
                var branch = g.Branches?[i];
                AddField(new HepSymbol(SymbolKind.Field, g.Names[i].Name, g.Names[i].Span, statement)
                {
                    Container = owner,
                    Detail = g.Type.Name + (counter == null ? "" : counter == "vector" ? " (std::vector)" : $"[{counter}]"),
                    Branch = branch?.Name ?? owner + "_" + g.Names[i].Name,
                });
            }
    }

    // ------------------------------------------------------------------ uses

    private void Refer(SourceSpan span, HepSymbol? symbol)
    {
        if (symbol != null) References.Add((span, symbol));
    }

    private void Uses(StatementSyntax statement)
    {
        var scope = new List<HepSymbol>();
        switch (statement)
        {
            case CollectionSyntax c when c.FourVector != null:
                foreach (var f in c.FourVector.Fields) Refer(f.Span, Field(c.Name.Name, f.Name));
                break;
            case ObjectSyntax o when o.FourVector != null:
                foreach (var f in o.FourVector.Fields) Refer(f.Span, Field(o.Name.Name, f.Name));
                break;
            case UnionSyntax u:
                foreach (var m in u.Members) Refer(m.Span, Global(m.Name));
                break;
            case DefineSyntax d:
                Refer(d.Collection.Span, Global(d.Collection.Name));
                Expr(d.Value, scope);
                break;
            case LetSyntax l: Expr(l.Value, scope); break;
            case WeightSyntax w: Expr(w.Value, scope); break;
            case CutSyntax c: Expr(c.Predicate, scope); break;
            case HistogramSyntax h: foreach (var f in h.Fills) Expr(f, scope); break;
            case AggregateSyntax a when a.Value != null: Expr(a.Value, scope); break;
        }
    }

    private static HepSymbol? Find(List<HepSymbol> scope, string name)
    {
        for (var i = scope.Count - 1; i >= 0; i--)
            if (scope[i].Name == name) return scope[i];
        return null;
    }

    private void Expr(SyntaxExpr e, List<HepSymbol> scope)
    {
        switch (e)
        {
            case NameSyntax n:
            {
                var info = Info(n);
                var bound = Find(scope, n.Name);
                if (info?.Name == NameKind.ImplicitField && bound == null) Refer(n.Span, Field(info.FieldOf!, n.Name));
                else Refer(n.Span, bound ?? Visible(n.Name));
                break;
            }
            case MemberSyntax m:
            {
                Expr(m.Target, scope);
                if (CollectionOf(Info(m.Target)?.Type) is { } c) Refer(m.NameSpan, Field(c, m.Name));
                else if (Info(m.Target)?.Type.Kind == TypeKind.Combination && m.Target is NameSyntax t && Visible(t.Name) is { Kind: SymbolKind.Let } let)
                    Refer(m.NameSpan, Slot(let, m.Name));
                break;
            }
            case IndexSyntax i: Expr(i.Target, scope); Expr(i.Index, scope); break;
            case CallSyntax c: foreach (var a in c.Arguments) Expr(a, scope); break;
            case UnarySyntax u: Expr(u.Operand, scope); break;
            case BinarySyntax b: Expr(b.Left, scope); Expr(b.Right, scope); break;
            case CompareSyntax c: foreach (var o in c.Operands) Expr(o, scope); break;
            case IfSyntax i: Expr(i.Condition, scope); Expr(i.Then, scope); Expr(i.Else, scope); break;
            case WithSyntax w: Expr(w.Source, scope); Expr(w.Predicate, scope); break;
            case SortSyntax s: Expr(s.Source, scope); Expr(s.Key, scope); break;
            case BestSyntax b:
                Expr(b.Source, scope);
                if (b.Target != null) Expr(b.Target, scope);
                Expr(b.Key, scope);
                break;
            case QuantifierSyntax q: Scoped(q.Binder, scope, inner => Expr(q.Body, inner)); break;
            case ForSyntax f: Scoped(f.Binder, scope, inner => Expr(f.Element, inner)); break;
            case TuplesSyntax t: Scoped(t.Binder, scope, _ => { }); break;
        }
    }

    /// <summary>A member of a combination held by a let (<c>z.a</c>) is the variable its binder declared.</summary>
    private HepSymbol? Slot(HepSymbol let, string name) =>
        Declarations.FirstOrDefault(d => d.Kind == SymbolKind.Variable && d.Name == name && d.Span.File == let.StatementSpan.File
            && d.Span.Line >= let.StatementSpan.Line && d.Span.Line <= let.StatementSpan.EndLine);

    private void Scoped(BinderSyntax binder, List<HepSymbol> scope, Action<List<HepSymbol>> body)
    {
        var inner = new List<HepSymbol>(scope);
        foreach (var v in binder.Variables)
        {
            Expr(v.Source, scope);
            var at = v.Span with { EndLine = v.Span.Line, EndColumn = v.Span.Column + v.Name.Length };
            var variable = new HepSymbol(SymbolKind.Variable, v.Name, at, binder.Span) { Container = CollectionOf(Info(v.Source)?.Type) };
            Declarations.Add(variable);
            inner.Add(variable);
        }
        if (binder.Where != null) Expr(binder.Where, inner);
        body(inner);
    }

    /// <summary>The collection whose fields a value of this type has (objects, collections, per-object values).</summary>
    public static string? CollectionOf(HepType? type) =>
        type is { Kind: TypeKind.Object or TypeKind.Collection or TypeKind.Values, Collection: { } c } ? c : null;
}
