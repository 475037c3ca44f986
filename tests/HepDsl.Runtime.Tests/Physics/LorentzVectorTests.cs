using HepDsl.Runtime.Physics;

namespace HepDsl.Runtime.Tests.Physics;

public class LorentzVectorTests
{
    [Theory]
    [InlineData(25.0, 0.0, 0.0, 0.0)]
    [InlineData(40.0, 1.3, -2.1, 5.0)]
    [InlineData(13.5, -2.4, 3.0, 0.105658)]
    public void PtEtaPhiM_round_trips(double pt, double eta, double phi, double m)
    {
        var v = LorentzVector.FromPtEtaPhiM(pt, eta, phi, m);
        Assert.Equal(pt, v.Pt, 9);
        Assert.Equal(eta, v.Eta, 9);
        Assert.Equal(phi, v.Phi, 9);
        Assert.Equal(m, v.Mass, 6);
    }

    [Fact]
    public void Components_follow_collider_coordinates()
    {
        var v = LorentzVector.FromPtEtaPhiM(10, 0.5, Math.PI / 2, 0);
        Assert.Equal(0.0, v.Px, 9);
        Assert.Equal(10.0, v.Py, 9);
        Assert.Equal(10 * Math.Sinh(0.5), v.Pz, 9);
        Assert.Equal(10 * Math.Cosh(0.5), v.E, 9);
    }

    [Fact]
    public void Sum_adds_components_and_mass_is_invariant()
    {
        var a = LorentzVector.FromPxPyPzE(1, 2, 3, 10);
        var b = LorentzVector.FromPxPyPzE(-4, 5, 0.5, 8);
        var s = a + b;
        Assert.Equal(new LorentzVector(-3, 7, 3.5, 18), s);
        Assert.Equal(Math.Sqrt(18 * 18 - (9 + 49 + 12.25)), s.Mass, 12);
        Assert.Equal(a, s - b);
    }

    [Fact]
    public void Space_like_vector_has_negative_mass_like_ROOT()
    {
        var v = LorentzVector.FromPxPyPzE(3, 0, 4, 3);
        Assert.Equal(-4.0, v.Mass, 12);
    }

    [Fact]
    public void Negative_input_mass_lowers_the_energy_like_ROOT_SetPtEtaPhiM()
    {
        var v = LorentzVector.FromPtEtaPhiM(10, 0, 0, -2);
        Assert.Equal(Math.Sqrt(100 - 4), v.E, 12);
    }

    [Fact]
    public void Vector_along_the_beam_has_infinite_eta_and_zero_phi()
    {
        var v = LorentzVector.FromPxPyPzE(0, 0, 5, 5);
        Assert.Equal(double.PositiveInfinity, v.Eta);
        Assert.Equal(0.0, v.Phi);
    }

    [Fact]
    public void DeltaR_between_vectors_matches_the_angles()
    {
        var a = LorentzVector.FromPtEtaPhiM(30, 0.2, 3.0, 0);
        var b = LorentzVector.FromPtEtaPhiM(20, -0.1, -3.0, 0);
        Assert.Equal(Kinematics.DeltaR(0.2, 3.0, -0.1, -3.0), a.DeltaR(b), 9);
    }
}
