// ADL Q1 and Q2 computed with JSROOT (an independent ROOT reader) in Node over benchmark files, timed from opening
// the first file to the last entry, so the bench harness can set HepDsl's rate next to it and check the histograms.
//
// Usage: node jsroot-bench.mjs QUERY BINS LOW HIGH FILE ENTRIES [FILE ENTRIES ...]   (QUERY: q1 | q2)
//   Reads the first ENTRIES entries of tree Events in each FILE.
// Output: one JSON object {"query", "entries", "fills", "seconds", "bins": [underflow, 1..BINS, overflow]}.
// Binning and numerics as in jsroot-adl.mjs: ROOT's FindFixBin formula in double; NaN goes to the overflow.
import { openFile } from 'jsroot';
import { TSelector, treeProcess } from 'jsroot/tree';

const [query, binsText, lowText, highText, ...rest] = process.argv.slice(2);
const bins = Number(binsText), low = Number(lowText), high = Number(highText);
if (!['q1', 'q2'].includes(query) || !(bins > 0) || !(high > low) || rest.length === 0 || rest.length % 2 !== 0) {
   console.error('usage: node jsroot-bench.mjs q1|q2 BINS LOW HIGH FILE ENTRIES [FILE ENTRIES ...]');
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

const branch = query === 'q1' ? 'MET_pt' : 'Jet_pt';
const start = performance.now();
let entries = 0;
for (let i = 0; i < rest.length; i += 2) {
   const file = rest[i], wanted = Number(rest[i + 1]);
   const f = await openFile(file);
   const tree = await f.readObject('Events');
   const selector = new TSelector();
   selector.addBranch(branch, 'v');
   let read = 0;
   selector.Process = query === 'q1'
      ? function () { read++; fill(this.tgtobj.v); }
      : function () { read++; for (const pt of this.tgtobj.v) fill(pt); };
   await treeProcess(tree, selector, { numentries: wanted });
   if (read !== wanted) {
      console.error(`${file}: JSROOT read ${read} of ${wanted} entries`);
      process.exit(1);
   }
   entries += read;
}
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ query, entries, fills, seconds, bins: counts }));
