/**
 * Hook points the rest of the runtime plugs into (Preact's `options.js` idea).
 *
 * The logic layer never talks to a view or a host directly. The view adapter
 * (and later the message protocol) fills these in; tests replace them to observe
 * what would be sent. Every hook is optional: with nothing installed the model
 * still runs, renders are acknowledged at once and events go nowhere.
 */

/**
 * @typedef {import('./component.js').ComponentInstance} ComponentInstance
 * @typedef {{path: (string|number)[], value: unknown}} DataChange
 */

export const hooks = {
  /**
   * A component has changed data to send. Call `done()` once the view has
   * applied (rendered) it: pending `setData` callbacks run then.
   * @type {null | ((comp: ComponentInstance, changes: DataChange[], done: () => void) => void)}
   */
  render: null,

  /**
   * `triggerEvent` produced an event record; the view dispatches it through its tree.
   * @type {null | ((comp: ComponentInstance, event: import('./events.js').EventRecord) => void)}
   */
  event: null,

  /**
   * Resolve `selectComponent` / `selectAllComponents` against the view tree.
   * Return component instances in tree order. Without it a logic-side fallback
   * matches `#id` among components the caller's template created.
   * @type {null | ((comp: ComponentInstance, selector: string) => ComponentInstance[])}
   */
  select: null,

  /**
   * The page-level services an instance reaches through its page (`comp.__om.page`, or the
   * page itself): `this.getOpenerEventChannel()` (wx/navigation.js), `this.getTabBar()` (the
   * custom tab bar instance for tab pages, render), `this.createSelectorQuery()` and
   * `this.createIntersectionObserver(options)` (render). Unset: undefined / an error.
   * @type {null | ((page: ComponentInstance) => unknown)}
   */
  opener: null,
  /** @type {null | ((page: ComponentInstance) => ComponentInstance | null)} */
  tabBar: null,
  /**
   * `this.router` / `this.pageRouter`: the Router whose relative URLs start at the file `from`
   * (the component's path, or its page's route) (wx/navigation.js).
   * @type {null | ((from: string) => Record<string, Function>)}
   */
  router: null,
  /** @type {null | ((comp: ComponentInstance) => unknown)} */
  selectorQuery: null,
  /** @type {null | ((comp: ComponentInstance, options: Record<string, unknown>) => unknown)} */
  intersectionObserver: null,
  /**
   * `this.animate(selector, keyframes, duration, callbackOrScrollOptions)` and
   * `this.clearAnimation(selector, options?, callback?)`: the view plays them (render/animate.js).
   * @type {null | ((comp: ComponentInstance, selector: string, keyframes: unknown, duration: unknown, last: unknown) => void)}
   */
  animate: null,
  /** @type {null | ((comp: ComponentInstance, selector: string, options: unknown, callback: unknown) => void)} */
  clearAnimation: null,

  /**
   * Sort linked components into tree order for `getRelationNodes` (render); without it they
   * stay in link order.
   * @type {null | ((comps: ComponentInstance[]) => ComponentInstance[])}
   */
  order: null,
  /**
   * Custom routes (wx/worklet.js, route.js): `navigateTo({routeType, routeOptions})` asks
   * `customRoute` for the route (null: no such builder, an ordinary navigation), whose `host`
   * part goes to the host and whose `opened(page)` runs once the page is loaded; `leaveRoute`
   * hears every `page.unload` (`pop`: the host keeps the frame for the reverse animation).
   * @type {null | ((routeType: string, routeOptions: unknown) => null | {host: object, ctx: object, opened(page: object): void})}
   */
  customRoute: null,
  /** @type {null | ((id: number, pop: boolean) => void)} */
  leaveRoute: null,
  /** A URL the page frame can load for a `wxfile://` path (wx/fs.js); unset: the path as is. @type {null | ((path: string) => string)} */
  fileUrl: null,

  /** @type {(message: string, comp?: ComponentInstance | null) => void} */
  warn(message, comp) {
    console.warn(`[openmini] ${comp ? `<${comp.is}> ` : ''}${message}`);
  },

  /**
   * An exception escaped developer code. `where` names the callback
   * ("lifetimes.attached", "observer v", "method onTap"...).
   * @type {(error: unknown, where: string, comp?: ComponentInstance | null) => void}
   */
  error(error, where, comp) {
    console.error(`[openmini] ${comp ? `<${comp.is}> ` : ''}${where}:`, error);
  },

  /**
   * A promise returned by developer code the runtime called (an `async onLoad`, an async
   * handler) was rejected: nobody else holds it, so it is an unhandled rejection.
   * @type {(reason: unknown, where: string, comp?: ComponentInstance | null) => void}
   */
  rejection(reason, where, comp) {
    hooks.error(reason, `${where} (rejected promise)`, comp);
  },
};

/**
 * Call developer code with the exception isolated: a throwing lifetime or
 * observer must not break the framework. Errors go to the component's `error`
 * lifetime when it has one (WeChat's `lifetimes.error`), otherwise to `hooks.error`.
 * @param {Function} fn
 * @param {any} self
 * @param {unknown[]} args
 * @param {string} where
 * @param {ComponentInstance | null} [comp]
 */
export function safeCall(fn, self, args, where, comp) {
  try {
    const result = fn.apply(self, args);
    if (result instanceof Promise) result.then(undefined, (reason) => hooks.rejection(reason, where, comp));
    return result;
  } catch (error) {
    const handlers = comp && comp.__om && comp.__om.def.lifetimes.error;
    if (handlers && handlers.length && where !== 'lifetimes.error') {
      for (let i = 0; i < handlers.length; i++) safeCall(handlers[i], comp, [error], 'lifetimes.error', comp);
    } else {
      hooks.error(error, where, comp);
    }
    return undefined;
  }
}
