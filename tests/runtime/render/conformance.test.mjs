// The whole public conformance suite through the compiler and the render layer (needs .venv).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('conformance suite passes in node', { skip: !existsSync(root + '.venv/bin/python') }, () => {
  let out;
  try {
    out = execFileSync('node', ['scripts/conformance_node.mjs', 'tests/conformance/cases.jsonl'], { cwd: root, encoding: 'utf8' });
  } catch (error) {
    out = error.stdout;
  }
  assert.match(out, /conformance: 180\/180 passed/, out);
});
