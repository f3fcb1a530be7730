// wx.addPhoneContact, wx.addPhoneCalendar, wx.addPhoneRepeatCalendar and wx.sendSms. A page cannot
// reach the phone's address book or calendar: the contact becomes a vCard 3.0 file and the event
// an iCalendar file, downloaded for the user to open with their contacts or calendar app; an SMS
// opens the `sms:` link, as makePhoneCall opens `tel:`. The builders are pure (tested in node).

import { fail } from './args.js';

/**
 * @typedef {{ dialogs: import('./dialogs.js').Dialogs, consent(scope: string, api: string): Promise<void>,
 *   download(blob: Blob, name: string): void }} ContactContext
 */

/** vCard/iCalendar text value: backslash, comma, semicolon and newlines escaped. @param {unknown} v */
const esc = (v) => String(v ?? '').replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');

/** @param {Record<string, any>} a @param {string} prefix  "", "work" or "home" (WeChat's field names) */
function address(a, prefix) {
  const f = (/** @type {string} */ k) => a[prefix ? `${prefix}Address${k}` : `address${k}`];
  const parts = ['Street', 'City', 'State', 'PostalCode', 'Country'].map((k) => esc(f(k)));
  return parts.some(Boolean) ? `;;${parts.join(';')}` : '';
}

/**
 * A vCard 3.0 of wx.addPhoneContact's fields (photoFilePath is not embedded).
 * @param {Record<string, any>} a @returns {string}
 */
export function vcard(a) {
  const lines = ['BEGIN:VCARD', 'VERSION:3.0', `N:${[a.lastName, a.firstName, a.middleName].map(esc).join(';')};;`,
    `FN:${esc([a.lastName, a.middleName, a.firstName].filter(Boolean).join(''))}`];
  /** @param {string} name @param {unknown} v */
  const add = (name, v) => v != null && v !== '' && lines.push(`${name}:${esc(v)}`);
  add('NICKNAME', a.nickName);
  add('ORG', a.organization);
  add('TITLE', a.title);
  add('TEL;TYPE=CELL', a.mobilePhoneNumber);
  add('TEL;TYPE=WORK,VOICE', a.workPhoneNumber);
  add('TEL;TYPE=WORK,FAX', a.workFaxNumber);
  add('TEL;TYPE=HOME,VOICE', a.homePhoneNumber);
  add('TEL;TYPE=HOME,FAX', a.homeFaxNumber);
  add('TEL;TYPE=MAIN', a.hostNumber);
  add('EMAIL;TYPE=INTERNET', a.email);
  add('URL', a.url);
  add('X-WECHAT', a.weChatNumber);
  for (const [prefix, type] of [['', 'OTHER'], ['work', 'WORK'], ['home', 'HOME']]) {
    const adr = address(a, prefix);
    if (adr) lines.push(`ADR;TYPE=${type}:${adr}`);
  }
  add('NOTE', a.remark);
  lines.push('END:VCARD');
  return lines.join('\r\n') + '\r\n';
}

/** UTC date-time of a unix time in seconds (iCalendar's "20240131T080000Z"). @param {number} s */
const utc = (s) => new Date(s * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
/** Local date of a unix time in seconds ("20240131"), for all-day events. @param {number} s */
function day(s) {
  const d = new Date(s * 1000);
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

const FREQ = /** @type {Record<string, string>} */ ({ day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY', year: 'YEARLY' });

/**
 * An iCalendar event of wx.addPhoneCalendar's fields (and addPhoneRepeatCalendar's
 * repeatInterval / repeatEndTime when `repeat`). Times are unix seconds, as WeChat takes them.
 * @param {Record<string, any>} a @param {boolean} repeat @param {number} now unix seconds (DTSTAMP, UID)
 */
export function icalendar(a, repeat, now) {
  const start = Number(a.startTime);
  const end = a.endTime != null ? Number(a.endTime) : start;
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//openmini//addPhoneCalendar//EN', 'BEGIN:VEVENT',
    `UID:${now}-${Math.random().toString(36).slice(2)}@openmini`, `DTSTAMP:${utc(now)}`];
  if (a.allDay) lines.push(`DTSTART;VALUE=DATE:${day(start)}`, `DTEND;VALUE=DATE:${day(Math.max(end, start) + 86400)}`);
  else lines.push(`DTSTART:${utc(start)}`, `DTEND:${utc(Math.max(end, start))}`);
  lines.push(`SUMMARY:${esc(a.title)}`);
  if (a.description) lines.push(`DESCRIPTION:${esc(a.description)}`);
  if (a.location) lines.push(`LOCATION:${esc(a.location)}`);
  if (repeat) lines.push(`RRULE:FREQ=${FREQ[a.repeatInterval] || 'MONTHLY'}${a.repeatEndTime ? `;UNTIL=${utc(Number(a.repeatEndTime))}` : ''}`);
  if (a.alarm !== false) lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${esc(a.title)}`, `TRIGGER:-PT${Math.max(0, Number(a.alarmOffset) || 0)}S`, 'END:VALARM');
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}

/** @param {ContactContext} ctx @returns {Record<string, import('./broker.js').Handler>} */
export function contactApis(ctx) {
  /** @param {string} api @param {boolean} repeat */
  const calendar = (api, repeat) => async (/** @type {Record<string, any>} */ args) => {
    if (typeof args.title !== 'string' || !args.title) fail(api, 'parameter error: parameter.title should be String;');
    if (!Number.isFinite(Number(args.startTime))) fail(api, 'parameter error: parameter.startTime should be Number;');
    await ctx.consent('scope.addPhoneCalendar', api);
    ctx.download(new Blob([icalendar(args, repeat, Math.floor(Date.now() / 1000))], { type: 'text/calendar' }), 'event.ics');
  };
  return {
    async addPhoneContact(args) {
      if (typeof args.firstName !== 'string' || !args.firstName) fail('addPhoneContact', 'parameter error: parameter.firstName should be String;');
      const name = [args.lastName, args.firstName].filter(Boolean).join('');
      if (!(await ctx.dialogs.ask('添加到手机通讯录', `${name}\n（下载联系人文件，用通讯录打开）`, '保存', '取消'))) fail('addPhoneContact', 'cancel');
      ctx.download(new Blob([vcard(args)], { type: 'text/vcard' }), `${name.replace(/[\\/:*?"<>|]/g, '') || 'contact'}.vcf`);
    },
    addPhoneCalendar: calendar('addPhoneCalendar', false),
    addPhoneRepeatCalendar: calendar('addPhoneRepeatCalendar', true),
    async sendSms(args) {
      const number = String(args.phoneNumber ?? '');
      if (!(await ctx.dialogs.ask('发送短信', `${number}\n${args.content ?? ''}`, '发送', '取消'))) fail('sendSms', 'cancel');
      const a = document.createElement('a');
      a.href = `sms:${encodeURIComponent(number)}${args.content ? `?body=${encodeURIComponent(String(args.content))}` : ''}`;
      a.click();
    },
  };
}
