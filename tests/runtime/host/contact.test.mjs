import { test } from 'node:test';
import assert from 'node:assert/strict';
import { icalendar, vcard } from '../../../src/openmini/runtime/host/contact.js';
import { recordingType } from '../../../src/openmini/runtime/host/recorder.js';

test('vcard writes a vCard 3.0 of addPhoneContact fields, escaping separators', () => {
  const v = vcard({ firstName: '三', lastName: '张', mobilePhoneNumber: '138', organization: 'A, B; C', workAddressCity: '深圳', workAddressStreet: '路 1', remark: 'two\nlines' });
  const lines = v.split('\r\n');
  assert.deepEqual(lines.slice(0, 4), ['BEGIN:VCARD', 'VERSION:3.0', 'N:张;三;;;', 'FN:张三']);
  assert.ok(lines.includes('TEL;TYPE=CELL:138'));
  assert.ok(lines.includes('ORG:A\\, B\\; C'));
  assert.ok(lines.includes('ADR;TYPE=WORK:;;路 1;深圳;;;'));
  assert.ok(lines.includes('NOTE:two\\nlines'));
  assert.ok(!v.includes('TYPE=HOME'), 'no empty fields');
  assert.ok(v.endsWith('END:VCARD\r\n'));
});

test('icalendar: a timed event with its alarm, an all-day one, a repeating one', () => {
  const start = Date.UTC(2024, 0, 31, 8, 0, 0) / 1000;
  const timed = icalendar({ title: 'Meet', startTime: start, endTime: start + 3600, location: 'Room 1', alarmOffset: 300 }, false, start);
  assert.match(timed, /\r\nDTSTART:20240131T080000Z\r\nDTEND:20240131T090000Z\r\nSUMMARY:Meet\r\nLOCATION:Room 1\r\n/);
  assert.match(timed, /BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Meet\r\nTRIGGER:-PT300S\r\nEND:VALARM/);
  assert.ok(!timed.includes('RRULE'));
  const allDay = icalendar({ title: 'Day', startTime: start, allDay: true, alarm: false }, false, start);
  assert.match(allDay, /DTSTART;VALUE=DATE:\d{8}\r\nDTEND;VALUE=DATE:\d{8}/);
  assert.ok(!allDay.includes('VALARM'));
  const weekly = icalendar({ title: 'Gym', startTime: start, repeatInterval: 'week', repeatEndTime: start + 86400 * 30 }, true, start);
  assert.match(weekly, /RRULE:FREQ=WEEKLY;UNTIL=20240301T080000Z/);
  assert.match(icalendar({ title: 'x', startTime: start }, true, start), /RRULE:FREQ=MONTHLY\r\n/);
});

test('recordingType records aac where the browser can, else its own format, never a false extension', () => {
  const chromium = (/** @type {string} */ t) => t.startsWith('audio/webm');
  const safari = (/** @type {string} */ t) => t === 'audio/mp4';
  assert.deepEqual(recordingType('aac', chromium), ['audio/webm;codecs=opus', 'webm']);
  assert.deepEqual(recordingType(undefined, safari), ['audio/mp4', 'm4a']);
  assert.deepEqual(recordingType('mp3', chromium), ['audio/webm;codecs=opus', 'webm']);
  assert.equal(recordingType('aac', () => false), null);
});
