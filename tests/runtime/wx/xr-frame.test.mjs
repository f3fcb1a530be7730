// wx.getXrFrameSystem(): registration works and is kept, nothing needing a renderer pretends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registered } from '../../../src/openmini/runtime/logic/wx/xr-frame.js';
import { wxUsing } from './helpers.mjs';

const wx = await wxUsing(['getXrFrameSystem']);

test('module code of XR-FRAME mini programs runs: classes extend, register* keeps definitions', () => {
  const warn = console.warn;
  const warned = [];
  console.warn = (m) => warned.push(m);
  try {
    const xr = wx.getXrFrameSystem();
    assert.equal(wx.getXrFrameSystem(), xr);
    assert.equal(wx.canIUse('getXrFrameSystem'), true);
    class AutoRotate extends xr.Component {
      schema = { speed: { type: 'number' } };
      onTick() {
        return 'ticked';
      }
    }
    xr.registerComponent('auto-rotate', AutoRotate);
    const factory = (scene) => scene.createEffect({ cullFace: xr.ECullMode.BACK });
    xr.registerEffect('toon-user', factory);
    xr.registerElement('shining-star', class extends xr.Element {});
    xr.registerGeometry('star', () => null);
    assert.equal(registered.get('Component').get('auto-rotate'), AutoRotate);
    assert.equal(registered.get('Effect').get('toon-user'), factory);
    assert.deepEqual([...registered.keys()], ['Component', 'Effect', 'Element', 'Geometry']);
    assert.throws(() => xr.registerEffect(undefined, factory), { message: 'registerEffect:fail parameter error: name should be String' });
    assert.deepEqual(Object.assign({ a: 1 }, xr.NodeDefaultComponents), { a: 1 });
    assert.equal(xr.ECullMode.BACK, 'BACK');

    // An instance made here works as far as its own class goes; what XR-FRAME gives fails.
    const rotate = new AutoRotate();
    assert.equal(rotate.onTick(), 'ticked');
    assert.equal(rotate.schema.speed.type, 'number');
    assert.throws(() => rotate.el, { message: 'xr-frame: Component.el needs the XR renderer, which openmini does not have' });
    const v = xr.Vector3.createFromNumber(0, 0, 0);
    assert.ok(v instanceof xr.Vector3);
    assert.throws(() => v.x, { message: /^xr-frame: Vector3.x needs the XR renderer/ });
    assert.throws(() => xr.Vector3.ZERO, { message: /^xr-frame: Vector3.ZERO needs the XR renderer/ });
    assert.throws(() => xr.noneParamsEaseFuncs, { message: /^xr-frame: xrFrameSystem.noneParamsEaseFuncs needs the XR renderer/ });
    assert.equal(warned.length, 1);
    assert.match(warned[0], /no XR renderer/);
  } finally {
    console.warn = warn;
  }
});
