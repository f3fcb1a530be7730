// The render layer's entry: what the worker entry wires (docs/runtime-render.md).
export { configureRender, openPage, handleViewMessage, closePage, pageOf, pageView, flushAll } from './page.js';
export { createSelectorQuery, SelectorQuery, selectComponents, inTreeOrder, callWidget, mediaUrlOf, offscreenNode } from './query.js';
export { dispatch } from './events.js';
export { createIntersectionObserver, IntersectionObserver } from './observe.js';
export { R } from './values.js';
// for lazily loaded logic chunks (logic/wx/worklet.js), which would otherwise carry copies
export { stateOf } from './component.js';
export { selectBlocks, whenMounted } from './query.js';
export { VIRT, send } from './tree.js';
