import { test } from "node:test";
import assert from "node:assert/strict";
import { refuse } from "../../../src/openmini/runtime/view/widgets/web-view.js";

test("web-view: https on a listed business domain only, never the platform", () => {
  const list = ["example.com", "*.cdn.test"];
  assert.equal(refuse("https://example.com/a?b", list), "");
  assert.equal(refuse("https://x.cdn.test/", list), "");
  assert.match(refuse("https://cdn.test.evil.com/", list), /not in the business domain list/);
  assert.match(refuse("https://evilexample.com/", list), /not in the business domain list/);
  assert.match(refuse("http://example.com/", list), /https/);
  assert.match(refuse("javascript:alert(1)", list), /https/);
  assert.match(refuse("https://u:p@example.com/", list), /credentials/);
  assert.match(refuse("not a url", list), /invalid/);
  assert.match(refuse("https://example.com/", null), /not in the business domain list/);
  assert.match(refuse("https://example.com/", list, ["https://example.com"]), /platform/);
});
