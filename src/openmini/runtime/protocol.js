// Message and operation codes shared by host, logic, render and view (docs/runtime-protocol.md).

/** DOM operation codes (first element of each op array). */
export const OP = Object.freeze({
  CREATE: 0,
  TEXT: 1,
  INSERT: 2,
  REMOVE: 3,
  PROP: 4,
  SET_TEXT: 5,
  CLASS: 6,
  STYLE: 7,
  LISTEN: 8,
  DATASET: 9,
  ID: 10,
});

/** CREATE flags. */
export const CREATE_FLAG = Object.freeze({ COMPONENT_HOST: 1 });

/** The id of a page's root node. */
export const ROOT_ID = 0;

/** Prefix of every element name in a page frame's DOM. */
export const TAG_PREFIX = "wx-";

/** Largest setData payload, as WeChat documents it. */
export const SET_DATA_LIMIT = 1024 * 1024;

/** Heartbeat: interval and how long without an answer means "not responding". */
export const PING_MS = 1000;
export const UNRESPONSIVE_MS = 5000;

/** Page stack depth. */
export const MAX_PAGES = 10;
