// Tokenizes .hep files with the VS Code extension's TextMate grammar (editors/vscode/syntaxes/hep.tmLanguage.json),
// through vscode-textmate and vscode-oniguruma, the engine VS Code itself uses.
//
//   node tokenize-hep.mjs FILE.hep...
//
// Prints JSON: { "FILE": [ [ { "start", "end", "text", "scopes" }, ... per token ], ... per line ] }.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import vsctm from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const grammarPath = path.join(here, '..', 'editors', 'vscode', 'syntaxes', 'hep.tmLanguage.json');

const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
await oniguruma.loadWASM(wasm);
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
  loadGrammar: async (scope) => scope === 'source.hep' ? vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
});
const grammar = await registry.loadGrammar('source.hep');
if (!grammar) throw new Error(`cannot load ${grammarPath}`);

const out = {};
for (const file of process.argv.slice(2)) {
  let stack = vsctm.INITIAL;
  out[file] = readFileSync(file, 'utf8').replace(/\r\n/g, '\n').split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ start: t.startIndex, end: t.endIndex, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}
process.stdout.write(JSON.stringify(out) + '\n');
