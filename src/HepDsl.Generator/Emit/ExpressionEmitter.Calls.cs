using System;
using System.Linq;
using HepDsl.Parser.Model;

namespace HepDsl.Generator.Emit;

/// <summary>Calls: built-in functions and user functions declared with <c>function</c>.</summary>
internal sealed partial class ExpressionEmitter
{
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

    /// <summary>A user function: its arguments cast to the declared C# types, so the C# compiler checks the method against them (errors at this .hep line).</summary>
    private string UserCall(UserCall u)
    {
        var args = u.Arguments.Select((a, i) => $"({CSharp.Element(u.ParameterTypes[i])}){Value(a)}");
        var call = $"global::{u.Method}({string.Join(", ", args)})";
        return u.Type.Kind switch
        {
            TypeKind.Float => $"(double){call}",
            TypeKind.Int => $"(long){call}",
            _ => call,
        };
    }
}
