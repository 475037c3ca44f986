namespace HepDsl.Parser.Checking
{
    /// <summary>
    /// <c>use nanoaod</c>: CMS NanoAOD declarations written in the .hep language itself. Branch types were read
    /// from nanoAOD_2015_CMS_Open_Data_ttbar.root (counters UInt_t, most fields Float_t, charge Int_t, ids Bool_t/UChar_t).
    /// </summary>
    internal static class NanoAodSchema
    {
        public const string FileName = "<nanoaod>";

        public const string Text = @"# CMS NanoAOD: the standard collections and their branch types, read from a real NanoAOD file.
# Only the fields an analysis uses are read.
branch uint32 run, luminosityBlock
branch uint64 event
branch float32 genWeight
collection Jet[uint32 nJet]:
    float32 area, btagCSVV2, btagDeepB, btagDeepCvB, btagDeepCvL, btagDeepFlavB, btagDeepFlavCvB, btagDeepFlavCvL, btagDeepFlavQG, chEmEF, chFPV0EF, chHEF, eta, mass, muEF, muonSubtrFactor, neEmEF, neHEF, phi, pt, puIdDisc, qgl, rawFactor, bRegCorr, bRegRes, cRegCorr, cRegRes;
    int32 electronIdx1, electronIdx2, jetId, muonIdx1, muonIdx2, nElectrons, nMuons, puId, genJetIdx, hadronFlavour, partonFlavour;
    uint8 nConstituents, cleanmask;
    fourvector ptetaphim(pt, eta, phi, mass)
collection Muon[uint32 nMuon]:
    float32 dxy, dxyErr, dxybs, dz, dzErr, eta, ip3d, jetPtRelv2, jetRelIso, mass, miniPFRelIso_all, miniPFRelIso_chg, pfRelIso03_all, pfRelIso03_chg, pfRelIso04_all, phi, pt, ptErr, segmentComp, sip3d, softMva, tkRelIso, tunepRelPt, mvaLowPt, mvaTTH;
    int32 charge, jetIdx, nStations, nTrackerLayers, pdgId, tightCharge, fsrPhotonIdx, genPartIdx;
    uint8 highPtId, jetNDauCharged, miniIsoId, multiIsoId, mvaId, mvaLowPtId, pfIsoId, puppiIsoId, tkIsoId, genPartFlav, cleanmask;
    bool highPurity, inTimeMuon, isGlobal, isPFcand, isStandalone, isTracker, looseId, mediumId, mediumPromptId, softId, softMvaId, tightId, triggerIdLoose;
    fourvector ptetaphim(pt, eta, phi, mass)
collection Electron[uint32 nElectron]:
    float32 deltaEtaSC, dr03EcalRecHitSumEt, dr03HcalDepth1TowerSumEt, dr03TkSumPt, dr03TkSumPtHEEP, dxy, dxyErr, dz, dzErr, eInvMinusPInv, energyErr, eta, hoe, ip3d, jetPtRelv2, jetRelIso, mass, miniPFRelIso_all, miniPFRelIso_chg, mvaFall17V2Iso, mvaFall17V2noIso, pfRelIso03_all, pfRelIso03_chg, phi, pt, r9, scEtOverPt, sieie, sip3d, mvaTTH;
    int32 charge, cutBased, jetIdx, pdgId, photonIdx, tightCharge, vidNestedWPBitmap, vidNestedWPBitmapHEEP, genPartIdx;
    bool convVeto, cutBased_HEEP, isPFcand, mvaFall17V2Iso_WP80, mvaFall17V2Iso_WP90, mvaFall17V2Iso_WPL, mvaFall17V2noIso_WP80, mvaFall17V2noIso_WP90, mvaFall17V2noIso_WPL;
    uint8 jetNDauCharged, lostHits, seedGain, genPartFlav, cleanmask;
    fourvector ptetaphim(pt, eta, phi, mass)
collection Photon[uint32 nPhoton]:
    float32 energyErr, eta, hoe, mass, mvaID, mvaID_Fall17V1p1, pfRelIso03_all, pfRelIso03_chg, phi, pt, r9, sieie;
    int32 charge, cutBased, cutBased_Fall17V1Bitmap, electronIdx, jetIdx, pdgId, vidNestedWPBitmap, genPartIdx;
    bool electronVeto, isScEtaEB, isScEtaEE, mvaID_WP80, mvaID_WP90, pixelSeed;
    uint8 seedGain, genPartFlav, cleanmask;
    fourvector ptetaphim(pt, eta, phi, mass)
collection Tau[uint32 nTau]:
    float32 chargedIso, dxy, dz, eta, leadTkDeltaEta, leadTkDeltaPhi, leadTkPtOverTauPt, mass, neutralIso, phi, photonsOutsideSignalCone, pt, puCorr, rawIso, rawIsodR03, rawMVAnewDM, rawMVAoldDM, rawMVAoldDMdR03;
    int32 charge, decayMode, jetIdx, rawAntiEleCat, genPartIdx;
    uint8 idAntiEle, idAntiMu, idMVAnewDM, idMVAoldDM, idMVAoldDMdR03, cleanmask, genPartFlav;
    bool idAntiEleDeadECal, idDecayMode, idDecayModeNewDMs;
    fourvector ptetaphim(pt, eta, phi, mass)
object MET:
    float32 MetUnclustEnUpDeltaX, MetUnclustEnUpDeltaY, covXX, covXY, covYY, phi, pt, significance, sumEt, sumPtUnclustered, fiducialGenPhi, fiducialGenPt;
    fourvector ptphi(pt, phi)
";
    }
}
