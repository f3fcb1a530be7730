// Mini-program-level APIs the host performs (lazy, with the other device APIs): the window's
// background and home button, leaving, restarting, and opening another mini program or going
// back to the one that opened this (only where the embedder can run several: the shell).

import { fail } from './args.js';

/**
 * @typedef {{
 *   top(): { config: Record<string, any>, nav: import('./chrome.js').NavState } | null, render(): void,
 *   close(result?: { extraData?: any }): void, launchScene: number,
 *   options: Pick<import('./index.js').LaunchOptions, 'openMiniProgram' | 'onRestart' | 'envVersion'>,
 *   dialogs: import('./dialogs.js').Dialogs,
 * }} MiniProgramContext  render: draw the top page's bar and pull-down area again
 */

/** @param {MiniProgramContext} ctx @returns {Record<string, import('./broker.js').Handler>} */
export function miniProgramApis(ctx) {
  const { options } = ctx;
  /** Change the top page's state, then draw it. @param {(p: NonNullable<ReturnType<MiniProgramContext['top']>>) => void} fn */
  const onTop = (fn) => {
    const t = ctx.top();
    if (t) fn(t);
    ctx.render();
  };
  return {
    showHomeButton: () => onTop((p) => (p.nav.homeHidden = false)),
    // the window behind the page: what the pull-down area shows
    setBackgroundColor: (args) => onTop((p) => {
      const color = args.backgroundColorTop || args.backgroundColor;
      if (typeof color === 'string') p.config.backgroundColor = color;
    }),
    setBackgroundTextStyle(args) {
      if (args.textStyle !== 'dark' && args.textStyle !== 'light') fail('setBackgroundTextStyle', 'invalid textStyle');
      onTop((p) => (p.config.backgroundTextStyle = args.textStyle));
    },
    // after the reply has gone out: closing ends the worker
    exitMiniProgram: () => void setTimeout(() => ctx.close()),
    navigateBackMiniProgram(args) {
      if (ctx.launchScene !== 1037) fail('navigateBackMiniProgram', 'not opened by another mini program');
      setTimeout(() => ctx.close({ extraData: args.extraData ?? {} }));
    },
    async navigateToMiniProgram(args) {
      const api = 'navigateToMiniProgram';
      const open = options.openMiniProgram;
      if (!open) fail(api, `appId "${args.appId}" is not on this platform (the simulator runs one mini program)`);
      // WeChat: a release opens releases only; develop and trial versions may choose
      const envVersion = options.envVersion === 'release' ? 'release' : args.envVersion || 'release';
      const confirm = (/** @type {string} */ name) => ctx.dialogs.ask(`即将打开“${name}”小程序`, '', '允许', '取消');
      await open({ appId: String(args.appId), path: args.path || '', extraData: args.extraData ?? {}, envVersion }, confirm).catch((e) => fail(api, e.message));
    },
    restartMiniProgram(args) {
      const restart = options.onRestart;
      if (!restart) fail('restartMiniProgram', 'not supported here');
      setTimeout(() => restart(String(args.path).replace(/^\//, '')));
    },
  };
}
