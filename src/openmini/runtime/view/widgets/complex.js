// Registers the complex built-in widgets (docs/runtime-widgets.md); view/index.js imports this
// module once. Each import calls defineWidget for its tags.
import "./scroll-view.js";
import "./swiper.js";
import "./picker-view.js";
import "./picker.js";
import "./movable.js";
import "./video.js";
import "./canvas.js";
import "./map.js";
import "./web-view.js";
import "./cover.js";
import "./rich-text.js";
import "./progress.js";
import "./open-data.js";

export { setWebViewDomains } from "./web-view.js";
