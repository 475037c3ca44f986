using System.Text;
using System.Text.RegularExpressions;

namespace HepDsl.Runtime.Output.Plots;

/// <summary>
/// Turns ROOT's TLatex shorthand in titles and labels ("m_{#mu#mu} [GeV]", "#bar{t}", "p_{T}^{2}") into plain
/// Unicode for plots: Greek letters and common symbols, sub- and superscripts as Unicode where it has the characters, else as plain "_T" or "^ab".
/// Anything it does not know is left as written.
/// </summary>
public static partial class RootLatex
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["alpha"] = "α", ["beta"] = "β", ["gamma"] = "γ", ["delta"] = "δ", ["epsilon"] = "ε", ["zeta"] = "ζ", ["eta"] = "η",
        ["theta"] = "θ", ["iota"] = "ι", ["kappa"] = "κ", ["lambda"] = "λ", ["mu"] = "μ", ["nu"] = "ν", ["xi"] = "ξ",
        ["pi"] = "π", ["rho"] = "ρ", ["sigma"] = "σ", ["tau"] = "τ", ["upsilon"] = "υ", ["phi"] = "φ", ["chi"] = "χ",
        ["psi"] = "ψ", ["omega"] = "ω", ["Gamma"] = "Γ", ["Delta"] = "Δ", ["Theta"] = "Θ", ["Lambda"] = "Λ", ["Xi"] = "Ξ",
        ["Pi"] = "Π", ["Sigma"] = "Σ", ["Upsilon"] = "Υ", ["Phi"] = "Φ", ["Psi"] = "Ψ", ["Omega"] = "Ω",
        ["pm"] = "±", ["mp"] = "∓", ["times"] = "×", ["rightarrow"] = "→", ["to"] = "→", ["leftarrow"] = "←",
        ["leq"] = "≤", ["geq"] = "≥", ["neq"] = "≠", ["approx"] = "≈", ["infty"] = "∞", ["sqrt"] = "√", ["ell"] = "ℓ",
        ["circ"] = "°", ["cdot"] = "·", ["sum"] = "∑",
    };

    private const string SuperFrom = "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
        SuperTo = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ";
    // Unicode has no capital subscripts: capitals use the lowercase ones, so "p_{T}" reads "pₜ" rather than "p_T".
    private const string SubFrom = "0123456789+-=()aehijklmnoprstuvxAEHIJKLMNOPRSTUVX",
        SubTo = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ";

    public static string ToPlainText(string latex)
    {
        var text = Bar().Replace(latex, m => Overline(m.Groups[1].Value));
        text = Symbol().Replace(text, m => Symbols.TryGetValue(m.Groups[1].Value, out var s) ? s : m.Value);
        text = Script().Replace(text, m =>
        {
            var script = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
            return Map(script, m.Groups[1].Value == "^" ? (SuperFrom, SuperTo) : (SubFrom, SubTo)) ?? m.Groups[1].Value + script;
        });
        return text;
    }

    private static string Overline(string s)
    {
        var b = new StringBuilder();
        foreach (var c in s) b.Append(c).Append('\u0305');
        return b.ToString();
    }

    private static string? Map(string s, (string From, string To) table)
    {
        var b = new StringBuilder();
        foreach (var c in s)
        {
            var i = table.From.IndexOf(c);
            if (i < 0) return null;
            b.Append(table.To[i]);
        }
        return b.ToString();
    }

    [GeneratedRegex(@"#bar\{([^{}]*)\}")]
    private static partial Regex Bar();

    [GeneratedRegex(@"#([A-Za-z]+)")]
    private static partial Regex Symbol();

    // Braced "_{4l}", or as in TLatex a single character without braces: "p_T", "E^2".
    [GeneratedRegex(@"([\^_])(?:\{([^{}]*)\}|([^{}\s#\\^_]))")]
    private static partial Regex Script();
}
