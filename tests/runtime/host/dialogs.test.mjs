import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionSheetOptions, modalOptions, toastOptions } from '../../../src/openmini/runtime/host/dialogs.js';
import { checkArgs } from '../../../src/openmini/runtime/host/args.js';

test('toast defaults and title check', () => {
  assert.deepEqual(toastOptions({ title: 'ok' }, 'showToast'), { title: 'ok', icon: 'success', image: '', duration: 1500, mask: false, loading: false });
  assert.equal(toastOptions({ title: 'x', icon: 'bogus' }, 'showToast').icon, 'success');
  const l = toastOptions({ title: 'wait', mask: true }, 'showLoading');
  assert.equal(l.icon, 'loading');
  assert.equal(l.duration, 0);
  assert.throws(() => toastOptions({}, 'showToast'), { message: 'showToast:fail parameter error: parameter.title should be String instead of Undefined;' });
  assert.throws(() => toastOptions({ title: 'a', duration: '2' }, 'showToast'), { message: /parameter.duration should be Number instead of String/ });
});

test('modal defaults and button text width', () => {
  const m = modalOptions({ content: 'c' });
  assert.equal(m.showCancel, true);
  assert.equal(m.confirmText, '确定');
  assert.equal(m.confirmColor, '#576B95');
  assert.equal(modalOptions({ confirmText: 'Delete' }).confirmText, 'Delete'); // 6 ASCII = 3 Chinese
  assert.throws(() => modalOptions({ cancelText: '一二三四五' }), { message: 'showModal:fail cancelText length should not larger than 4 Chinese characters' });
  assert.throws(() => modalOptions({ confirmText: 'Confirmed' }), { message: /confirmText length/ });
  assert.throws(() => modalOptions({ title: 3 }), { message: 'showModal:fail parameter error: parameter.title should be String instead of Number;' });
});

test('action sheet limits', () => {
  assert.deepEqual(actionSheetOptions({ itemList: ['a', 'b'] }), { itemList: ['a', 'b'], itemColor: '#000000', alertText: '' });
  assert.throws(() => actionSheetOptions({ itemList: ['1', '2', '3', '4', '5', '6', '7'] }), { message: 'showActionSheet:fail parameter error: itemList should not be large than 6' });
  assert.throws(() => actionSheetOptions({}), { message: 'showActionSheet:fail parameter error: parameter.itemList should be Array instead of Undefined;' });
});

test('checkArgs names types as WeChat does', () => {
  assert.equal(checkArgs('x', { a: null }, { a: 'String' }), 'x:fail parameter error: parameter.a should be String instead of Null;');
  assert.equal(checkArgs('x', { a: [] }, { 'a?': 'Object' }), 'x:fail parameter error: parameter.a should be Object instead of Array;');
  assert.equal(checkArgs('x', {}, { 'a?': 'Object' }), '');
});
