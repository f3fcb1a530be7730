// The worker's heartbeat (DESIGN.md invariant 8): ping every second; no pong for 5 s means the
// mini program is stuck (an endless loop blocks only its worker), and the host offers to close it.

import { PING_MS, UNRESPONSIVE_MS } from '../protocol.js';

export class Heartbeat {
  /**
   * @param {(n: number) => void} ping  send `{t: "ping", n}`
   * @param {(stuck: boolean) => void} onChange  stuck → show the banner; false → hide it
   * @param {() => number} [now]
   */
  constructor(ping, onChange, now = Date.now) {
    this.ping = ping;
    this.onChange = onChange;
    this.now = now;
    this.n = 0;
    this.last = now();
    this.stuck = false;
    /** @type {any} */
    this.timer = 0;
  }

  start() {
    this.last = this.now();
    this.timer = setInterval(() => this.tick(), PING_MS);
  }

  stop() {
    clearInterval(this.timer);
  }

  /** One interval: send a ping and check how long ago the last pong came. */
  tick() {
    this.ping(++this.n);
    if (!this.stuck && this.now() - this.last >= UNRESPONSIVE_MS) {
      this.stuck = true;
      this.onChange(true);
    }
  }

  pong() {
    this.last = this.now();
    if (this.stuck) {
      this.stuck = false;
      this.onChange(false);
    }
  }

  /** The user chose "Wait": give the worker another full period before asking again. */
  wait() {
    this.last = this.now();
    this.stuck = false;
  }
}
