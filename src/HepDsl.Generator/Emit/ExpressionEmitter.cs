using System;
using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>
/// Turns typed .hep expressions into C#. Simple nodes become C# expressions; iterations (any/all, reductions,
/// best candidates, selections, sortings) become loops written just before the statement that needs them, into
/// locals and processor-owned index lists, so nothing is allocated per event. Objects are <c>int</c> indices
/// into their collection; a missing optional value jumps to the innermost <see cref="FailTarget"/>.
/// </summary>
internal sealed class ExpressionEmitter
{

    private readonly EventScope _scope;

    public ExpressionEmitter(EventScope scope) => _scope = scope;

    private CodeWriter W => _scope.Writer;

    // ------------------------------------------------------------------ values

    /// <summary>A C# expression for a Bool, Int, Float, FourVector or Object value, present (checked) when evaluated.</summary>
    public string Value(Expr e)
    {
        switch (e)
        {
            case IntLiteral i: return CSharp.Long(i.Value);
            case FloatLiteral f: return CSharp.Double(f.Value);
            case BoolLiteral b: return b.Value ? "true" : "false";
            case BranchRead r:
                return CSharp.Convert($"{_scope.Columns[r.Branch].Buffer}.Values[e]", r.StoredAs, r.Type);
            case ArrayElementRead a:
                // A fixed-size array holds Length values per entry, one after the other (checked in Bind).
                return CSharp.Convert($"{_scope.Columns[a.Branch].Buffer}.Values[e * {a.Length} + {a.Index}]", a.StoredAs, a.Type);
            case DefinitionRef d: return DefinitionValue(d);
            case VariableRef v:
                return _scope.Variables.TryGetValue(v.Name, out var local) ? local : throw new InvalidOperationException($"unbound variable '{v.Name}'");
            case SingletonRef: return "0";
            case FieldAccess f: return Field(f);
            case ObjectFourVector fv: return FourVector(fv.Target);
            case Exists x: return Exists(x);
            case SlotAccess s: return Combination(s.Target)[SlotIndex(s.Target.Type, s.Slot)];
            case IndexAccess ix: return Index(ix);
            case Unary u: return u.Op == UnaryOp.Negate ? $"(-{Value(u.Operand)})" : $"(!{Value(u.Operand)})";
            case Binary b: return Binary(b);
            case Comparison c: return Comparison(c);
            case Conditional c: return Conditional(c);
            case Call c: return Call(c);
            case UserCall u:
            {
                // The declared C# types: the C# compiler then checks the method against them (errors at this .hep line).
                var args = u.Arguments.Select((a, i) => $"({CSharp.Element(u.ParameterTypes[i])}){Value(a)}");
                var call = $"global::{u.Method}({string.Join(", ", args)})";
                return u.Type.Kind switch
                {
                    TypeKind.Float => $"(double){call}",
                    TypeKind.Int => $"(long){call}",
                    _ => call,
                };
            }
            case Quantifier q: return Quantifier(q);
            case Reduction r: return Reduction(r);
            case Best best when best.Over.Variables.Count == 1: return Best(best)[0];
            default: throw new NotSupportedException($"{e.GetType().Name} of type {e.Type} used as a value at {e.Span}");
        }
    }

    /// <summary>An object value as a simple name (hoisted into a local when it is a longer expression).</summary>
    public string Object(Expr e) => Hoist(Value(e), "int", "obj");

    /// <summary>Evaluates a Bool whose missing parts make it false (selection and quantifier predicates).</summary>
    public string Predicate(Expr e)
    {
        var result = _scope.Fresh("p");
        var absent = _scope.Fresh("absent");
        W.Line($"var {result} = false;");
        W.Begin();
        var used = _scope.WithFailLabel(absent, () => W.Line($"{result} = {Value(e)};"));
        W.Close();
        if (used) W.Line($"{absent}: ;");
        return result;
    }

    private string Hoist(string expression, string type, string stem)
    {
        if (IsSimpleName(expression)) return expression;
        var local = _scope.Fresh(stem);
        W.Line($"{type} {local} = {expression};");
        return local;
    }

    /// <summary>A C# name or a digit string: reading it again costs nothing, so it needs no local.</summary>
    private static bool IsSimpleName(string expression)
    {
        static bool Digit(char c) => c >= '0' && c <= '9';
        static bool Letter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (expression.Length == 0) return false;
        return expression.All(Digit) || (Letter(expression[0]) && expression.All(c => Letter(c) || Digit(c)));
    }

    private string DefinitionValue(DefinitionRef d)
    {
        var symbol = Definition(d.Name);
        if (symbol.Local is null) throw new NotSupportedException($"definition '{d.Name}' of type {symbol.Type} used as a value");
        if (symbol.Presence is not null) _scope.FailIf("!" + symbol.Presence);
        else if (symbol.Type.Kind == TypeKind.Object && symbol.Type.Optional) _scope.FailIf(symbol.Local + " < 0");
        return symbol.Local;
    }

    private DefinitionSymbol Definition(string name) =>
        _scope.Definitions.TryGetValue(name, out var s) ? s : throw new InvalidOperationException($"definition '{name}' used before it is defined");

    // ------------------------------------------------------------------ objects and fields

    private string Field(FieldAccess f)
    {
        var collection = _scope.Collection(f.Collection);
        if (collection is SingletonCollection singleton) return MemberField(singleton, f.Field, "0", f.Type);
        var obj = Object(f.Target);
        switch (collection)
        {
            case SourceCollection source:
                return MemberField(source, f.Field, obj, f.Type);
            case UnionCollection union:
                if (f.Field == "flavour") return "(long)" + UnionChoice(union, obj, (k, _) => CSharp.Int(k));
                return UnionChoice(union, obj, (k, local) => MemberField(_scope.Collection(union.Members[k]), f.Field, local, f.Type));
            default:
                throw new NotSupportedException($"field access on {collection.GetType().Name}");
        }
    }

    /// <summary>Field <paramref name="field"/> of object <paramref name="obj"/> of a source or singleton collection, as <paramref name="type"/>.</summary>
    private string MemberField(CollectionModel collection, string field, string obj, HepType type)
    {
        if (field == "index") return collection is SingletonCollection ? "0L" : $"(long){obj}";
        var model = collection.Fields.FirstOrDefault(x => x.Name == field)
            ?? throw new InvalidOperationException($"collection '{collection.Name}' has no field '{field}' in the model");
        if (model.IsStored)
        {
            var column = _scope.Columns[model.Branch!];
            var at = column.IsJagged ? $"{column.Buffer}.Values[{column.Offset} + {obj}]" : $"{column.Buffer}.Values[e]";
            var stored = CSharp.Convert(at, model.StoredAs!.Value, type.AsRequired());
            if (_scope.VariedFields.TryGetValue(collection.Name + "." + field, out var varied))
                return $"({varied} != null ? ({CSharp.Type(type.AsRequired())}){varied}[{obj}] : {stored})";
            return stored;
        }
        // A derived field: its definition, with its variable bound to this object.
        string value = "";
        _scope.Bind(model.Variable!, obj, () => value = Value(model.Definition!));
        return type.Kind == TypeKind.Float && model.Type.Kind == TypeKind.Int ? "(double)" + value : value;
    }

    /// <summary>
    /// A union object is one index over its members laid end to end (all electrons, then all muons): picks the
    /// member and the index within it.
    /// </summary>
    private string UnionChoice(UnionCollection union, string obj, Func<int, string, string> member)
    {
        var text = "";
        var start = new List<string>();
        for (var k = 0; k < union.Members.Count; k++)
        {
            var offset = start.Count == 0 ? "" : " - " + Sum(start);
            var local = start.Count == 0 ? obj : $"({obj}{offset})";
            var choice = member(k, local);
            start.Add(EventScope.CountOf(union.Members[k]));
            text += k == union.Members.Count - 1 ? choice : $"{obj} < {Sum(start)} ? {choice} : ";
        }
        return "(" + text + ")";
    }

    private static string Sum(List<string> terms) => terms.Count == 1 ? terms[0] : "(" + string.Join(" + ", terms) + ")";

    private string FourVector(Expr target)
    {
        var collection = _scope.Collection(target.Type.Collection ?? throw new InvalidOperationException("four-vector of an object without collection"));
        var obj = collection is SingletonCollection ? "0" : Object(target);
        if (collection is UnionCollection union)
            return UnionChoice(union, obj, (k, local) => MemberFourVector(_scope.Collection(union.Members[k]), local));
        return MemberFourVector(collection, obj);
    }

    private string MemberFourVector(CollectionModel collection, string obj)
    {
        if (_scope.CachedFourVectors is { } cached && collection is SourceCollection source && StoredFourVector(source))
        {
            if (!cached.Contains(source.Name)) cached.Add(source.Name);
            return $"{FourVectorArray(source)}[{obj}]";
        }
        return ComputedFourVector(collection, obj);
    }

    private string ComputedFourVector(CollectionModel collection, string obj)
    {
        var spec = collection switch
        {
            SourceCollection s => s.FourVector,
            SingletonCollection s => s.FourVector,
            _ => null,
        } ?? throw new InvalidOperationException($"collection '{collection.Name}' has no four-vector recipe");
        var f = spec.Fields.Select(name => MemberField(collection, name, obj, HepType.Float)).ToArray();
        return spec.Kind switch
        {
            FourVectorKind.PtEtaPhiM => $"LorentzVector.FromPtEtaPhiM({f[0]}, {f[1]}, {f[2]}, {f[3]})",
            FourVectorKind.PxPyPzE => $"LorentzVector.FromPxPyPzE({f[0]}, {f[1]}, {f[2]}, {f[3]})",
            // Missing transverse momentum: massless, in the transverse plane.
            FourVectorKind.PtPhi => $"LorentzVector.FromPtEtaPhiM({f[0]}, 0.0, {f[1]}, 0.0)",
            FourVectorKind.PxPy => $"LorentzVector.FromPxPyPzE({f[0]}, {f[1]}, 0.0, Math.Sqrt({f[0]} * {f[0]} + {f[1]} * {f[1]}))",
            _ => throw new NotSupportedException(spec.Kind.ToString()),
        };
    }

    private string Index(IndexAccess ix)
    {
        var source = Collection(ix.Source);
        var index = Hoist(Value(ix.Index), "long", "at");
        var obj = _scope.Fresh("obj");
        W.Line($"int {obj} = {index} >= 0 && {index} < {source.Count} ? {source.Element($"(int){index}")} : -1;");
        _scope.FailIf(obj + " < 0");
        return obj;
    }

    private string Exists(Exists x)
    {
        var present = _scope.Fresh("exists");
        var absent = _scope.Fresh("absent");
        W.Line($"var {present} = false;");
        W.Begin();
        var used = _scope.WithFailLabel(absent, () =>
        {
            switch (x.Operand.Type.Kind)
            {
                case TypeKind.Combination: Combination(x.Operand); break;
                case TypeKind.Collection: Collection(x.Operand); break;
                default: Hoist(Value(x.Operand), CSharp.Type(x.Operand.Type), "v"); break;
            }
            W.Line($"{present} = true;");
        });
        W.Close();
        if (used) W.Line($"{absent}: ;");
        return present;
    }

    private static int SlotIndex(HepType combination, string slot)
    {
        for (var i = 0; i < combination.Slots.Count; i++)
            if (combination.Slots[i].Name == slot) return i;
        throw new InvalidOperationException($"no slot '{slot}' in {combination}");
    }

    // ------------------------------------------------------------------ operators and functions

    /// <summary>
    /// A chain <c>a + b + c + ...</c> leans left as deep as it is long: its left operands are walked with a loop
    /// (innermost first, so evaluation stays left to right), and every <see cref="ChainSplit"/> links the value so
    /// far goes into a local, so the C# compiler never sees brackets nested deeper than that.
    /// </summary>
    private string Binary(Binary b)
    {
        var spine = new List<Binary>();
        Expr e = b;
        while (e is Binary s) { spine.Add(s); e = s.Left; }
        var left = Value(e);
        for (var k = spine.Count - 1; k >= 0; k--)
        {
            var link = spine[k];
            left = link.Op is BinaryOp.And or BinaryOp.Or ? ShortCircuit(link, left) : Arithmetic(link, left, Value(link.Right));
            if (k > 0 && (spine.Count - k) % ChainSplit == 0) left = Hoist(left, "var", "chain");
        }
        return left;
    }

    private const int ChainSplit = 32;

    private static string Arithmetic(Binary b, string left, string right) => b.Op switch
    {
        BinaryOp.Add => $"({left} + {right})",
        BinaryOp.Subtract => $"({left} - {right})",
        BinaryOp.Multiply => $"({left} * {right})",
        BinaryOp.Divide => b.Type.Kind == TypeKind.Float ? $"((double){left} / {right})" : $"({left} / {right})",
        BinaryOp.Modulo => $"({left} % {right})",
        BinaryOp.Power => $"Math.Pow({left}, {right})",
        _ => throw new NotSupportedException(b.Op.ToString()),
    };

    /// <summary>
    /// <c>and</c>/<c>or</c>: the right side is evaluated only when the left does not decide, like C#'s
    /// <c>&amp;&amp;</c>/<c>||</c>. When the right side needs code before it (loops, missing-value checks), that code
    /// moves into an <c>if</c>, so <c>not exists(j) or j.pt &gt; 30</c> is true for an absent <c>j</c>.
    /// </summary>
    private string ShortCircuit(Binary b, string left)
    {
        var and = b.Op == BinaryOp.And;
        var start = W.Length;
        var right = Value(b.Right);
        if (W.Length == start) return and ? $"({left} && {right})" : $"({left} || {right})";
        var prelude = W.CutFrom(start);
        var result = _scope.Fresh(and ? "and" : "or");
        W.Line($"var {result} = {left};");
        W.Open(and ? $"if ({result})" : $"if (!{result})");
        W.Indented(prelude);
        W.Line($"{result} = {right};");
        W.Close();
        return result;
    }

    /// <summary><c>60 &lt; m &lt; 120</c>: the middle operands are evaluated once, into locals.</summary>
    private string Comparison(Comparison c)
    {
        var operands = new string[c.Operands.Count];
        for (var i = 0; i < operands.Length; i++)
        {
            var value = Value(c.Operands[i]);
            operands[i] = i > 0 && i < operands.Length - 1 ? Hoist(value, CSharp.Type(c.Operands[i].Type), "c") : value;
        }
        var parts = new List<string>();
        for (var i = 0; i < c.Ops.Count; i++)
        {
            var (l, r) = (c.Operands[i].Type, c.Operands[i + 1].Type);
            // An object of a union and one of its member collection: the member's index moved to the union's.
            if (l.Kind == TypeKind.Object && r.Kind == TypeKind.Object && l.Collection != r.Collection)
            {
                var same = SameObject(l.Collection, operands[i], r.Collection, operands[i + 1])
                    ?? throw new InvalidOperationException($"objects of '{l.Collection}' and '{r.Collection}' compared at {c.Span}");
                parts.Add(c.Ops[i] == CompareOp.Equal ? $"({same})" : $"!({same})");
                continue;
            }
            parts.Add($"{operands[i]} {Operator(c.Ops[i])} {operands[i + 1]}");
        }
        return "(" + string.Join(" && ", parts) + ")";
    }

    private static string Operator(CompareOp op) => op switch
    {
        CompareOp.Less => "<",
        CompareOp.LessOrEqual => "<=",
        CompareOp.Greater => ">",
        CompareOp.GreaterOrEqual => ">=",
        CompareOp.Equal => "==",
        CompareOp.NotEqual => "!=",
        _ => throw new NotSupportedException(op.ToString()),
    };

    /// <summary>
    /// <c>if C then A else B</c>: only the branch C chooses is evaluated, so only its absent values make the result
    /// absent. Branches that need code before them (loops, missing-value checks) get it inside an <c>if</c>/<c>else</c>.
    /// </summary>
    private string Conditional(Conditional c)
    {
        var condition = Value(c.Condition);
        var start = W.Length;
        var then = Value(c.Then);
        var thenPrelude = W.CutFrom(start);
        var otherwise = Value(c.Else);
        var elsePrelude = W.CutFrom(start);
        var asDouble = c.Type.Kind == TypeKind.Float ? "(double)" : "";
        if (thenPrelude.Length == 0 && elsePrelude.Length == 0)
            return $"({condition} ? {asDouble}{then} : {asDouble}{otherwise})";
        var result = _scope.Fresh("cond");
        W.Line($"{CSharp.Type(c.Type.AsRequired())} {result};");
        W.Open($"if ({condition})");
        if (thenPrelude.Length > 0) W.Indented(thenPrelude);
        W.Line($"{result} = {asDouble}{then};");
        W.Close();
        W.Open("else");
        if (elsePrelude.Length > 0) W.Indented(elsePrelude);
        W.Line($"{result} = {asDouble}{otherwise};");
        W.Close();
        return result;
    }

    private string Call(Call c)
    {
        var a = c.Arguments.Select(Value).ToArray();
        switch (c.Function)
        {
            case Builtin.Abs: return $"Math.Abs({a[0]})";
            case Builtin.Sqrt: return $"Math.Sqrt({a[0]})";
            case Builtin.Exp: return $"Math.Exp({a[0]})";
            case Builtin.Log: return $"Math.Log({a[0]})";
            case Builtin.Sin: return $"Math.Sin({a[0]})";
            case Builtin.Cos: return $"Math.Cos({a[0]})";
            case Builtin.Tan: return $"Math.Tan({a[0]})";
            case Builtin.Sinh: return $"Math.Sinh({a[0]})";
            case Builtin.Cosh: return $"Math.Cosh({a[0]})";
            case Builtin.Tanh: return $"Math.Tanh({a[0]})";
            case Builtin.Atan2: return $"Math.Atan2({a[0]}, {a[1]})";
            case Builtin.Pow: return $"Math.Pow({a[0]}, {a[1]})";
            case Builtin.Normal: return $"HepRandom.Normal(rnd_key, rnd_obj, {_scope.NextDraw()}, {a[0]}, {a[1]})";
            case Builtin.Min: return Fold("Math.Min", a, c.Type);
            case Builtin.Max: return Fold("Math.Max", a, c.Type);
            case Builtin.FromPtEtaPhiM: return $"LorentzVector.FromPtEtaPhiM({a[0]}, {a[1]}, {a[2]}, {a[3]})";
            case Builtin.FromPxPyPzE: return $"LorentzVector.FromPxPyPzE({a[0]}, {a[1]}, {a[2]}, {a[3]})";
            case Builtin.Mass: return $"{a[0]}.Mass";
            case Builtin.Pt: return $"{a[0]}.Pt";
            case Builtin.Eta: return $"{a[0]}.Eta";
            case Builtin.Phi: return $"{a[0]}.Phi";
            case Builtin.Energy: return $"{a[0]}.E";
            case Builtin.Px: return $"{a[0]}.Px";
            case Builtin.Py: return $"{a[0]}.Py";
            case Builtin.Pz: return $"{a[0]}.Pz";
            case Builtin.Rapidity: return $"{a[0]}.Rapidity";
            case Builtin.DeltaR: return $"Kinematics.DeltaR({a[0]}, {a[1]})";
            case Builtin.DeltaPhi: return $"Kinematics.DeltaPhi({a[0]}, {a[1]})";
            case Builtin.DeltaEta: return $"Kinematics.DeltaEta({a[0]}, {a[1]})";
            case Builtin.TransverseMass: return $"Kinematics.TransverseMass({a[0]}, {a[1]})";
            default: throw new NotSupportedException(c.Function.ToString());
        }
    }

    private static string Fold(string function, string[] args, HepType type)
    {
        string Cast(string a) => type.Kind == TypeKind.Float && !a.StartsWith("(double)", StringComparison.Ordinal) ? "(double)" + a : a;
        var text = Cast(args[args.Length - 1]);
        for (var i = args.Length - 2; i >= 0; i--) text = $"{function}({Cast(args[i])}, {text})";
        return text;
    }

    // ------------------------------------------------------------------ iterations

    /// <summary>
    /// Writes the loops of <paramref name="binder"/> (i &lt; j &lt; k within one source, or a Cartesian product)
    /// and calls <paramref name="body"/> inside them with the variables bound. A tuple failing the
    /// <c>where</c> clause, or needing a missing value, goes on to the next tuple.
    /// </summary>
    public void Loops(Binder binder, Action body)
    {
        if (binder.Variables.Count < 2 || _scope.CachedFourVectors is not null)
        {
            Loop(binder, 0, null, null, body);
            return;
        }
        // Tuples build each object's four-vector once per tuple it is in (3·C(n,3) times for triples, each with
        // sin, cos and sinh): instead, once per object, just before the loops, into a processor-owned array.
        var mark = W.Mark();
        var cached = new List<string>();
        _scope.CachedFourVectors = cached;
        try { Loop(binder, 0, null, null, body); }
        finally { _scope.CachedFourVectors = null; }
        W.InsertAt(mark, cached.SelectMany(c => FillFourVectors(c, ObjectsPerTuple(binder, c))).ToList());
    }

    /// <summary>
    /// Objects of <paramref name="collection"/> a tuple needs: all its variables when they range over that collection
    /// or a selection of it (i &lt; j &lt; k), else one (a member of a union, or one factor of a product).
    /// </summary>
    private static int ObjectsPerTuple(Binder binder, string collection) =>
        binder.Distinct && binder.Variables[0].Source.Type.Collection == collection ? binder.Variables.Count : 1;

    /// <summary>Only four-vectors built from stored fields are cached: they are plain expressions of the object index.</summary>
    private static bool StoredFourVector(SourceCollection source) =>
        source.FourVector is { } spec && spec.Fields.All(name => source.Fields.Any(f => f.Name == name && f.IsStored));

    private string FourVectorArray(SourceCollection source)
    {
        if (!_scope.FourVectorArrays.TryGetValue(source.Name, out var array))
        {
            array = "_p4_" + CSharp.Sanitize(source.Name);
            _scope.FourVectorArrays[source.Name] = array;
        }
        return array;
    }

    /// <param name="needed">Below this many objects no tuple uses one (most events, for muon pairs): nothing to fill.</param>
    private IEnumerable<string> FillFourVectors(string collection, int needed)
    {
        var source = (SourceCollection)_scope.Collection(collection);
        var array = FourVectorArray(source);
        var n = EventScope.CountOf(collection);
        var k = _scope.Fresh("k");
        // Grows like the column buffers: allocations only while warming up.
        yield return $"if ({array}.Length < {n}) {array} = new LorentzVector[Math.Max({n}, 2 * {array}.Length)];";
        var loop = $"for (var {k} = 0; {k} < {n}; {k}++) {array}[{k}] = {ComputedFourVector(source, k)};";
        yield return needed > 1 ? $"if ({n} >= {needed}) {loop}" : loop;
    }

    private void Loop(Binder binder, int depth, Iterable? shared, string? previous, Action body)
    {
        if (depth == binder.Variables.Count)
        {
            var next = _scope.Fresh("next");
            var used = _scope.WithFailLabel(next, () =>
            {
                if (binder.Where is not null) W.Line($"if (!{Value(binder.Where)}) {"goto " + next + ";"}");
                body();
            });
            if (used || binder.Where is not null) W.Line($"{next}: ;");
            return;
        }
        var variable = binder.Variables[depth];
        var source = binder.Distinct ? shared ?? Collection(variable.Source) : Collection(variable.Source);
        var i = _scope.Fresh("i");
        var start = binder.Distinct && previous is not null ? previous + " + 1" : "0";
        var local = _scope.Fresh(variable.Name);
        W.Open($"for (var {i} = {start}; {i} < {source.Count}; {i}++)");
        W.Line($"var {local} = {source.Element(i)};");
        // A product never puts one object in two slots: an object is an int index of its collection, and a union's
        // index is a member's index plus the counts of the members before it.
        if (!binder.Distinct)
            for (var e = 0; e < depth; e++)
                if (SameObject(binder.Variables[e].Source.Type.Collection, _scope.Variables[binder.Variables[e].Name],
                        variable.Source.Type.Collection, local) is { } same)
                    W.Line($"if ({same}) continue;");
        _scope.Bind(variable.Name, local, () => Loop(binder, depth + 1, source, i, body));
        W.Close();
    }

    /// <summary>
    /// The test that object <paramref name="a"/> of collection <paramref name="ca"/> is object <paramref name="b"/> of
    /// <paramref name="cb"/>, or null when they can never be one object (unrelated collections).
    /// </summary>
    private string? SameObject(string? ca, string a, string? cb, string b)
    {
        if (ca is null || cb is null) return null;
        if (ca == cb) return $"{a} == {b}";
        if (UnionOffset(ca, cb) is { } offsetB) return $"{a} == {b}{offsetB}";
        if (UnionOffset(cb, ca) is { } offsetA) return $"{b} == {a}{offsetA}";
        return null;
    }

    /// <summary>
    /// When <paramref name="union"/> is a union with member <paramref name="member"/>: what turns that member's index
    /// into the union's ("" for the first member, else " + " the counts of the members before it); else null.
    /// </summary>
    private string? UnionOffset(string union, string member)
    {
        if (_scope.Collection(union) is not UnionCollection u) return null;
        var k = 0;
        while (k < u.Members.Count && u.Members[k] != member) k++;
        if (k == u.Members.Count) return null;
        return k == 0 ? "" : " + " + Sum(u.Members.Take(k).Select(EventScope.CountOf).ToList());
    }

    private string Quantifier(Quantifier q)
    {
        var result = _scope.Fresh(q.Kind.ToString().ToLowerInvariant());
        var done = _scope.Fresh("done");
        W.Line($"var {result} = {(q.Kind == QuantifierKind.Any ? "false" : "true")};");
        Loops(q.Over, () =>
        {
            var p = Predicate(q.Predicate);
            switch (q.Kind)
            {
                case QuantifierKind.Any: W.Open($"if ({p})").Line($"{result} = true;").Line($"goto {done};").Close(); break;
                case QuantifierKind.All: W.Open($"if (!{p})").Line($"{result} = false;").Line($"goto {done};").Close(); break;
                default: W.Open($"if ({p})").Line($"{result} = false;").Line($"goto {done};").Close(); break;
            }
        });
        W.Line($"{done}: ;");
        return result;
    }

    private string Reduction(Reduction r)
    {
        var result = _scope.Fresh(r.Kind.ToString().ToLowerInvariant());
        switch (r.Kind)
        {
            case ReductionKind.Count when r.Over.Variables.Count == 1 && r.Over.Where is null && r.Over.Variables[0].Source is CollectionRef all:
                return "(long)" + EventScope.CountOf(all.Collection);
            case ReductionKind.Count:
                W.Line($"long {result} = 0;");
                Loops(r.Over, () => W.Line($"{result}++;"));
                return result;
            case ReductionKind.Sum:
                W.Line($"{CSharp.Type(r.Type.AsRequired())} {result} = 0;");
                Loops(r.Over, () => W.Line($"{result} += {Value(r.Value!)};"));
                return result;
            case ReductionKind.Product:
                W.Line($"double {result} = 1;");
                Loops(r.Over, () => W.Line($"{result} *= {Value(r.Value!)};"));
                return result;
            case ReductionKind.FourVectorSum:
                W.Line($"var {result} = LorentzVector.Zero;");
                Loops(r.Over, () => W.Line($"{result} = {result} + {Value(r.Value!)};"));
                return result;
            case ReductionKind.Min:
            case ReductionKind.Max:
            {
                var has = _scope.Fresh("has");
                var better = r.Kind == ReductionKind.Min ? "<" : ">";
                W.Line($"{CSharp.Type(r.Type.AsRequired())} {result} = 0;");
                W.Line($"var {has} = false;");
                Loops(r.Over, () =>
                {
                    var v = Hoist(Value(r.Value!), CSharp.Type(r.Type.AsRequired()), "v");
                    W.Open($"if (!{has} || {v} {better} {result})").Line($"{result} = {v};").Line($"{has} = true;").Close();
                });
                _scope.FailIf("!" + has);
                return result;
            }
            case ReductionKind.Mean:
            {
                var n = _scope.Fresh("n");
                W.Line($"double {result} = 0;");
                W.Line($"long {n} = 0;");
                Loops(r.Over, () =>
                {
                    W.Line($"{result} += {Value(r.Value!)};");
                    W.Line($"{n}++;");
                });
                _scope.FailIf(n + " == 0");
                return $"({result} / {n})";
            }
            default:
                throw new NotSupportedException(r.Kind.ToString());
        }
    }

    /// <summary>The best tuple as one object local per variable (checked present). Ties keep the first tuple.</summary>
    private string[] Best(Best best)
    {
        var target = best.Kind == BestKind.ClosestTo ? Hoist(Value(best.Target!), "double", "target") : null;
        var slots = best.Over.Variables.Select(v => _scope.Fresh("best_" + v.Name)).ToArray();
        var score = _scope.Fresh("best_score");
        W.Line($"int {string.Join(", ", slots.Select(s => s + " = -1"))};");
        W.Line($"double {score} = 0;");
        Loops(best.Over, () =>
        {
            var key = Hoist(Value(best.Key), "double", "key");
            var (value, better) = best.Kind switch
            {
                BestKind.ClosestTo => ($"Math.Abs({key} - {target})", "<"),
                BestKind.MinBy => (key, "<"),
                _ => (key, ">"),
            };
            var candidate = Hoist(value, "double", "score");
            W.Open($"if ({slots[0]} < 0 || {candidate} {better} {score})");
            W.Line($"{score} = {candidate};");
            for (var k = 0; k < slots.Length; k++) W.Line($"{slots[k]} = {_scope.Variables[best.Over.Variables[k].Name]};");
            W.Close();
        });
        _scope.FailIf(slots[0] + " < 0");
        return slots;
    }

    /// <summary>A combination value as one object local per slot, checked present.</summary>
    public string[] Combination(Expr e)
    {
        switch (e)
        {
            case Best best: return Best(best);
            case DefinitionRef d:
                var symbol = Definition(d.Name);
                var slots = symbol.Slots ?? throw new NotSupportedException($"definition '{d.Name}' is not a combination");
                if (symbol.Type.Optional) _scope.FailIf(slots[0] + " < 0");
                return slots;
            default:
                throw new NotSupportedException($"{e.GetType().Name} as a combination at {e.Span}");
        }
    }

    /// <summary>A collection value: all objects of a collection, or a selection/sorting filled into an index list.</summary>
    public Iterable Collection(Expr e)
    {
        switch (e)
        {
            case CollectionRef c:
                return new Iterable(EventScope.CountOf(c.Collection), i => i);
            case DefinitionRef d:
                return Definition(d.Name).Collection ?? throw new NotSupportedException($"definition '{d.Name}' is not a collection");
            case Filter f:
            {
                var source = Collection(f.Source);
                var list = _scope.NewList();
                W.Line($"{list}.Clear();");
                var i = _scope.Fresh("i");
                var local = _scope.Fresh(f.Variable);
                W.Open($"for (var {i} = 0; {i} < {source.Count}; {i}++)");
                W.Line($"var {local} = {source.Element(i)};");
                _scope.Bind(f.Variable, local, () =>
                {
                    var keep = Predicate(f.Predicate);
                    W.Line($"if ({keep}) {list}.Add({local});");
                });
                W.Close();
                return ListIterable(list);
            }
            case Sort s:
            {
                var source = Collection(s.Source);
                var list = _scope.NewList();
                W.Line($"{list}.Clear();");
                var i = _scope.Fresh("i");
                var local = _scope.Fresh(s.Variable);
                var next = _scope.Fresh("next");
                W.Open($"for (var {i} = 0; {i} < {source.Count}; {i}++)");
                W.Line($"var {local} = {source.Element(i)};");
                // An object whose key is missing is left out of the sorted list.
                var used = _scope.WithFailLabel(next, () =>
                    _scope.Bind(s.Variable, local, () => W.Line($"{list}.Add({local}, {Value(s.Key)});")));
                if (used) W.Line($"{next}: ;");
                W.Close();
                W.Line($"{list}.SortByKey(descending: {(s.Descending ? "true" : "false")});");
                return ListIterable(list);
            }
            default:
                throw new NotSupportedException($"{e.GetType().Name} as a collection at {e.Span}");
        }
    }

    private static Iterable ListIterable(string list) => new($"{list}.Count", i => $"{list}[{i}]");
}
