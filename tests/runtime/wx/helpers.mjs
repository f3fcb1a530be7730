// A fake control port: records what logic posts, and lets a test answer calls as the host would.
import { connect, resetCalls, onReply } from '../../../src/openmini/runtime/logic/wx/call.js';

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
