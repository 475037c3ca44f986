using System;
using System.Collections.Generic;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Checking
{
    /// <summary>How a built-in function types its arguments.</summary>
    internal enum BuiltinShape
    {
        /// <summary>One number → Float (abs keeps Int).</summary>
        Numeric1,
        /// <summary>Two numbers → Float.</summary>
        Numeric2,
        /// <summary>One four-vector (or object with one) → Float.</summary>
        Vector1,
        /// <summary>Two four-vectors → Float.</summary>
        Vector2,
        /// <summary>Four numbers → FourVector.</summary>
        Construct4,
    }

    internal static class Builtins
    {
        public static readonly Dictionary<string, (Builtin Function, BuiltinShape Shape)> Scalar = new Dictionary<string, (Builtin, BuiltinShape)>(StringComparer.Ordinal)
        {
            ["abs"] = (Builtin.Abs, BuiltinShape.Numeric1),
            ["sqrt"] = (Builtin.Sqrt, BuiltinShape.Numeric1),
            ["exp"] = (Builtin.Exp, BuiltinShape.Numeric1),
            ["log"] = (Builtin.Log, BuiltinShape.Numeric1),
            ["sin"] = (Builtin.Sin, BuiltinShape.Numeric1),
            ["cos"] = (Builtin.Cos, BuiltinShape.Numeric1),
            ["tan"] = (Builtin.Tan, BuiltinShape.Numeric1),
            ["sinh"] = (Builtin.Sinh, BuiltinShape.Numeric1),
            ["cosh"] = (Builtin.Cosh, BuiltinShape.Numeric1),
            ["tanh"] = (Builtin.Tanh, BuiltinShape.Numeric1),
            ["atan2"] = (Builtin.Atan2, BuiltinShape.Numeric2),
            ["pow"] = (Builtin.Pow, BuiltinShape.Numeric2),
            ["normal"] = (Builtin.Normal, BuiltinShape.Numeric2),
            ["mass"] = (Builtin.Mass, BuiltinShape.Vector1),
            ["pt"] = (Builtin.Pt, BuiltinShape.Vector1),
            ["eta"] = (Builtin.Eta, BuiltinShape.Vector1),
            ["phi"] = (Builtin.Phi, BuiltinShape.Vector1),
            ["energy"] = (Builtin.Energy, BuiltinShape.Vector1),
            ["px"] = (Builtin.Px, BuiltinShape.Vector1),
            ["py"] = (Builtin.Py, BuiltinShape.Vector1),
            ["pz"] = (Builtin.Pz, BuiltinShape.Vector1),
            ["rapidity"] = (Builtin.Rapidity, BuiltinShape.Vector1),
            ["deltaR"] = (Builtin.DeltaR, BuiltinShape.Vector2),
            ["deltaPhi"] = (Builtin.DeltaPhi, BuiltinShape.Vector2),
            ["deltaEta"] = (Builtin.DeltaEta, BuiltinShape.Vector2),
            ["mt"] = (Builtin.TransverseMass, BuiltinShape.Vector2),
            ["ptetaphim"] = (Builtin.FromPtEtaPhiM, BuiltinShape.Construct4),
            ["pxpypze"] = (Builtin.FromPxPyPzE, BuiltinShape.Construct4),
        };

        /// <summary>Four-vector properties readable as <c>p.pt</c> on a four-vector or on an object with one.</summary>
        public static readonly Dictionary<string, Builtin> Properties = new Dictionary<string, Builtin>(StringComparer.Ordinal)
        {
            ["pt"] = Builtin.Pt, ["eta"] = Builtin.Eta, ["phi"] = Builtin.Phi, ["mass"] = Builtin.Mass,
            ["energy"] = Builtin.Energy, ["E"] = Builtin.Energy, ["px"] = Builtin.Px, ["py"] = Builtin.Py,
            ["pz"] = Builtin.Pz, ["rapidity"] = Builtin.Rapidity,
        };

        /// <summary>Functions handled by the checker itself (reductions and helpers).</summary>
        public static readonly string[] Special = { "count", "sum", "product", "min", "max", "mean", "exists", "leading", "subleading" };

        public static IEnumerable<string> AllNames()
        {
            foreach (var k in Scalar.Keys) yield return k;
            foreach (var s in Special) yield return s;
        }
    }
}
