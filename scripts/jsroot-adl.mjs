// ADL benchmark queries Q1-Q5 computed independently with JSROOT (a separate ROOT reader) in Node, to check the
// histograms HepDsl compiles from samples/adl/q1..q5.hep bin by bin.
//
// Usage: node jsroot-adl.mjs FILE QUERY BINS LOW HIGH       (QUERY: q1..q5; the binning is the .hep histogram's)
// Output: one JSON object: {"query", "entries" (events read), "fills", "passed" (events passing the query's
//   event-level cuts: all of them for q1-q3), "bins": [...]}
//   where bins holds BINS+2 counts in ROOT's numbering: [underflow, bin 1..BINS, overflow].
//
// Numerics: branches are float32; JSROOT hands them over widened exactly to double, and every computation here is
// in double, as the generated C# does (it promotes float to double before arithmetic). Binning uses ROOT's
// TAxis::FindFixBin formula, 1 + floor((x - low) * (bins / (high - low))), so edges agree to the last bit; NaN goes
// to the overflow as in HepDsl's Axis.
//
// ADL definitions (https://github.com/iris-hep/adl-benchmarks-index), on CMS NanoAOD:
//   q1: MET of all events.                          q2: pT of all jets.
//   q3: pT of jets with |eta| < 1.                   q4: MET of events with at least two jets of pT > 40 GeV.
//   q5: MET of events with an opposite-charge muon pair of invariant mass in (60, 120) GeV.
import { openFile } from 'jsroot';
import { TSelector, treeProcess } from 'jsroot/tree';

const [file, query, binsText, lowText, highText] = process.argv.slice(2);
const bins = Number(binsText), low = Number(lowText), high = Number(highText);
if (!file || !query || !(bins > 0) || !(high > low)) {
   console.error('usage: node jsroot-adl.mjs FILE q1|q2|q3|q4|q5 BINS LOW HIGH');
   process.exit(2);
}

const counts = new Array(bins + 2).fill(0);
const scale = bins / (high - low);
let fills = 0;
const fill = x => {
   let bin;
   if (Number.isNaN(x)) bin = bins + 1;
   else if (x < low) bin = 0;
   else if (x >= high) bin = bins + 1;
   else bin = Math.min(bins, 1 + Math.floor((x - low) * scale));
   counts[bin]++;
   fills++;
};

// Four-vector from (pt, eta, phi, m) and the mass of a sum, mirroring HepDsl.Runtime.Physics.LorentzVector.
const vec = (pt, eta, phi, m) => {
   const px = pt * Math.cos(phi), py = pt * Math.sin(phi), pz = pt * Math.sinh(eta);
   const p2 = px * px + py * py + pz * pz;
   return [px, py, pz, Math.sqrt(Math.max(0, p2 + (m >= 0 ? m * m : -m * m)))];
};
const massOfSum = (a, b) => {
   const px = a[0] + b[0], py = a[1] + b[1], pz = a[2] + b[2], e = a[3] + b[3];
   const m2 = e * e - (px * px + py * py + pz * pz);
   return m2 >= 0 ? Math.sqrt(m2) : -Math.sqrt(-m2);
};

const queries = {
   q1: { branches: ['MET_pt'], event: v => { fill(v.MET_pt); return true; } },
   // q2, q3: object-level selections only; every event passes (as the .hep cut-flow counts them).
   q2: { branches: ['Jet_pt'], event: v => { for (const pt of v.Jet_pt) fill(pt); return true; } },
   q3: {
      branches: ['Jet_pt', 'Jet_eta'],
      event: v => {
         for (let i = 0; i < v.Jet_pt.length; i++)
            if (Math.abs(v.Jet_eta[i]) < 1) fill(v.Jet_pt[i]);
         return true;
      },
   },
   q4: {
      branches: ['MET_pt', 'Jet_pt'],
      event: v => {
         let n = 0;
         for (const pt of v.Jet_pt) if (pt > 40) n++;
         if (n < 2) return false;
         fill(v.MET_pt);
         return true;
      },
   },
   q5: {
      branches: ['MET_pt', 'Muon_pt', 'Muon_eta', 'Muon_phi', 'Muon_mass', 'Muon_charge'],
      event: v => {
         const n = v.Muon_pt.length;
         for (let i = 0; i < n; i++)
            for (let j = i + 1; j < n; j++) {
               if (v.Muon_charge[i] === v.Muon_charge[j]) continue;
               const m = massOfSum(vec(v.Muon_pt[i], v.Muon_eta[i], v.Muon_phi[i], v.Muon_mass[i]),
                                   vec(v.Muon_pt[j], v.Muon_eta[j], v.Muon_phi[j], v.Muon_mass[j]));
               if (m > 60 && m < 120) { fill(v.MET_pt); return true; }
            }
         return false;
      },
   },
};

const q = queries[query];
if (!q) {
   console.error(`unknown query '${query}'; expected one of ${Object.keys(queries).join(', ')}`);
   process.exit(2);
}

const f = await openFile(file);
const tree = await f.readObject('Events');
const selector = new TSelector();
for (const b of q.branches) selector.addBranch(b, b);
let entries = 0, passed = 0;
selector.Process = function () {
   const v = {};
   for (const b of q.branches) v[b] = this.tgtobj[b];
   entries++;
   if (q.event(v)) passed++;
};
await treeProcess(tree, selector);
if (entries !== Number(tree.fEntries)) {
   console.error(`${file}: JSROOT read ${entries} of ${tree.fEntries} entries`);
   process.exit(1);
}
console.log(JSON.stringify({ query, entries, fills, passed, bins: counts }));
