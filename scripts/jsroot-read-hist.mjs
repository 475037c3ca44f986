// Reads every TH1/TH2 of a ROOT file with JSROOT (an independent ROOT reader) and prints them as JSON,
// so HepDsl's ROOT writer can be checked against what a real reader sees.
// Usage: node jsroot-read-hist.mjs FILE
// Output: {"keys": [{name, className, cycle}], "histograms": {name: {className, title, entries, tsumw, tsumw2, tsumwx,
//   tsumwx2, tsumwy?, tsumwy2?, tsumwxy?, ncells, contents: [per global bin], sumw2: [per global bin],
//   axes: [{name, title, nbins, xmin, xmax, edges: [fXbins]}], yTitle: fYaxis title (a TH1's counts label)}}}
// Non-finite numbers are written as strings ("NaN", "Infinity", "-Infinity").
import { openFile } from 'jsroot';

const file = process.argv[2];
if (!file) {
   console.error('usage: node jsroot-read-hist.mjs FILE');
   process.exit(2);
}

const num = v => (Number.isFinite(v) ? v : String(v));
const arr = a => Array.from(a ?? [], num);
const axis = a => ({ name: a.fName, title: a.fTitle, nbins: a.fNbins, xmin: num(a.fXmin), xmax: num(a.fXmax), edges: arr(a.fXbins) });

const f = await openFile(file);
const keys = f.fKeys.map(k => ({ name: k.fName, className: k.fClassName, cycle: k.fCycle }));
const histograms = {};
for (const k of f.fKeys) {
   if (!/^TH[12]/.test(k.fClassName)) continue;
   const h = await f.readObject(`${k.fName};${k.fCycle}`);
   const two = h._typename.startsWith('TH2');
   histograms[k.fName] = {
      className: h._typename,
      title: h.fTitle,
      entries: num(h.fEntries),
      tsumw: num(h.fTsumw), tsumw2: num(h.fTsumw2), tsumwx: num(h.fTsumwx), tsumwx2: num(h.fTsumwx2),
      ...(two ? { tsumwy: num(h.fTsumwy), tsumwy2: num(h.fTsumwy2), tsumwxy: num(h.fTsumwxy) } : {}),
      ncells: h.fNcells,
      contents: arr(h.fArray),
      sumw2: arr(h.fSumw2),
      axes: (two ? [h.fXaxis, h.fYaxis] : [h.fXaxis]).map(axis),
      yTitle: h.fYaxis.fTitle,
   };
}
console.log(JSON.stringify({ keys, histograms }));
