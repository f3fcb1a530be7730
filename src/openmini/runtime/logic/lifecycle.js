/**
 * Lifetimes the view drives, in the order WeChat documents them:
 * created (in createComponent) → attached (parent before child) → ready →
 * moved (wx:for reorder) → detached (child before parent), plus
 * pageLifetimes (show/hide/resize/routeDone) fanned out to every component
 * attached in a page. Each callback is exception-isolated (hooks.safeCall).
 */

import { safeCall } from './hooks.js';
import { linkRelations, unlinkRelations, relinkRelations } from './relations.js';

/** @typedef {import('./component.js').ComponentInstance} ComponentInstance */

/** Instance state bits. */
export const CREATED = 1;
export const ATTACHED = 2;
export const READY = 4;
export const DETACHED = 8;

/**
 * @param {ComponentInstance} comp @param {string} name @param {unknown[]} args
 */
export function callLifetime(comp, name, args) {
  const fns = comp.__om.def.lifetimes[name];
  for (let i = 0; i < fns.length; i++) safeCall(fns[i], comp, args, `lifetimes.${name}`, comp);
}

/**
 * View hook: the component was inserted under `parent` (the nearest component
 * above it in the composed tree, or null for a page root). Call parent first.
 * @param {ComponentInstance} comp @param {ComponentInstance | null} [parent]
 */
export function attachComponent(comp, parent = null) {
  const om = comp.__om;
  if (om.state & ATTACHED) return;
  om.parent = parent;
  if (parent) {
    parent.__om.children.push(comp);
    om.page = parent.__om.page;
  } else if (om.def.kind === 'page' || om.pageMembers) {
    om.page = comp;
  }
  if (om.page && om.page !== comp) /** @type {Set<ComponentInstance>} */ (om.page.__om.pageMembers).add(comp);
  om.state = (om.state | ATTACHED) & ~DETACHED;
  callLifetime(comp, 'attached', []);
  linkRelations(comp);
}

/** View hook: first render of the component finished. @param {ComponentInstance} comp */
export function readyComponent(comp) {
  const om = comp.__om;
  if (om.state & READY) return;
  om.state |= READY;
  callLifetime(comp, 'ready', []);
}

/** View hook: a wx:for item carrying the component moved. @param {ComponentInstance} comp */
export function moveComponent(comp) {
  callLifetime(comp, 'moved', []);
  relinkRelations(comp);
}

/**
 * View hook: the component left the tree. Its attached descendants are
 * detached first (child before parent), then `detached`, then relation
 * `unlinked` callbacks.
 * @param {ComponentInstance} comp
 */
export function detachComponent(comp) {
  const om = comp.__om;
  if (!(om.state & ATTACHED)) return;
  const children = om.children.slice();
  for (let i = children.length - 1; i >= 0; i--) detachComponent(children[i]);
  callLifetime(comp, 'detached', []);
  unlinkRelations(comp);
  const parent = om.parent;
  if (parent) {
    const siblings = parent.__om.children;
    const at = siblings.indexOf(comp);
    if (at >= 0) siblings.splice(at, 1);
  }
  if (om.page && om.page !== comp && om.page.__om.pageMembers) om.page.__om.pageMembers.delete(comp);
  if (om.owner) {
    const owned = om.owner.__om.owned;
    const at = owned.indexOf(comp);
    if (at >= 0) owned.splice(at, 1);
  }
  om.parent = null;
  om.state = (om.state & ~ATTACHED) | DETACHED;
  om.patch = null;
}

/**
 * Run `pageLifetimes[name]` on the page's own component and every component
 * attached in it.
 * @param {ComponentInstance} page @param {string} name @param {unknown[]} args
 */
export function firePageLifetime(page, name, args) {
  const run = (/** @type {ComponentInstance} */ c) => {
    const fns = c.__om.def.pageLifetimes[name];
    for (let i = 0; i < fns.length; i++) safeCall(fns[i], c, args, `pageLifetimes.${name}`, c);
  };
  run(page);
  const members = page.__om.pageMembers;
  if (members) for (const c of Array.from(members)) run(c);
}

