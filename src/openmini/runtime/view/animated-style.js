// Skyline's animated styles (`this.applyAnimatedStyle`, logic/wx/worklet.js): each binding's
// latest style sits on its nodes as a zero-length Web Animation filling forwards, so it wins over
// the node's inline style without touching it (logic's STYLE ops replace the inline style) and
// goes away cleanly with `clearAnimatedStyle`. Loaded on the first `animatedStyle` message.

import { getNode } from "./apply.js";

/** Per element, the animation of each binding (by styleId). @type {WeakMap<Element, Map<number, Animation>>} */
const bound = new WeakMap();

/**
 * `animatedStyle {nodes, key, style}`: set binding `key`'s style on the nodes (`null`: remove it).
 * @param {{nodes: number[], key: number, style: Record<string, string> | null}} m
 */
export function applyAnimatedStyle(m) {
  for (const id of m.nodes) {
    const el = getNode(id);
    if (!(el instanceof Element)) continue;
    let map = bound.get(el);
    if (!map) bound.set(el, (map = new Map()));
    const playing = map.get(m.key);
    if (!m.style) {
      playing?.cancel();
      map.delete(m.key);
    } else if (playing && playing.effect instanceof KeyframeEffect) {
      playing.effect.setKeyframes([m.style, m.style]);
    } else {
      const animation = el.animate([m.style, m.style], { duration: 0, fill: "forwards" });
      animation.persist(); // another binding's style on the same properties must not remove this one
      map.set(m.key, animation);
    }
  }
}
