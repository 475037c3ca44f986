// Dumps branches of one TTree with JSROOT (an independent ROOT reader) as JSON lines, for the HepDsl cross-check.
// Usage: node jsroot-dump.mjs FILE TREE [BRANCH,BRANCH,...]   (no list: every top-level branch and leaf-list leaf)
// Output: one line per branch: {"branch": name, "values": [per-entry value]} or {"branch": name, "error": message}.
// Values: numbers as JSROOT decodes them (float32 widened exactly to double), 64-bit ints as strings,
// NaN, Infinity, -Infinity and -0 as strings, arrays (fixed or jagged) as JSON arrays, strings as strings, bools as true/false.
// Fixed Char_t arrays (ai1[3]/B) as arrays of their signed byte values, not as the C string JSROOT would make of them.
import { openFile } from 'jsroot';
import { plain } from './jsroot-values.mjs';
import { TSelector, treeProcess } from 'jsroot/tree';

const [file, treeName, list] = process.argv.slice(2);
if (!file || !treeName) {
   console.error('usage: node jsroot-dump.mjs FILE TREE [BRANCH,...]');
   process.exit(2);
}

const f = await openFile(file);
const tree = await f.readObject(treeName);
const top = tree.fBranches.arr;

// Leaves that count other leaves (nJet for Jet_pt[nJet]): JSROOT reads them itself and refuses to add them twice,
// so they are read in a pass of their own.
const counters = new Set();
for (const b of top)
   for (const leaf of b.fLeaves?.arr ?? [])
      if (leaf.fLeafCount) counters.add(leaf.fLeafCount.fName);

// A requested name is a branch, or "branch.leaf" for one leaf of a leaf-list branch.
const targets = [];
const wanted = list ? list.split(',').filter(s => s.length) : null;
const byName = new Map(top.map(b => [b.fName, b]));
const add = name => {
   if (byName.has(name)) { targets.push({ name, branch: name, member: null }); return; }
   const dot = name.lastIndexOf('.');
   if (dot > 0 && byName.has(name.slice(0, dot))) { targets.push({ name, branch: name.slice(0, dot), member: name.slice(dot + 1) }); return; }
   console.log(JSON.stringify({ branch: name, error: 'no such branch in JSROOT' }));
};
if (wanted) wanted.forEach(add);
else
   for (const b of top) {
      const leaves = b.fLeaves?.arr ?? [];
      if (b._typename === 'TBranch' && leaves.length > 1) leaves.forEach(l => add(`${b.fName}.${l.fName}`));
      else add(b.fName);
   }

// JSROOT reads a fixed signed-char array as a C string (cut at the first zero byte), but an unsigned one as an array
// of bytes: mark such leaves unsigned so JSROOT itself decodes every byte, and only the sign is restored here.
const signedChars = new Set();
for (const t of targets) {
   const leaves = byName.get(t.branch).fLeaves?.arr ?? [];
   const leaf = t.member === null ? (leaves.length === 1 ? leaves[0] : null) : leaves.find(l => l.fName === t.member);
   if (leaf?._typename === 'TLeafB' && !leaf.fIsUnsigned && leaf.fLen > 1 && !leaf.fLeafCount) {
      leaf.fIsUnsigned = true;
      signedChars.add(t.name);
   }
}
const signed = v => ArrayBuffer.isView(v) || Array.isArray(v) ? Array.from(v, x => (x > 127 ? x - 256 : x)) : v;

// Reads a group of targets in one pass; when JSROOT fails, splits the group to isolate the branch it cannot read.
async function readGroup(group) {
   if (!group.length) return;
   const branches = [...new Set(group.map(t => t.branch))];
   const selector = new TSelector();
   branches.forEach((b, i) => selector.addBranch(b, `b${i}`));
   const values = group.map(() => []);
   selector.Process = function () {
      group.forEach((t, i) => {
         const v = this.tgtobj[`b${branches.indexOf(t.branch)}`];
         const value = t.member === null ? v : v?.[t.member];
         values[i].push(plain(signedChars.has(t.name) ? signed(value) : value));
      });
   };
   try {
      await treeProcess(tree, selector);
      if (values.some(v => v.length !== Number(tree.fEntries))) throw Error(`read ${values[0]?.length} of ${tree.fEntries} entries`);
   } catch (e) {
      if (branches.length === 1) {
         for (const t of group) console.log(JSON.stringify({ branch: t.name, error: String(e?.message ?? e) }));
         return;
      }
      const half = branches.slice(0, branches.length >> 1);
      await readGroup(group.filter(t => half.includes(t.branch)));
      await readGroup(group.filter(t => !half.includes(t.branch)));
      return;
   }
   group.forEach((t, i) => console.log(JSON.stringify({ branch: t.name, values: values[i] })));
}

await readGroup(targets.filter(t => !counters.has(t.branch)));
await readGroup(targets.filter(t => counters.has(t.branch)));
