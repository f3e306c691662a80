'use strict';
// Loads editors/vscode/extension.js under a stub `vscode` API and a stub `vscode-languageclient/node`
// (npm is not reachable in CI), activates it and prints, as JSON, what it did: the clients it created
// (server command line, document selector, initializationOptions), its answer to workspace/configuration,
// the notifications it sent after a settings change, and the commands it registered.
//
// Usage: node vscode-host.js EXTENSION_DIR SETTINGS_JSON WORKSPACE_FOLDER

const Module = require('module');
const path = require('path');

const extensionDir = process.argv[2];
const settings = JSON.parse(process.argv[3] || '{}');
const workspaceFolder = process.argv[4] || '/tmp/workspace';

const manifest = require(path.join(extensionDir, 'package.json'));
const defaults = {};
for (const [key, spec] of Object.entries(manifest.contributes.configuration.properties)) defaults[key] = spec.default;

const record = { clients: [], notifications: [], commands: [], errors: [], stopped: 0 };
const configListeners = [];
const folder = { uri: { scheme: 'file', fsPath: workspaceFolder }, name: 'workspace', index: 0 };

const vscode = {
  workspace: {
    workspaceFolders: [folder],
    getWorkspaceFolder: () => folder,
    // Like VS Code: a user value if set, else the default declared in package.json.
    getConfiguration: (section) => ({
      get: (key, fallback) => {
        const full = `${section}.${key}`;
        if (full in settings) return settings[full];
        if (full in defaults) return defaults[full];
        return fallback;
      },
      // The values given in the settings argument play the user's settings.json.
      inspect: (key) => {
        const full = `${section}.${key}`;
        return { key: full, defaultValue: defaults[full], globalValue: settings[full] };
      },
    }),
    onDidChangeConfiguration: (listener) => {
      configListeners.push(listener);
      return { dispose() {} };
    },
  },
  window: {
    showErrorMessage: (message) => {
      record.errors.push(message);
      return Promise.resolve(undefined);
    },
  },
  commands: {
    registerCommand: (id) => {
      record.commands.push(id);
      return { dispose() {} };
    },
  },
  Uri: {
    parse: (s) => ({ scheme: 'file', fsPath: decodeURIComponent(s.replace(/^file:\/\//, '')), toString: () => s }),
  },
};

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    this.clientOptions = clientOptions;
    record.clients.push({
      id,
      name,
      serverOptions,
      documentSelector: clientOptions.documentSelector,
      initializationOptions: clientOptions.initializationOptions,
      outputChannelName: clientOptions.outputChannelName,
    });
    LanguageClient.last = this;
  }
  start() { return Promise.resolve(); }
  stop() { record.stopped += 1; return Promise.resolve(); }
  sendNotification(type, params) {
    record.notifications.push({ method: type.method, params });
    return Promise.resolve();
  }
}

const languageclient = {
  LanguageClient,
  DidChangeConfigurationNotification: { type: { method: 'workspace/didChangeConfiguration' } },
};

const originalRequire = Module.prototype.require;
Module.prototype.require = function require(id) {
  if (id === 'vscode') return vscode;
  if (id === 'vscode-languageclient/node') return languageclient;
  return originalRequire.apply(this, arguments);
};

function changeSettings(changed) {
  Object.assign(settings, changed);
  const keys = Object.keys(changed);
  const event = { affectsConfiguration: (s) => keys.some((k) => k === s || k.startsWith(`${s}.`)) };
  for (const listener of configListeners) listener(event);
}

(async () => {
  const extension = require(path.join(extensionDir, 'extension.js'));
  await extension.activate({ subscriptions: [] });

  const first = LanguageClient.last;
  const middleware = first.clientOptions.middleware.workspace.configuration;
  record.configurationAnswer = await middleware(
    { items: [{ section: 'policylint', scopeUri: `file://${workspaceFolder}/drafts/a.txt` }, { section: 'editor' }] },
    {},
    async (params) => params.items.map(() => 'answered-by-vscode'));

  changeSettings({ 'policylint.date': '2024-01-02' });
  changeSettings({ 'policylint.server.path': '/opt/policylint/bin/policylint' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.stdout.write(JSON.stringify(record));
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error));
  process.exit(1);
});
