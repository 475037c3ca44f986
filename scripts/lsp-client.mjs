// An independent Language Server Protocol client (the vscode-jsonrpc / vscode-languageserver-protocol libraries VS Code
// itself uses) that drives a language server over stdio through a scenario and prints what it answered, as JSON.
//
//   node lsp-client.mjs SCENARIO.json
//
// SCENARIO: { "server": [program, ...args], "rootUri": "...", "initializationOptions": {...},
//             "steps": [ { "open": { "uri", "text" } } | { "change": { "uri", "text" } } | { "close": { "uri" } }
//                      | { "configure": { settings } } | { "request": method, "params": {...} } ] }
// After an open or change the client waits for the server's publishDiagnostics of that document (diagnostics as the
// user types). Output: { "capabilities", "results": [ { "step", "result" | "error" | "diagnostics" } ],
// "published": [ { "step", "uri", "diagnostics" } ] (every publishDiagnostics, e.g. for imported files), "exitCode" }.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as rpc from 'vscode-jsonrpc/node.js';
import {
  InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification, DidChangeConfigurationNotification, PublishDiagnosticsNotification,
  ShutdownRequest, ExitNotification,
} from 'vscode-languageserver-protocol';

const scenario = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const [program, ...args] = scenario.server;
const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));

const waiting = new Map(); // uri -> resolve of the next publishDiagnostics
const published = []; // every publishDiagnostics, with the step it answered
let current = -1;
connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
  published.push({ step: current, uri: params.uri, diagnostics: params.diagnostics });
  const resolve = waiting.get(params.uri);
  if (resolve) { waiting.delete(params.uri); resolve(params.diagnostics); }
});
connection.listen();

const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms).unref());
const diagnosticsOf = (uri) => Promise.race([new Promise((resolve) => waiting.set(uri, resolve)), timeout(60000, `diagnostics for ${uri}`)]);

const versions = new Map();
const results = [];
const init = await Promise.race([connection.sendRequest(InitializeRequest.type, {
  processId: process.pid, rootUri: scenario.rootUri ?? null, capabilities: {}, initializationOptions: scenario.initializationOptions ?? null,
}), timeout(60000, 'initialize response')]);
await connection.sendNotification(InitializedNotification.type, {});

for (const [index, step] of scenario.steps.entries()) {
  current = index;
  if (step.open) {
    versions.set(step.open.uri, 1);
    const diagnostics = diagnosticsOf(step.open.uri);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: step.open.uri, languageId: 'hep', version: 1, text: step.open.text } });
    results.push({ step: index, diagnostics: await diagnostics });
  } else if (step.change) {
    const version = (versions.get(step.change.uri) ?? 1) + 1;
    versions.set(step.change.uri, version);
    const diagnostics = diagnosticsOf(step.change.uri);
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: step.change.uri, version }, contentChanges: [{ text: step.change.text }] });
    results.push({ step: index, diagnostics: await diagnostics });
  } else if (step.close) {
    await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: step.close.uri } });
    results.push({ step: index });
  } else if (step.configure) {
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: step.configure });
    results.push({ step: index });
  } else if (step.request) {
    try {
      const result = await Promise.race([connection.sendRequest(step.request, step.params), timeout(60000, `${step.request} response`)]);
      results.push({ step: index, result: result ?? null });
    } catch (e) {
      results.push({ step: index, error: { code: e.code ?? null, message: e.message } });
    }
  }
}

await connection.sendRequest(ShutdownRequest.type);
await connection.sendNotification(ExitNotification.type);
const exitCode = await Promise.race([exited, timeout(30000, 'server exit')]);
connection.dispose();
process.stdout.write(JSON.stringify({ capabilities: init.capabilities, results, published, exitCode }) + '\n');
