// wx.createMapContext: a chunk loaded on first use (deferred.js). <map> is a placeholder without
// a map provider (view/widgets/map.js): each method is a widget call answered from, or applied
// to, what the placeholder shows (centre, scale, markers); what needs real map tiles fails there.

import { invoke, noop, safeListener, strip } from './call.js';
import { widgetCall } from './media.js';

const METHODS = 'getCenterLocation moveToLocation translateMarker moveAlong includePoints getRegion getRotate getSkew getScale setCenterOffset setLocMarkerIcon addMarkers removeMarkers initMarkerCluster addCustomLayer removeCustomLayer addGroundOverlay updateGroundOverlay removeGroundOverlay addVisualLayer removeVisualLayer executeVisualLayerCommand addArc removeArc setBoundary toScreenLocation fromScreenLocation openMapApp';

/** @param {string} mapId @param {unknown} comp */
function createMapContext(mapId, comp) {
  /** @type {Record<string, Function>} */
  const ctx = {
    // marker cluster events: the placeholder has no clusters to report
    on: noop,
  };
  for (const name of METHODS.split(' ')) {
    ctx[name] = (/** @type {unknown} */ o) => invoke(name, o, async (o) => {
      const r = await widgetCall(comp, mapId, name, strip(o));
      if (name === 'translateMarker' && typeof o.animationEnd === 'function') safeListener(o.animationEnd, undefined, 'MapContext.translateMarker animationEnd');
      return r;
    });
  }
  return ctx;
}

export const apis = { createMapContext };
