// Every other WeChat API name exists on `wx` and fails clearly, never with a TypeError
// ("wx.getBatteryInfo is not a function"): async APIs fail "<name>:fail not supported" through
// fail/complete or the Promise, `…Sync` ones throw an Error with that message, `create…` /
// `get…Manager` return an object whose methods fail that way, and `on…`/`off…` register
// listeners that never fire. `wx.canIUse` is false for all of them.
// The names: WeChat's API index (api-typings lib.wx.api.d.ts, interface Wx) and the APIs real
// mini programs call; "~X" stands for the pair onX/offX.

import { Fail, invoke, onOff } from './call.js';

const NAMES = 'addCard addFileToFavorites addPaymentPassFinish addPaymentPassGetCertificateData addVideoToFavorites authPrivateMessage authorizeForMiniProgram bindEmployeeRelation canAddSecureElementPass cancelIdleCallback checkDeviceSupportHevc checkEmployeeRelation checkIsAddedToMyMiniProgram checkIsOpenAccessibility checkIsPictureInPictureActive checkIsSoterEnrolledInDevice checkIsSupportFacialRecognition checkIsSupportSoterAuthentication chooseAddress chooseContact chooseInvoice chooseInvoiceTitle chooseLicensePlate choosePoi closeBLEConnection closeBluetoothAdapter compressVideo connectWifi createBLEConnection createAnimationVideoContext createBLEPeripheralServer createCacheManager createCameraContext createExternalElementContext createGlobalPayment createInferenceSession createLivePlayerContext createLivePusherContext createMediaAudioPlayer createMediaContainer createMediaRecorder createTCPSocket createUDPSocket createVKSession createVideoDecoder createWebAudioContext cropImage disableAlertBeforeUnload editImage enableAlertBeforeUnload enterChatToolMode exitVoIPChat faceDetect getApiCategory getAvailableAudioSources getBLEDeviceCharacteristics getBLEDeviceRSSI getBLEDeviceServices getBLEMTU getBackgroundFetchData getBackgroundFetchToken getBeacons getBluetoothAdapterState getBluetoothDevices getChannelsLiveInfo getChannelsLiveNoticeInfo getChannelsShareKey getChatForwardMaterials getChatToolInfo getCommonConfig getConnectedBluetoothDevices getConnectedWifi getDeviceBenchmarkInfo getDeviceVoIPList getExtConfig getExtConfigSync getGroupEnterInfo getHCEState getInferenceEnvInfo getLocalIPAddress getNFCAdapter getPrivacySetting getScreenBrightness getScreenRecordingState getSecureElementPasses getShareInfo getShowSplashAdStatus getUserCryptoManager getVideoInfo getWeRunData getWifiList initFaceDetect isBluetoothDevicePaired isVKSupport join1v1Chat joinVoIPChat loadBuiltInFontFace makeBluetoothPair notifyBLECharacteristicValueChange notifyGroupMembers ~AfterPageLoad ~AfterPageUnload ~ApiCategoryChange ~AppRoute ~AppRouteDone ~AudioInterruptionBegin ~AudioInterruptionEnd ~BLECharacteristicValueChange ~BLEConnectionStateChange ~BLEMTUChange ~BLEPeripheralConnectionStateChanged onBackgroundFetchData ~BatteryInfoChange ~BeaconServiceChange ~BeaconUpdate ~BeforeAppRoute ~BeforePageLoad ~BeforePageUnload ~BluetoothAdapterStateChange ~BluetoothDeviceFound ~EmbeddedMiniProgramHeightChange ~GeneratePoster ~GetWifiList ~HCEMessage ~KeyDown ~KeyUp ~LazyLoadError ~LocalServiceDiscoveryStop ~LocalServiceFound ~LocalServiceLost ~LocalServiceResolveFail onNeedPrivacyAuthorization ~NetworkWeakChange ~ParallelStateChange ~ScreenRecordingStateChanged ~UserOffTranslation ~UserTriggerTranslation ~VoIPChatInterrupted ~VoIPChatMembersChanged ~VoIPChatSpeakersChanged ~VoIPChatStateChanged ~VoIPVideoMembersChanged ~WifiConnected ~WifiConnectedWithPartialInfo ~WindowStateChange openAppAuthorizeSetting openBluetoothAdapter openCard openChannelsActivity openChannelsEvent openChannelsLive openChannelsLiveNoticeInfo openChannelsUserProfile openChatTool openCustomerServiceChat openEmbeddedMiniProgram openHKOfflinePayView openInquiriesTopic openOfficialAccountArticle openOfficialAccountChat openOfficialAccountProfile openPrivacyContract openSingleStickerView openStickerIPView openStickerSetView openStoreCouponDetail openStoreOrderDetail openSystemBluetoothSetting openVideoEditor pluginLogin postMessageToReferrerMiniProgram postMessageToReferrerPage preDownloadSubpackage preloadAssets preloadSkylineView preloadWebview readBLECharacteristicValue removeSecureElementPass reportPerformance requestCommonPayment requestDeviceVoIP requestFacialVerify requestIdleCallback requestMerchantTransfer requestOrderPayment requestPluginPayment requestSubscribeDeviceMessage requestSubscribeEmployeeMessage requestVirtualPayment requirePrivacyAuthorize reserveChannelsLive resolve rewriteRoute saveFileToDisk selectGroupMembers sendHCEMessage setBLEMTU setBackgroundFetchToken setEnable1v1Chat setEnableDebug setInnerAudioOption setScreenBrightness setTopBarText setVisualEffectOnCapture setWifiList setWindowSize shareAppMessageToGroup shareEmojiToGroup shareFileMessage shareFileToGroup shareImageToGroup shareToOfficialAccount shareToWeRun shareVideoMessage shareVideoToGroup showRedPackage showShareImageMenu startBeaconDiscovery startBluetoothDevicesDiscovery startHCE startLocalServiceDiscovery startSoterAuthentication startWifi stopBeaconDiscovery stopBluetoothDevicesDiscovery stopFaceDetect stopHCE stopLocalServiceDiscovery stopWifi subscribeVoIPVideoMembers updateShareMenu updateVoIPChatMuteConfig updateWeChatApp writeBLECharacteristicValue';

/** Names installed as unsupported (for canIUse). */
export const unsupported = new Set();

/** @param {string} name */
const failing = (name) => (/** @type {unknown} */ o) => invoke(name, o, () => {
  throw new Fail('not supported');
});

/** @param {string} name */
function thrower(name) {
  return () => {
    const err = new Error(`${name}:fail not supported`);
    /** @type {any} */ (err).errMsg = err.message;
    throw err;
  };
}

const noop = () => {};

/**
 * A method of an unsupported object. Some take a bare callback rather than an options object
 * (`VKSession.start(callback)`): it gets the failure, instead of a "parameter error" rejection
 * that nothing catches.
 * @param {string} name
 */
const failingMethod = (name) => (/** @type {unknown} */ o) => {
  if (typeof o !== 'function') return failing(name)(o);
  o({ errMsg: `${name}:fail not supported` });
  return undefined;
};

/**
 * An object (a context, manager or task) whose methods fail: `on…`/`off…` (and `on(name, fn)` /
 * `off(name, fn)` of event-emitter objects such as VKSession) accept listeners, other methods
 * fail like an async API; plain properties can be set and read back. `onCameraFrame` gives
 * WeChat's CameraFrameListener, whose `start`/`stop` fail in turn.
 */
function failingObject() {
  /** @type {Record<string | symbol, unknown>} */
  const own = {};
  return new Proxy(own, {
    get(target, key) {
      if (key in target || typeof key !== 'string' || key === 'then' || key === 'toJSON') return target[key];
      if (key === 'onCameraFrame') return failingObject;
      return /^(on|off)([A-Z]|$)/.test(key) ? noop : failingMethod(key);
    },
  });
}

/** Add the APIs `wx` does not have yet. @param {Record<string, any>} wx */
export function addUnsupported(wx) {
  /** @param {string} name @param {any} fn */
  const add = (name, fn) => {
    if (wx[name] !== undefined) return;
    wx[name] = fn;
    unsupported.add(name);
  };
  for (const entry of NAMES.split(' ')) {
    if (entry[0] === '~') {
      const [on, off] = onOff(entry[1].toLowerCase() + entry.slice(2));
      add(`on${entry.slice(1)}`, on);
      add(`off${entry.slice(1)}`, off);
    } else if (entry.endsWith('Sync')) add(entry, thrower(entry));
    else if (/^create|^get\w*(Manager|Adapter|System)$/.test(entry)) add(entry, failingObject);
    else if (/^on[A-Z]/.test(entry)) add(entry, onOff(entry[2].toLowerCase() + entry.slice(3))[0]);
    else if (/^off[A-Z]/.test(entry)) add(entry, onOff(entry[3].toLowerCase() + entry.slice(4))[1]);
    else add(entry, failing(entry));
  }
}
