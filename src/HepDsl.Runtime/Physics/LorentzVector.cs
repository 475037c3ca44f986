namespace HepDsl.Runtime.Physics;

/// <summary>
/// A four-momentum (px, py, pz, E) in the units of the input (GeV for NanoAOD), stored as doubles so sums of
/// Float32 branch values do not lose precision. A value type: generated event loops build and add these on the
/// stack without allocating. Conventions follow ROOT's <c>TLorentzVector</c> / <c>PtEtaPhiMVector</c>.
/// </summary>
public readonly struct LorentzVector : IEquatable<LorentzVector>
{
    public LorentzVector(double px, double py, double pz, double e)
    {
        Px = px;
        Py = py;
        Pz = pz;
        E = e;
    }

    public double Px { get; }
    public double Py { get; }
    public double Pz { get; }
    public double E { get; }

    /// <summary>From collider coordinates. The energy uses the given mass, so a massless object has E = |p|.</summary>
    public static LorentzVector FromPtEtaPhiM(double pt, double eta, double phi, double mass)
    {
        var px = pt * Math.Cos(phi);
        var py = pt * Math.Sin(phi);
        var pz = pt * Math.Sinh(eta);
        var p2 = px * px + py * py + pz * pz;
        // A negative mass (seen in some reconstructed jets) keeps its sign in m², as ROOT's SetPtEtaPhiM does.
        var e = Math.Sqrt(Math.Max(0.0, p2 + (mass >= 0 ? mass * mass : -mass * mass)));
        return new LorentzVector(px, py, pz, e);
    }

    public static LorentzVector FromPxPyPzE(double px, double py, double pz, double e) => new(px, py, pz, e);

    /// <summary>Transverse momentum.</summary>
    public double Pt => Math.Sqrt(Px * Px + Py * Py);

    /// <summary>Magnitude of the three-momentum.</summary>
    public double P => Math.Sqrt(Px * Px + Py * Py + Pz * Pz);

    /// <summary>Azimuth in (-π, π]; 0 for a vector along the beam.</summary>
    public double Phi => Px == 0 && Py == 0 ? 0.0 : Math.Atan2(Py, Px);

    /// <summary>
    /// Pseudorapidity. Along the beam (pt = 0) it is ±∞ for pz ≠ 0 and 0 for the null vector, matching ROOT's
    /// <c>PtEtaPhiMVector</c> limits rather than TLorentzVector's ±10¹⁰ sentinel.
    /// </summary>
    public double Eta
    {
        get
        {
            var pt = Pt;
            if (pt == 0) return Pz == 0 ? 0.0 : Pz > 0 ? double.PositiveInfinity : double.NegativeInfinity;
            return Math.Asinh(Pz / pt);
        }
    }

    /// <summary>Rapidity y = ½ ln((E + pz)/(E − pz)).</summary>
    public double Rapidity => 0.5 * Math.Log((E + Pz) / (E - Pz));

    /// <summary>Invariant mass squared; negative for space-like vectors (rounding in nearly massless sums).</summary>
    public double M2 => E * E - (Px * Px + Py * Py + Pz * Pz);

    /// <summary>Invariant mass; for m² &lt; 0 it returns −√(−m²), as ROOT does, so the sign shows the problem.</summary>
    public double Mass
    {
        get
        {
            var m2 = M2;
            return m2 >= 0 ? Math.Sqrt(m2) : -Math.Sqrt(-m2);
        }
    }

    /// <summary>Transverse energy Et = E·pt/|p|.</summary>
    public double Et
    {
        get
        {
            var p = P;
            return p == 0 ? 0.0 : E * Pt / p;
        }
    }

    public static LorentzVector operator +(LorentzVector a, LorentzVector b) =>
        new(a.Px + b.Px, a.Py + b.Py, a.Pz + b.Pz, a.E + b.E);

    public static LorentzVector operator -(LorentzVector a, LorentzVector b) =>
        new(a.Px - b.Px, a.Py - b.Py, a.Pz - b.Pz, a.E - b.E);

    public static LorentzVector Zero => default;

    /// <summary>Distance in (η, φ) to <paramref name="other"/>.</summary>
    public double DeltaR(LorentzVector other) => Kinematics.DeltaR(Eta, Phi, other.Eta, other.Phi);

    public bool Equals(LorentzVector other) => Px == other.Px && Py == other.Py && Pz == other.Pz && E == other.E;
    public override bool Equals(object? obj) => obj is LorentzVector v && Equals(v);
    public override int GetHashCode() => HashCode.Combine(Px, Py, Pz, E);
    public static bool operator ==(LorentzVector a, LorentzVector b) => a.Equals(b);
    public static bool operator !=(LorentzVector a, LorentzVector b) => !a.Equals(b);

    public override string ToString() => $"(px={Px}, py={Py}, pz={Pz}, E={E})";
}
