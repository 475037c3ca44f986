using HepDsl.Runtime.Physics;

namespace HepDsl.Runtime.Tests.Physics;

public class KinematicsTests
{
    [Theory]
    [InlineData(0.1, 0.2, -0.1)]
    [InlineData(3.0, -3.0, 6.0 - 2 * Math.PI)]
    [InlineData(-3.0, 3.0, -6.0 + 2 * Math.PI)]
    [InlineData(Math.PI, -Math.PI, 0.0)]
    [InlineData(20.0, 0.0, 20.0 - 6 * Math.PI)]
    public void DeltaPhi_wraps_into_minus_pi_to_pi(double phi1, double phi2, double expected)
    {
        var d = Kinematics.DeltaPhi(phi1, phi2);
        Assert.InRange(d, -Math.PI, Math.PI);
        Assert.Equal(expected, d, 12);
    }

    [Fact]
    public void DeltaR_uses_wrapped_phi()
    {
        // Δη = 0.3, Δφ = 0.4 across the ±π seam.
        var dr = Kinematics.DeltaR(1.0, Math.PI - 0.2, 0.7, -Math.PI + 0.2);
        Assert.Equal(0.5, dr, 12);
    }

    [Fact]
    public void Transverse_mass_of_back_to_back_objects_is_twice_the_geometric_mean()
    {
        Assert.Equal(2 * Math.Sqrt(40.0 * 30.0), Kinematics.TransverseMass(40, 0.5, 30, 0.5 + Math.PI), 9);
        Assert.Equal(0.0, Kinematics.TransverseMass(40, 1.0, 30, 1.0), 9);
    }

    [Fact]
    public void Z_boson_from_two_back_to_back_muons()
    {
        // Two massless muons of 45.6 GeV back to back at η = 0 make a 91.2 GeV system at rest.
        var m = Kinematics.InvariantMass(45.6, 0, 0.3, 0, 45.6, 0, 0.3 + Math.PI, 0);
        Assert.Equal(91.2, m, 9);
    }
}
