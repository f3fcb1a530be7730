import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhone } from '../../../src/openmini/runtime/host/identity.js';

test('phone numbers typed in the prompt: country code, digits; Chinese when no "+"', () => {
  assert.deepEqual(parsePhone('+86 138 0013 8000'), { countryCode: '86', number: '13800138000' });
  assert.deepEqual(parsePhone(' 13800138000 '), { countryCode: '86', number: '13800138000' });
  assert.deepEqual(parsePhone('+1-202-555-0123'), { countryCode: '1', number: '2025550123' });
  assert.equal(parsePhone('call me'), null);
  assert.equal(parsePhone('+'), null);
});
