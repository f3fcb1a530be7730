// A fake control port: records what logic posts, and lets a test answer calls as the host would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, resetCalls, onReply } from '../../../src/openmini/runtime/logic/wx/call.js';
import { createWx, preloadChunks, addUnsupported } from '../../../src/openmini/runtime/logic/wx/index.js';

export function fakeHost() {
  const sent = [];
  const port = { postMessage: (m) => sent.push(m) };
  resetCalls();
  connect(port);
  return {
    sent,
    calls: (api) => sent.filter((m) => m.t === 'call' && (!api || m.api === api)),
    last: (api) => sent.filter((m) => m.t === 'call' && m.api === api).at(-1),
    ok(msg, result = {}) {
      onReply({ t: 'reply', id: msg.id, ok: true, result: { errMsg: `${msg.api}:ok`, ...result } });
    },
    fail(msg, errMsg) {
      onReply({ t: 'reply', id: msg.id, ok: false, errMsg });
    },
  };
}

export const tick = () => new Promise((r) => setTimeout(r, 0));

/** The compiler's list of APIs the runtime does not implement (compiler/check/unsupported_apis.txt). */
export const UNSUPPORTED_APIS = readFileSync(new URL('../../../src/openmini/compiler/check/unsupported_apis.txt', import.meta.url), 'utf8')
  .split('\n').filter((line) => line && !line.startsWith('#'));

/**
 * `wx` as the worker makes it at `init` for a package whose code names `names` (manifest
 * `capabilities.apis` and `unsupportedApis`): their chunks loaded, the unsupported ones failing.
 * @param {string[]} names @param {object} [msg] more of the init message @param {object} [context] the chunks' context
 */
export async function wxUsing(names, msg = {}, context = {}) {
  const wx = createWx();
  const manifest = { capabilities: { apis: names.map((name) => ({ name })) }, unsupportedApis: names.filter((n) => UNSUPPORTED_APIS.includes(n)) };
  await preloadChunks(wx, { ...msg, manifest }, context);
  addUnsupported(wx, manifest.unsupportedApis);
  return wx;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Build a mini program of `sources` (path → text) with the Python compiler (`openmini build`);
 * returns the output folder (manifest.json, files/…).
 * @param {Record<string, string>} sources
 */
export function buildPackage(sources) {
  const dir = mkdtempSync(join(tmpdir(), 'om-package-'));
  const src = join(dir, 'src');
  for (const [name, text] of Object.entries(sources)) {
    mkdirSync(dirname(join(src, name)), { recursive: true });
    writeFileSync(join(src, name), text);
  }
  execFileSync(join(ROOT, '.venv/bin/openmini'), ['build', src, '-o', join(dir, 'out')], { stdio: 'pipe' });
  return join(dir, 'out');
}
