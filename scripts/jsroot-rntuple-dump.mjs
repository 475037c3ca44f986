// Dumps top-level fields of one RNTuple with JSROOT's RNTuple reader (an independent reader), as JSON lines, for the
// HepDsl writer's cross-check. Usage: node jsroot-rntuple-dump.mjs FILE NTUPLE FIELD,FIELD,...
// Output: one line per field: {"field": name, "values": [per-entry value]} or {"field": name, "error": message}.
// Values as jsroot-dump.mjs spells them: 64-bit integers as strings, NaN/infinities/-0 as strings, bools as true/false.
// Each field is read in a pass of its own, so one JSROOT cannot read does not hide the others.
import { openFile } from 'jsroot';
import { plain } from './jsroot-values.mjs';
import { TSelector } from 'jsroot/tree';
import { rntupleProcess } from 'jsroot/rntuple';

const [file, name, list] = process.argv.slice(2);
if (!file || !name || !list) {
   console.error('usage: node jsroot-rntuple-dump.mjs FILE NTUPLE FIELD,...');
   process.exit(2);
}

const f = await openFile(file);
for (const field of list.split(',').filter(s => s.length)) {
   const values = [];
   try {
      const ntuple = await f.readObject(name);
      const selector = new TSelector();
      selector.addBranch(field, 'v');
      selector.Process = function () { values.push(plain(this.tgtobj.v)); };
      await rntupleProcess(ntuple, selector);
      console.log(JSON.stringify({ field, values }));
   } catch (e) {
      console.log(JSON.stringify({ field, error: String(e?.message ?? e) }));
   }
}
