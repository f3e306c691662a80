'use strict';
// policylint for VS Code: runs `policylint serve --stdio` and connects it through vscode-languageclient.
// Everything the server does (diagnostics, quick fixes, hover, the reloadCorpus command) comes over LSP;
// this file only starts the process, passes settings and restarts the server when its command line changes.

const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, DidChangeConfigurationNotification } = require('vscode-languageclient/node');

const manifest = require('./package.json');

/** The arguments that make `policylint` speak LSP over stdin/stdout. */
const SERVER_ARGS = ['serve', '--stdio'];
/** Settings the extension reads itself; they are never sent to the server. */
const CLIENT_ONLY_KEYS = ['server.path', 'trace.server'];
/** Settings whose change needs a new server process (its command line, or the documents it is given). */
const RESTART_KEYS = ['policylint.server.path', 'policylint.languages'];
/** Server settings holding paths: resolved here against the workspace folder, so the server gets absolute ones. */
const PATH_KEYS = ['corpus', 'manifest', 'registry'];

/** The server's settings keys (those of `.policylint.json`): every `policylint.*` setting but the client's own. */
const SERVER_KEYS = Object.keys(manifest.contributes.configuration.properties)
  .map((key) => key.slice('policylint.'.length))
  .filter((key) => !CLIENT_ONLY_KEYS.includes(key));

let client;

/** The workspace folder a resource belongs to, else the first one. */
function folderFor(scope) {
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : undefined;
  return folder || (vscode.workspace.workspaceFolders || [])[0];
}

/** Expands `~` and `${workspaceFolder}`, and makes a relative path absolute against the workspace folder. */
function resolvePath(value, scope) {
  const folder = folderFor(scope);
  let p = value.replace(/\$\{workspaceFolder\}/g, folder ? folder.uri.fsPath : '');
  if (p === '~' || p.startsWith('~/')) p = path.join(os.homedir(), p.slice(1));
  if (!path.isAbsolute(p) && folder && folder.uri.scheme === 'file') p = path.join(folder.uri.fsPath, p);
  return p;
}

/** A setting's value only where the user set it (folder, workspace or user settings), else undefined. */
function userValue(section, key) {
  const inspected = section.inspect(key);
  if (!inspected) return undefined;
  const { workspaceFolderValue, workspaceValue, globalValue } = inspected;
  return workspaceFolderValue !== undefined ? workspaceFolderValue
    : workspaceValue !== undefined ? workspaceValue : globalValue;
}

/** The settings object the server understands (the keys of `.policylint.json`) for one resource. */
function serverSettings(scope) {
  const section = vscode.workspace.getConfiguration('policylint', scope);
  const settings = {};
  for (const key of SERVER_KEYS) {
    // Only what the user set: defaults and empty values stay out, so `.policylint.json` (which the server
    // reads itself) and the server's own defaults still apply.
    const value = userValue(section, key);
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    settings[key] = PATH_KEYS.includes(key) ? resolvePath(value, scope) : value;
  }
  return settings;
}

/** The executable to run: a bare name is looked up on PATH by the OS; anything with a slash is a path. */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration('policylint').get('server.path') || 'policylint';
  return configured.includes('/') || configured.includes('\\') || configured.startsWith('~')
    ? resolvePath(configured, undefined)
    : configured;
}

function createClient() {
  // No `transport` on purpose: with TransportKind.stdio the client would append a second `--stdio`.
  const serverOptions = { command: serverCommand(), args: SERVER_ARGS };
  const languages = vscode.workspace.getConfiguration('policylint').get('languages') || ['plaintext', 'markdown'];
  const clientOptions = {
    documentSelector: languages.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    initializationOptions: serverSettings(undefined),
    outputChannelName: 'policylint',
    middleware: {
      workspace: {
        // The server asks for section `policylint`: answer with its keys only, paths resolved.
        configuration: async (params, token, next) => {
          const ours = params.items.map((item) => item.section === 'policylint');
          const theirs = ours.every(Boolean) ? [] : await next(params, token);
          if (theirs instanceof Error) return theirs;
          return params.items.map((item, i) =>
            ours[i] ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : theirs[i]);
        },
      },
    },
  };
  // The id `policylint` makes the client read the `policylint.trace.server` setting.
  return new LanguageClient('policylint', 'policylint', serverOptions, clientOptions);
}

async function start() {
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    const command = serverCommand();
    void vscode.window.showErrorMessage(
      `policylint: could not start \`${command} ${SERVER_ARGS.join(' ')}\` (${error}). ` +
        'Install policylint or set "policylint.server.path".');
  }
}

async function restart() {
  if (client) {
    const old = client;
    client = undefined;
    await old.stop().catch(() => undefined);
  }
  await start();
}

/** Called by VS Code on the first plaintext or markdown document, or in a workspace with `.policylint.json`. */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('policylint.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('policylint') || !client) return;
      if (RESTART_KEYS.some((key) => event.affectsConfiguration(key))) {
        void restart();
        return;
      }
      if (event.affectsConfiguration('policylint.trace.server')) return;
      // The same shape other clients send; the server may also pull `workspace/configuration` after it.
      void client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { policylint: serverSettings(undefined) },
      });
    }),
  );
  // `policylint.reloadCorpus` is the server's command (executeCommandProvider): the client registers it.
  await start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, SERVER_ARGS, SERVER_KEYS };
