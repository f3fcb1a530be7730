/**
 * `relations` bookkeeping. Both components must declare each other
 * (parent ↔ child, ancestor ↔ descendant); a relation key is a component
 * path relative to the declaring module, or any component carrying the
 * relation's `target` behavior.
 *
 * Links are computed from the lower component when it attaches, moves or
 * detaches (the view drives those: attachComponent/moveComponent/
 * detachComponent). Callbacks run upper side first, then lower side:
 *   attach → linked (or the lower side's linkFailed),
 *   move   → linkChanged when the same upper component is found again,
 *            otherwise unlinked + linked,
 *   detach → unlinked (after the node's `detached`).
 * `getRelationNodes` lists links in tree order when the view installed `hooks.order`.
 */

import { safeCall, hooks } from './hooks.js';

/** @typedef {import('./component.js').ComponentInstance} ComponentInstance */
/** @typedef {import('./behavior.js').RelationSpec} RelationSpec */

const UPWARD = { parent: 'child', ancestor: 'descendant' };

/** @param {ComponentInstance} node @param {RelationSpec} rel */
function matches(node, rel) {
  return rel.target ? node.__om.def.behaviors.has(rel.target) : node.is === rel.path;
}

/**
 * Find the upper end of the lower-side relation `rel` of `comp`.
 * @param {ComponentInstance} comp @param {RelationSpec} rel
 * @returns {[ComponentInstance, RelationSpec] | null}
 */
function findUpper(comp, rel) {
  const wanted = /** @type {any} */ (UPWARD)[rel.type];
  let cur = comp.__om.parent;
  while (cur) {
    if (matches(cur, rel)) {
      const rels = cur.__om.def.relations;
      for (let i = 0; i < rels.length; i++) {
        if (rels[i].type === wanted && matches(comp, rels[i])) return [cur, rels[i]];
      }
    }
    if (rel.type === 'parent') return null;
    cur = cur.__om.parent;
  }
  return null;
}

/** @param {Function | null} fn @param {ComponentInstance} self @param {ComponentInstance} other @param {string} where */
function call(fn, self, other, where) {
  if (fn) safeCall(fn, self, [other], where, self);
}

/** @param {ComponentInstance} upper @param {RelationSpec} upperRel @param {ComponentInstance} lower @param {RelationSpec} lowerRel */
function link(upper, upperRel, lower, lowerRel) {
  lower.__om.uplinks.set(lowerRel, [upper, upperRel]);
  const list = upper.__om.links.get(upperRel);
  if (list) list.push(lower);
  else upper.__om.links.set(upperRel, [lower]);
  call(upperRel.linked, upper, lower, 'relations.linked');
  call(lowerRel.linked, lower, upper, 'relations.linked');
}

/** @param {ComponentInstance} lower @param {RelationSpec} lowerRel @returns {[ComponentInstance, RelationSpec] | null} */
function currentLink(lower, lowerRel) {
  return lower.__om.uplinks.get(lowerRel) || null;
}

/** @param {ComponentInstance} upper @param {RelationSpec} upperRel @param {ComponentInstance} lower @param {RelationSpec} lowerRel */
function unlink(upper, upperRel, lower, lowerRel) {
  lower.__om.uplinks.delete(lowerRel);
  const list = upper.__om.links.get(upperRel);
  if (list) {
    const at = list.indexOf(lower);
    if (at >= 0) list.splice(at, 1);
  }
  call(upperRel.unlinked, upper, lower, 'relations.unlinked');
  call(lowerRel.unlinked, lower, upper, 'relations.unlinked');
}

/** @param {ComponentInstance} comp */
function lowerRelations(comp) {
  const rels = comp.__om.def.relations;
  /** @type {RelationSpec[]} */
  const out = [];
  for (let i = 0; i < rels.length; i++) if (rels[i].type === 'parent' || rels[i].type === 'ancestor') out.push(rels[i]);
  return out;
}

/** After `attached`. @param {ComponentInstance} comp */
export function linkRelations(comp) {
  const rels = lowerRelations(comp);
  for (let i = 0; i < rels.length; i++) {
    const found = findUpper(comp, rels[i]), failed = rels[i].linkFailed;
    if (found) link(found[0], found[1], comp, rels[i]);
    else if (failed) safeCall(failed, comp, [], 'relations.linkFailed', comp);
  }
}

/** After `moved`. @param {ComponentInstance} comp */
export function relinkRelations(comp) {
  const rels = lowerRelations(comp);
  for (let i = 0; i < rels.length; i++) {
    const old = currentLink(comp, rels[i]);
    const found = findUpper(comp, rels[i]);
    if (old && found && old[0] === found[0] && old[1] === found[1]) {
      call(found[1].linkChanged, found[0], comp, 'relations.linkChanged');
      call(rels[i].linkChanged, comp, found[0], 'relations.linkChanged');
      continue;
    }
    if (old) unlink(old[0], old[1], comp, rels[i]);
    if (found) link(found[0], found[1], comp, rels[i]);
  }
}

/** After `detached`. @param {ComponentInstance} comp */
export function unlinkRelations(comp) {
  const rels = lowerRelations(comp);
  for (let i = 0; i < rels.length; i++) {
    const old = currentLink(comp, rels[i]);
    if (old) unlink(old[0], old[1], comp, rels[i]);
  }
}

/**
 * `this.getRelationNodes(key)`: linked components for the relation declared
 * under `key` (in link order).
 * @param {ComponentInstance} comp @param {string} key
 */
export function relationNodes(comp, key) {
  const rels = comp.__om.def.relations;
  for (let i = 0; i < rels.length; i++) {
    if (rels[i].key !== key) continue;
    const up = comp.__om.uplinks.get(rels[i]);
    if (up) return [up[0]];
    const list = (comp.__om.links.get(rels[i]) || []).slice();
    return hooks.order && list.length > 1 ? hooks.order(list) : list;
  }
  return [];
}
