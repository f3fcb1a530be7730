import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deferredObject } from '../../../src/openmini/runtime/logic/wx/deferred.js';
import { md5, sha1 } from '../../../src/openmini/runtime/logic/wx/digest.js';

test('md5 and sha1 match node for lengths around the padding boundaries', () => {
  for (const n of [0, 3, 55, 56, 63, 64, 65, 1000]) {
    const bytes = new Uint8Array(n).map((_, i) => (i * 7) & 0xff);
    assert.equal(md5(bytes), createHash('md5').update(bytes).digest('hex'));
    assert.equal(sha1(bytes), createHash('sha1').update(bytes).digest('hex'));
  }
});

test('deferredObject replays writes and calls made before its chunk loaded, in order', async () => {
  const log = [];
  const real = { set src(v) { log.push(`src=${v}`); }, play() { log.push('play'); }, paused: false };
  let loaded;
  const chunk = new Promise((r) => (loaded = r));
  const o = deferredObject(() => chunk, 'make', [], { paused: true });
  o.title = 't';
  o.onPlay(() => {});
  o.src = 'a.mp3';
  assert.equal(o.paused, true, 'initial values until the chunk is there');
  assert.equal(o.title, 't');
  assert.equal(o.then, undefined, 'never a thenable');
  loaded({ apis: { make: () => Object.assign(real, { onPlay: () => log.push('onPlay') }) } });
  await chunk;
  await Promise.resolve();
  assert.deepEqual(log, ['onPlay', 'src=a.mp3']);
  o.play();
  assert.equal(o.paused, false);
  assert.deepEqual(log.at(-1), 'play');
});
