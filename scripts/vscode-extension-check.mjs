// Loads editors/vscode/extension.js outside VS Code, with stand-ins for the `vscode` API and vscode-languageclient
// that record what the extension asks for, calls activate(), and prints the language client it created as JSON.
//
//   node vscode-extension-check.mjs SERVER_PATH INPUT_FILE
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [serverPath, inputFile] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const created = [];
const settings = { serverPath, inputFile };
const fakes = {
  vscode: {
    workspace: { getConfiguration: (section) => ({ get: (key) => (section === 'hep' ? settings[key] : undefined) }) },
    window: { showErrorMessage: (m) => created.push({ error: m }) },
  },
  'vscode-languageclient/node': {
    TransportKind: { stdio: 0, ipc: 1 },
    LanguageClient: class {
      constructor(id, name, serverOptions, clientOptions) { created.push({ id, name, serverOptions, clientOptions }); }
      start() { created.at(-1).started = true; return Promise.resolve(); }
      stop() { return Promise.resolve(); }
      dispose() {}
    },
  },
};
const load = Module._load;
Module._load = function (request, parent, isMain) {
  return Object.prototype.hasOwnProperty.call(fakes, request) ? fakes[request] : load.call(this, request, parent, isMain);
};
const require = Module.createRequire(import.meta.url);
const extension = require(path.join(here, '..', 'editors', 'vscode', 'extension.js'));
const context = { subscriptions: [] };
await extension.activate(context);
process.stdout.write(JSON.stringify({ created, subscriptions: context.subscriptions.length }) + '\n');
