import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promptText } from '../../../src/openmini/runtime/host/consent.js';

test("a scope prompt shows app.json's reason and the private-info APIs declared for the scope", () => {
  const app = {
    permission: { 'scope.userLocation': { desc: '查找附近的门店' } },
    requiredPrivateInfos: ['getLocation', 'chooseAddress'],
  };
  assert.equal(promptText(app, 'scope.userLocation', '你的位置信息'), '获取你的位置信息\n你的位置信息将用于查找附近的门店\n声明使用：getLocation');
  assert.equal(promptText({}, 'scope.camera', '你的摄像头'), '获取你的摄像头');
});
