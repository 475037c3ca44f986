// The VS Code side of HepDsl: starts `hep lsp` (the language server built into the hep tool) for .hep files.
// Everything else (diagnostics, completion, hover, definitions, outline, formatting) is the server's.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('hep');
  const command = config.get('serverPath') || 'hep';
  const serverOptions = { command, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'hep' }],
    // The server reads hep.inputFile from initializationOptions and from every configuration change.
    initializationOptions: { inputFile: config.get('inputFile') || '' },
    synchronize: { configurationSection: 'hep' },
  };
  client = new LanguageClient('hep', 'HepDsl language server', serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start().catch((e) => {
    vscode.window.showErrorMessage(`Could not start '${command} lsp' (${e.message}). Install hep (see the README) or set hep.serverPath.`);
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
