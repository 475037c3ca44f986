namespace HepDsl.Parser.Model
{
    /// <summary>
    /// Element type of a stored branch. The names match <c>HepDsl.Runtime.Columns.ColumnType</c> one for one,
    /// so the generator can emit <c>ColumnType.{name}</c>.
    /// </summary>
    public enum ElementType { Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64 }

    /// <summary>Shape of a branch; names match <c>HepDsl.Runtime.Columns.ColumnShape</c>.</summary>
    public enum BranchShape { Scalar, FixedArray, Jagged }

    /// <summary>The kind of value an expression has.</summary>
    public enum TypeKind
    {
        /// <summary>true/false.</summary>
        Bool,
        /// <summary>Integer; evaluated as 64-bit signed (<c>long</c>) in expressions.</summary>
        Int,
        /// <summary>Real number; evaluated as 64-bit (<c>double</c>) in expressions.</summary>
        Float,
        /// <summary>A Lorentz vector (<c>HepDsl.Runtime.Physics.LorentzVector</c>).</summary>
        FourVector,
        /// <summary>One object of collection <see cref="HepType.Collection"/> (a source, singleton or union collection).</summary>
        Object,
        /// <summary>An ordered list of objects of collection <see cref="HepType.Collection"/> (all of them, or a selection/sorting).</summary>
        Collection,
        /// <summary>A pair/triple/... of objects; the slots are in <see cref="HepType.Slots"/>.</summary>
        Combination,
        /// <summary>Checker-internal: per-object values (e.g. <c>Jet.pt</c> before it is folded into an iteration). Never left in the model.</summary>
        Values,
        /// <summary>Checker-internal: the type of an erroneous expression. Never left in a model without errors.</summary>
        Error,
    }

    /// <summary>One named slot of a combination type, e.g. <c>a</c> of collection <c>Jet</c>.</summary>
    public sealed record CombinationSlot(string Name, string Collection);

    /// <summary>
    /// The resolved type of an expression.
    /// <para><see cref="Collection"/>: for Object/Collection, the name of the collection the objects belong to (a
    /// declared source, singleton or union collection; selections keep the collection of their source).</para>
    /// <para><see cref="Optional"/>: the value may be absent in an event (<c>jets[2]</c> with two jets, the best
    /// candidate when there is no candidate). A cut whose predicate needs an absent value fails; a histogram or
    /// aggregate whose fill needs one does not fill; a definition that is absent propagates absence.</para>
    /// <para><see cref="Element"/>: for Values, the per-object value type.</para>
    /// </summary>
    public sealed record HepType(TypeKind Kind, string? Collection = null, bool Optional = false, EquatableArray<CombinationSlot> Slots = default, HepType? Element = null)
    {
        public static readonly HepType Bool = new HepType(TypeKind.Bool);
        public static readonly HepType Int = new HepType(TypeKind.Int);
        public static readonly HepType Float = new HepType(TypeKind.Float);
        public static readonly HepType FourVector = new HepType(TypeKind.FourVector);
        public static readonly HepType Error = new HepType(TypeKind.Error);

        public static HepType ObjectOf(string collection, bool optional = false) => new HepType(TypeKind.Object, collection, optional);
        public static HepType CollectionOf(string collection) => new HepType(TypeKind.Collection, collection);
        public static HepType ValuesOf(HepType element, string collection) => new HepType(TypeKind.Values, collection, false, default, element);

        /// <summary>True for Int and Float.</summary>
        public bool IsNumeric => Kind == TypeKind.Int || Kind == TypeKind.Float;

        /// <summary>This type, marked as possibly absent.</summary>
        public HepType AsOptional() => Optional ? this : this with { Optional = true };

        /// <summary>This type without the optional mark.</summary>
        public HepType AsRequired() => Optional ? this with { Optional = false } : this;

        /// <summary>How the type reads in messages and golden dumps: <c>float</c>, <c>object Jet</c>, <c>collection Muon</c>, <c>(a: Jet, b: Jet)?</c>.</summary>
        public override string ToString()
        {
            string text;
            switch (Kind)
            {
                case TypeKind.Bool: text = "bool"; break;
                case TypeKind.Int: text = "int"; break;
                case TypeKind.Float: text = "float"; break;
                case TypeKind.FourVector: text = "fourvector"; break;
                case TypeKind.Object: text = "object " + Collection; break;
                case TypeKind.Collection: text = "collection " + Collection; break;
                case TypeKind.Combination:
                    var parts = new System.Collections.Generic.List<string>();
                    foreach (var s in Slots) parts.Add(s.Name + ": " + s.Collection);
                    text = "(" + string.Join(", ", parts) + ")";
                    break;
                case TypeKind.Values: text = "values " + Element + " of " + Collection; break;
                default: text = "<error>"; break;
            }
            return Optional ? text + "?" : text;
        }
    }
}
