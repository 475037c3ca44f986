using System;
using System.Globalization;
using System.Text;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>Spelling .hep values as C#: identifiers, literals and types.</summary>
internal static class CSharp
{
    /// <summary><c>q5</c> → <c>Q5</c>, <c>z_mumu</c> → <c>ZMumu</c>, <c>met</c> → <c>Met</c>.</summary>
    public static string Pascal(string name)
    {
        var text = new StringBuilder();
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c)) { upper = true; continue; }
            text.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (text.Length == 0 || char.IsDigit(text[0])) text.Insert(0, 'A');
        return text.ToString();
    }

    /// <summary>A name usable inside a C# identifier: letters, digits and underscores only.</summary>
    public static string Sanitize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name) text.Append(char.IsLetterOrDigit(c) && c < 128 ? c : '_');
        return text.ToString();
    }

    public static string String(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < ' ') text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        return text.Append('"').ToString();
    }

    /// <summary>A double literal that round-trips exactly.</summary>
    public static string Double(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0) text += ".0";
        return value < 0 ? "(" + text + ")" : text;
    }

    public static string Long(long value) =>
        value < 0 ? "(" + value.ToString(CultureInfo.InvariantCulture) + "L)" : value.ToString(CultureInfo.InvariantCulture) + "L";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The C# element type of a branch, as the runtime's <c>ColumnBuffer&lt;T&gt;</c> holds it.</summary>
    public static string Element(ElementType type) => type switch
    {
        ElementType.Bool => "bool",
        ElementType.Int8 => "sbyte",
        ElementType.UInt8 => "byte",
        ElementType.Int16 => "short",
        ElementType.UInt16 => "ushort",
        ElementType.Int32 => "int",
        ElementType.UInt32 => "uint",
        ElementType.Int64 => "long",
        ElementType.UInt64 => "ulong",
        ElementType.Float32 => "float",
        ElementType.Float64 => "double",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>
    /// The C# type an expression of <paramref name="type"/> evaluates to. Ints are <c>long</c> and reals
    /// <c>double</c> whatever the branch stores (Float32 values are promoted, so sums keep their precision);
    /// objects are <c>int</c> indices into their collection (-1 when absent).
    /// </summary>
    public static string Type(HepType type) => type.Kind switch
    {
        TypeKind.Bool => "bool",
        TypeKind.Int => "long",
        TypeKind.Float => "double",
        TypeKind.FourVector => "LorentzVector",
        TypeKind.Object => "int",
        _ => throw new InvalidOperationException($"no single C# value for a {type}"),
    };

    /// <summary>Converts a stored branch value to its expression type.</summary>
    public static string Convert(string value, ElementType stored, HepType to) => to.Kind switch
    {
        TypeKind.Bool => stored == ElementType.Bool ? value : "(" + value + " != 0)",
        TypeKind.Int => stored == ElementType.Bool ? "(" + value + " ? 1L : 0L)" : "(long)" + value,
        TypeKind.Float => stored == ElementType.Bool ? "(" + value + " ? 1.0 : 0.0)" : "(double)" + value,
        _ => throw new InvalidOperationException($"a branch value cannot be a {to}"),
    };
}
