namespace HepDsl.Parser.Model
{
    /// <summary>
    /// A typed expression. Every node carries its resolved <see cref="Type"/> and the <see cref="Span"/> it came
    /// from. Names are already resolved: a node says what it reads (branch, field, definition, bound variable).
    /// </summary>
    public abstract record Expr(HepType Type, SourceSpan Span);

    // ---------------------------------------------------------------- leaves

    /// <summary>An integer literal (Int).</summary>
    public sealed record IntLiteral(HepType Type, SourceSpan Span, long Value) : Expr(Type, Span);

    /// <summary>A real literal (Float). Also named constants like <c>pi</c>.</summary>
    public sealed record FloatLiteral(HepType Type, SourceSpan Span, double Value) : Expr(Type, Span);

    /// <summary><c>true</c> / <c>false</c>.</summary>
    public sealed record BoolLiteral(HepType Type, SourceSpan Span, bool Value) : Expr(Type, Span);

    /// <summary>
    /// Reads a scalar branch of the current event, converted to the expression type (Int → long, Float → double).
    /// </summary>
    /// <param name="Branch">Branch name; it is in <see cref="AnalysisModel.Branches"/> with its element type.</param>
    /// <param name="StoredAs">The branch element type.</param>
    public sealed record BranchRead(HepType Type, SourceSpan Span, string Branch, ElementType StoredAs) : Expr(Type, Span);

    /// <summary>
    /// Element <paramref name="Index"/> (0-based, checked against <paramref name="Length"/>) of a fixed-size array
    /// branch (<c>branch float32 v[3]</c> ... <c>v[1]</c>), converted like <see cref="BranchRead"/>.
    /// </summary>
    public sealed record ArrayElementRead(HepType Type, SourceSpan Span, string Branch, ElementType StoredAs, int Length, int Index) : Expr(Type, Span);

    /// <summary>The value of an event-level definition (<c>let name = ...</c>) declared earlier.</summary>
    public sealed record DefinitionRef(HepType Type, SourceSpan Span, string Name) : Expr(Type, Span);

    /// <summary>A variable bound by an enclosing <see cref="Binder"/> (lambda/pair variable) or by a derived-field definition. Type Object.</summary>
    public sealed record VariableRef(HepType Type, SourceSpan Span, string Name) : Expr(Type, Span);

    /// <summary>All objects of a declared source or union collection in stored order (type Collection).</summary>
    public sealed record CollectionRef(HepType Type, SourceSpan Span, string Collection) : Expr(Type, Span);

    /// <summary>The one object of a singleton collection (<c>MET</c>), type Object.</summary>
    public sealed record SingletonRef(HepType Type, SourceSpan Span, string Collection) : Expr(Type, Span);

    // ---------------------------------------------------------------- objects

    /// <summary>
    /// Field <see cref="Field"/> of the object <see cref="Target"/> (an Object-typed expression of collection
    /// <see cref="Collection"/>). For a stored field of a source collection: element [object index] of the field's branch;
    /// of a singleton: the scalar branch; a derived field: its definition; a union: the member's field.
    /// The pseudo-field <c>flavour</c> of a union object is the member index (Int) and <c>index</c> of any object is
    /// its position in its source collection (Int).
    /// </summary>
    public sealed record FieldAccess(HepType Type, SourceSpan Span, Expr Target, string Collection, string Field) : Expr(Type, Span);

    /// <summary>The four-vector of an object, built with its collection's <see cref="FourVectorSpec"/>. Inserted where an object is used as a four-vector (<c>a + b</c>, <c>mass(a)</c>).</summary>
    public sealed record ObjectFourVector(HepType Type, SourceSpan Span, Expr Target) : Expr(Type, Span);

    /// <summary><c>exists(x)</c>: Bool, true when the optional value <see cref="Operand"/> is present in this event. Never optional itself.</summary>
    public sealed record Exists(HepType Type, SourceSpan Span, Expr Operand) : Expr(Type, Span);

    /// <summary>Slot <see cref="Slot"/> of a combination value (<c>top.a</c>); type Object.</summary>
    public sealed record SlotAccess(HepType Type, SourceSpan Span, Expr Target, string Slot) : Expr(Type, Span);

    /// <summary>The object at <see cref="Index"/> of a collection (<c>jets[0]</c>, 0-based). Optional Object: absent when out of range.</summary>
    public sealed record IndexAccess(HepType Type, SourceSpan Span, Expr Source, Expr Index) : Expr(Type, Span);

    // ---------------------------------------------------------------- operators

    /// <summary>Unary operators.</summary>
    public enum UnaryOp { Negate, Not }

    /// <summary>Arithmetic and logical binary operators. Add/Subtract also apply to FourVector + FourVector.</summary>
    public enum BinaryOp { Add, Subtract, Multiply, Divide, Modulo, Power, And, Or }

    /// <summary>Comparison operators.</summary>
    public enum CompareOp { Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual }

    /// <summary><c>-x</c>, <c>not x</c>.</summary>
    public sealed record Unary(HepType Type, SourceSpan Span, UnaryOp Op, Expr Operand) : Expr(Type, Span);

    /// <summary>
    /// <c>left op right</c>. Int op Int stays Int except Divide and Power (Float); mixed numeric is Float.
    /// And/Or short-circuit. Add/Subtract of two FourVector are FourVector.
    /// </summary>
    public sealed record Binary(HepType Type, SourceSpan Span, BinaryOp Op, Expr Left, Expr Right) : Expr(Type, Span)
    {
        // A chain 'a + b + c + ...' leans left as deep as it is long; the generated record members would recurse
        // once per term (the incremental generator compares models), so these walk the left operands with a loop.
        public bool Equals(Binary? other)
        {
            Expr? x = this, y = other;
            while (x is Binary a && y is Binary b)
            {
                if (ReferenceEquals(a, b)) return true;
                if (a.Type != b.Type || a.Span != b.Span || a.Op != b.Op || !a.Right.Equals(b.Right)) return false;
                x = a.Left;
                y = b.Left;
            }
            return x is not Binary && y is not Binary && Equals(x, y);
        }

        public override int GetHashCode()
        {
            var hash = 17;
            Expr e = this;
            while (e is Binary b)
            {
                hash = unchecked(hash * 31 + b.Type.GetHashCode());
                hash = unchecked(hash * 31 + b.Span.GetHashCode());
                hash = unchecked(hash * 31 + (int)b.Op);
                hash = unchecked(hash * 31 + b.Right.GetHashCode());
                e = b.Left;
            }
            return unchecked(hash * 31 + e.GetHashCode());
        }
    }

    /// <summary>
    /// A comparison, possibly chained: <c>60 &lt; m &lt; 120</c> is Operands [60, m, 120], Ops [Less, Less], meaning
    /// <c>60 &lt; m and m &lt; 120</c> with <c>m</c> evaluated once. Type Bool. Operands are numeric, or two Bool
    /// for Equal/NotEqual, or two Objects of the same collection (same object?) for Equal/NotEqual.
    /// </summary>
    public sealed record Comparison(HepType Type, SourceSpan Span, EquatableArray<Expr> Operands, EquatableArray<CompareOp> Ops) : Expr(Type, Span);

    /// <summary><c>if c then a else b</c>.</summary>
    public sealed record Conditional(HepType Type, SourceSpan Span, Expr Condition, Expr Then, Expr Else) : Expr(Type, Span);

    /// <summary>
    /// A call of a user's static C# method (<c>function float64 f(float64 x) = Helpers.F</c>): <see cref="Method"/> is the
    /// C# name as declared, <see cref="ParameterTypes"/> the declared parameter types (arguments are converted to them);
    /// the C# compiler checks the method exists with that signature (errors at this call's .hep line).
    /// </summary>
    public sealed record UserCall(HepType Type, SourceSpan Span, string Function, string Method, EquatableArray<ElementType> ParameterTypes, ElementType ReturnType, EquatableArray<Expr> Arguments) : Expr(Type, Span);

    // ---------------------------------------------------------------- built-in functions

    /// <summary>
    /// Built-in scalar functions (resolved identity; the arity and argument types are already checked).
    /// Four-vector arguments are FourVector (objects are wrapped in <see cref="ObjectFourVector"/>).
    /// </summary>
    public enum Builtin
    {
        /// <summary>abs(x): Int → Int, Float → Float.</summary>
        Abs,
        /// <summary>sqrt(x) → Float.</summary>
        Sqrt,
        Exp, Log, Sin, Cos, Tan, Atan2, Pow, Sinh, Cosh, Tanh,
        /// <summary>normal(mean, sigma) → Float: a normal random number (only in an object variation; HepRandom, docs/language.md).</summary>
        Normal,
        /// <summary>min(x, y, ...) of 2+ numeric arguments (Int when all Int).</summary>
        Min,
        /// <summary>max(x, y, ...) of 2+ numeric arguments (Int when all Int).</summary>
        Max,
        /// <summary>ptetaphim(pt, eta, phi, m) → FourVector.</summary>
        FromPtEtaPhiM,
        /// <summary>pxpypze(px, py, pz, E) → FourVector.</summary>
        FromPxPyPzE,
        /// <summary>mass(p) → Float (invariant mass; negative m² gives -sqrt(-m²) as ROOT does).</summary>
        Mass,
        Pt, Eta, Phi, Energy, Px, Py, Pz, Rapidity,
        /// <summary>deltaR(p, q) → Float: sqrt(Δη² + Δφ²).</summary>
        DeltaR,
        /// <summary>deltaPhi(p, q) → Float in [-π, π].</summary>
        DeltaPhi,
        /// <summary>deltaEta(p, q) → Float.</summary>
        DeltaEta,
        /// <summary>mt(p, q) → Float: transverse mass sqrt(2 pT1 pT2 (1 − cos Δφ)).</summary>
        TransverseMass,
    }

    /// <summary>A call to a built-in scalar function.</summary>
    public sealed record Call(HepType Type, SourceSpan Span, Builtin Function, EquatableArray<Expr> Arguments) : Expr(Type, Span);

    // ---------------------------------------------------------------- iteration

    /// <summary>
    /// A variable bound to each element of <see cref="Source"/> (a Collection-typed expression). <see cref="Name"/> is
    /// unique in the model; <see cref="Slot"/> is the name as written, which names the member of a combination
    /// (<c>z.a</c> still means slot <c>a</c> when an earlier <c>a</c> made the checker rename this one <c>a2</c>).
    /// </summary>
    public sealed record BoundVariable(string Name, Expr Source, HepType ElementType, string? Slot = null);

    /// <summary>
    /// What an iteration ranges over. One variable: each object of its source. Several variables: combinations.
    /// When <see cref="Distinct"/> is true (all variables range over the same source, written <c>pair (a, b) in X</c>
    /// or <c>triple (a, b, c) in X</c>) the tuples are index-ordered without repeats, i &lt; j &lt; k; otherwise
    /// (<c>pair (m in Muon, e in Electron)</c>) they are the Cartesian product, first variable outermost, without
    /// the tuples that put one object in two slots (<c>pair (a in Muon, b in Muon)</c> is the n·(n-1) ordered pairs).
    /// <see cref="Where"/>, when present, keeps only the tuples for which it holds (<c>pair (a, b) in Lepton where a.flavour == b.flavour</c>).
    /// Bound variable names are unique within one analysis model (the checker renames shadowing variables), so
    /// the generator can use them as C# locals directly.
    /// </summary>
    public sealed record Binder(EquatableArray<BoundVariable> Variables, bool Distinct, Expr? Where = null)
    {
        /// <summary>The combination type of a tuple of these variables (slots named after the variables).</summary>
        public HepType TupleType
        {
            get
            {
                var slots = new System.Collections.Generic.List<CombinationSlot>();
                foreach (var v in Variables) slots.Add(new CombinationSlot(v.Slot ?? v.Name, v.ElementType.Collection ?? ""));
                return new HepType(TypeKind.Combination, null, false, slots.ToEquatableArray());
            }
        }
    }

    /// <summary>Quantifiers.</summary>
    public enum QuantifierKind { Any, All, None }

    /// <summary><c>any (a, b) in X: pred</c>: Bool. Any over nothing is false; All and None over nothing are true.</summary>
    public sealed record Quantifier(HepType Type, SourceSpan Span, QuantifierKind Kind, Binder Over, Expr Predicate) : Expr(Type, Span);

    /// <summary><c>X with pred</c>: the objects of <see cref="Source"/> for which <see cref="Predicate"/> (with <see cref="Variable"/> bound) holds, order kept.</summary>
    public sealed record Filter(HepType Type, SourceSpan Span, Expr Source, string Variable, Expr Predicate) : Expr(Type, Span);

    /// <summary><c>X sorted by key [descending]</c>: a stable sort of the objects of <see cref="Source"/>.</summary>
    public sealed record Sort(HepType Type, SourceSpan Span, Expr Source, string Variable, Expr Key, bool Descending) : Expr(Type, Span);

    /// <summary>Reductions over an iteration.</summary>
    public enum ReductionKind
    {
        /// <summary>Number of tuples (Int); <see cref="Reduction.Value"/> is null.</summary>
        Count,
        /// <summary>Sum of Value (Int or Float; 0 over nothing).</summary>
        Sum,
        /// <summary>Smallest Value (optional: absent over nothing).</summary>
        Min,
        /// <summary>Largest Value (optional: absent over nothing).</summary>
        Max,
        /// <summary>Mean of Value (Float, optional: absent over nothing).</summary>
        Mean,
        /// <summary>Sum of FourVector values (FourVector; zero vector over nothing).</summary>
        FourVectorSum,
        /// <summary>Product of Value (Float; 1 over nothing): per-object weight factors, e.g. b-tagging scale factors.</summary>
        Product,
    }

    /// <summary><c>count(X)</c>, <c>sum(X.pt)</c>, <c>max(j.btag for j in X)</c>, ...: folds <see cref="Value"/> over <see cref="Over"/>.</summary>
    public sealed record Reduction(HepType Type, SourceSpan Span, ReductionKind Kind, Binder Over, Expr? Value) : Expr(Type, Span);

    /// <summary>Which candidate <see cref="Best"/> picks.</summary>
    public enum BestKind
    {
        /// <summary>Smallest |key − target|.</summary>
        ClosestTo,
        /// <summary>Largest key.</summary>
        MaxBy,
        /// <summary>Smallest key.</summary>
        MinBy,
    }

    /// <summary>
    /// The best tuple of <see cref="Over"/> by <see cref="Key"/>: <c>triple (a, b, c) in Jet closest to 172.5 by mass(a + b + c)</c>.
    /// Type: optional Object (one variable) or optional Combination (slots = variables). Ties keep the first in
    /// iteration order. Absent when there is no tuple.
    /// </summary>
    /// <param name="Target">For ClosestTo, the numeric target; otherwise null.</param>
    public sealed record Best(HepType Type, SourceSpan Span, BestKind Kind, Binder Over, Expr Key, Expr? Target) : Expr(Type, Span);
}
