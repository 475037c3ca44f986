namespace HepDsl.Runtime.Physics;

/// <summary>
/// Angular and transverse quantities computed straight from branch values (pt, η, φ, m), so generated code
/// need not build four-vectors for a ΔR or a transverse mass.
/// </summary>
public static class Kinematics
{
    /// <summary>φ₁ − φ₂ wrapped into [−π, π].</summary>
    public static double DeltaPhi(double phi1, double phi2)
    {
        var d = phi1 - phi2;
        if (d >= -Math.PI && d <= Math.PI) return d;
        // IEEERemainder maps into [−π, π] in one step, also for angles many turns apart.
        d = Math.IEEERemainder(d, 2 * Math.PI);
        return d;
    }

    /// <summary>√(Δη² + Δφ²) with Δφ wrapped.</summary>
    public static double DeltaR(double eta1, double phi1, double eta2, double phi2)
    {
        var deta = eta1 - eta2;
        var dphi = DeltaPhi(phi1, phi2);
        return Math.Sqrt(deta * deta + dphi * dphi);
    }

    /// <summary>
    /// Transverse mass of two (massless) objects, e.g. a lepton and missing transverse momentum:
    /// mT = √(2 pt₁ pt₂ (1 − cos Δφ)).
    /// </summary>
    public static double TransverseMass(double pt1, double phi1, double pt2, double phi2) =>
        Math.Sqrt(Math.Max(0.0, 2 * pt1 * pt2 * (1 - Math.Cos(DeltaPhi(phi1, phi2)))));

    /// <summary>Invariant mass of two objects given in collider coordinates.</summary>
    public static double InvariantMass(double pt1, double eta1, double phi1, double m1, double pt2, double eta2, double phi2, double m2) =>
        (LorentzVector.FromPtEtaPhiM(pt1, eta1, phi1, m1) + LorentzVector.FromPtEtaPhiM(pt2, eta2, phi2, m2)).Mass;

    // Four-vector forms, so generated code passes each operand once (no temporaries to hoist).

    public static double DeltaR(LorentzVector a, LorentzVector b) => DeltaR(a.Eta, a.Phi, b.Eta, b.Phi);

    public static double DeltaPhi(LorentzVector a, LorentzVector b) => DeltaPhi(a.Phi, b.Phi);

    public static double DeltaEta(LorentzVector a, LorentzVector b) => a.Eta - b.Eta;

    /// <summary>Transverse mass from the transverse parts of two vectors (e.g. a lepton and MET).</summary>
    public static double TransverseMass(LorentzVector a, LorentzVector b) => TransverseMass(a.Pt, a.Phi, b.Pt, b.Phi);
}
