// The battery for wx.getBatteryInfo(Sync): read once before `init` (the Sync form answers in the
// worker at once), then every change is sent to logic. Loaded only when the code names them.

/** @typedef {{ level: number, charging: boolean, addEventListener(type: string, fn: () => void): void, removeEventListener(type: string, fn: () => void): void }} BatteryManager */

const EVENTS = ['levelchange', 'chargingchange'];

/**
 * The state as WeChat gives it, or null without the Battery Status API (Firefox, Safari).
 * `onChange` gets each later state; `close()` stops that.
 * @param {any} nav  navigator (TypeScript's Navigator has no getBattery) @param {(state: any) => void} onChange
 */
export async function watchBattery(nav, onChange) {
  /** @type {BatteryManager | null} */
  const b = nav.getBattery ? await nav.getBattery().catch(() => null) : null;
  if (!b) return { state: null, close() {} };
  const state = () => ({ level: Math.round(b.level * 100), isCharging: b.charging });
  const changed = () => onChange(state());
  for (const type of EVENTS) b.addEventListener(type, changed);
  return {
    state: state(),
    close() {
      for (const type of EVENTS) b.removeEventListener(type, changed);
    },
  };
}
