using HepDsl.Runtime.Output.Plots;

namespace HepDsl.Runtime.Tests.Output;

public class RootLatexTests
{
    [Theory]
    [InlineData("m_{#mu#mu} [GeV]", "m_μμ [GeV]")]
    [InlineData("p_{T} [GeV]", "pₜ [GeV]")]
    [InlineData("p_T [GeV]", "pₜ [GeV]")]
    [InlineData("E_{T}^{miss}", "Eₜᵐⁱˢˢ")]
    // As in TLatex, an unbraced script is one character: "E_T^miss" raises only the m.
    [InlineData("E_T^miss", "Eₜᵐiss")]
    [InlineData("x^2 + y_1", "x² + y₁")]
    [InlineData("m_#mu", "m_μ")]
    [InlineData("a_ b^", "a_ b^")]
    [InlineData("q^{Q}", "q^Q")]
    [InlineData("#eta vs #phi", "η vs φ")]
    [InlineData("E^{2}_{1}", "E²₁")]
    [InlineData("m^{t#bar{t}}", "m^tt̅")]
    [InlineData("#Delta R(#mu, e) #leq 0.4", "Δ R(μ, e) ≤ 0.4")]
    [InlineData("#unknown stays", "#unknown stays")]
    [InlineData("plain", "plain")]
    public void ConvertsCommonTLatex(string latex, string plain) => Assert.Equal(plain, RootLatex.ToPlainText(latex));
}
