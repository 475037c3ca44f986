using HepDsl.Parser;

namespace HepDsl.LanguageServer.Features;

/// <summary>The signature and one line of documentation of every built-in function (docs/language.md says the same at more length).</summary>
public static class FunctionDocs
{
    public static readonly IReadOnlyDictionary<string, (string Signature, string Doc)> All = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["abs"] = ("abs(x: number) -> number", "Absolute value; an integer stays an integer."),
        ["sqrt"] = ("sqrt(x: number) -> float", "Square root."),
        ["exp"] = ("exp(x: number) -> float", "e to the power x."),
        ["log"] = ("log(x: number) -> float", "Natural logarithm."),
        ["sin"] = ("sin(x: number) -> float", "Sine of an angle in radians."),
        ["cos"] = ("cos(x: number) -> float", "Cosine of an angle in radians."),
        ["tan"] = ("tan(x: number) -> float", "Tangent of an angle in radians."),
        ["sinh"] = ("sinh(x: number) -> float", "Hyperbolic sine."),
        ["cosh"] = ("cosh(x: number) -> float", "Hyperbolic cosine."),
        ["tanh"] = ("tanh(x: number) -> float", "Hyperbolic tangent."),
        ["atan2"] = ("atan2(y: number, x: number) -> float", "Angle of the point (x, y) in radians, in (-pi, pi]."),
        ["pow"] = ("pow(x: number, y: number) -> float", "x to the power y (also written x ^ y)."),
        ["mass"] = ("mass(p: fourvector) -> float", "Invariant mass of a four-vector or an object with one (mass(a + b) of a pair)."),
        ["pt"] = ("pt(p: fourvector) -> float", "Transverse momentum."),
        ["eta"] = ("eta(p: fourvector) -> float", "Pseudorapidity."),
        ["phi"] = ("phi(p: fourvector) -> float", "Azimuthal angle in radians."),
        ["energy"] = ("energy(p: fourvector) -> float", "Energy component."),
        ["px"] = ("px(p: fourvector) -> float", "x component of the momentum."),
        ["py"] = ("py(p: fourvector) -> float", "y component of the momentum."),
        ["pz"] = ("pz(p: fourvector) -> float", "z component of the momentum."),
        ["rapidity"] = ("rapidity(p: fourvector) -> float", "Rapidity y = 1/2 ln((E + pz) / (E - pz))."),
        ["deltaR"] = ("deltaR(a: fourvector, b: fourvector) -> float", "Angular distance sqrt(deltaEta^2 + deltaPhi^2)."),
        ["deltaPhi"] = ("deltaPhi(a: fourvector, b: fourvector) -> float", "Azimuthal difference folded into [-pi, pi]."),
        ["deltaEta"] = ("deltaEta(a: fourvector, b: fourvector) -> float", "Pseudorapidity difference."),
        ["mt"] = ("mt(a: fourvector, b: fourvector) -> float", "Transverse mass of two objects (mt(MET, lepton))."),
        ["ptetaphim"] = ("ptetaphim(pt, eta, phi, m) -> fourvector", "A four-vector from pT, eta, phi and mass."),
        ["pxpypze"] = ("pxpypze(px, py, pz, E) -> fourvector", "A four-vector from its components."),
        ["count"] = ("count(X: collection) -> int", "Number of objects in a collection or selection."),
        ["sum"] = ("sum(X.field | X | VALUE for BINDER) -> number | fourvector", "Sum of per-object values, or the four-vector sum of the objects."),
        ["min"] = ("min(a, b, ...) | min(X.field) -> number?", "Smallest of the arguments, or of per-object values (absent when there are none)."),
        ["max"] = ("max(a, b, ...) | max(X.field) -> number?", "Largest of the arguments, or of per-object values (absent when there are none)."),
        ["product"] = ("product(X.field | VALUE for BINDER) -> float", "Product of per-object values (1 when there are none), e.g. per-jet weight factors."),
        ["mean"] = ("mean(X.field) -> float?", "Mean of per-object values (absent when there are none)."),
        ["normal"] = ("normal(mean: float, sigma: float) -> float", "A Gaussian random number, reproducible per event and object (only inside an object variation)."),
        ["exists"] = ("exists(x: T?) -> bool", "True when a value that may be absent (jets[2], a best candidate) is there."),
        ["leading"] = ("leading(X: collection) -> object?", "The highest-pT object of X, whatever order X is in."),
        ["subleading"] = ("subleading(X: collection) -> object?", "The second-highest-pT object of X."),
    };

    /// <summary>Every built-in the checker knows has a line here (a test holds the two lists equal).</summary>
    public static IEnumerable<string> Missing() => HepSemantics.FunctionNames.Where(n => !All.ContainsKey(n));
}
