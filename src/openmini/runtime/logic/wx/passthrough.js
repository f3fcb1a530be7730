// APIs the host performs as they are: UI drawn by the host (toast, modal, navigation and tab
// bar), and device access a page cannot have (clipboard, location, files, media). Logic checks
// the parameters WeChat requires, sends a `call`, and hands back the host's answer
// (docs/runtime-host.md lists each api's args and result).

import { invoke, hostCall, strip } from './call.js';

/** api name → parameter spec (see `check` in call.js); "" when nothing is required. */
const SPECS = {
  // interaction
  showToast: 'title:String,duration?:Number',
  hideToast: '',
  showLoading: 'title:String',
  hideLoading: '',
  showModal: 'title?:String,content?:String',
  showActionSheet: 'itemList:Array',
  // navigation bar, tab bar, pull-down, scrolling
  setNavigationBarTitle: 'title:String',
  setNavigationBarColor: 'frontColor:String,backgroundColor:String',
  showNavigationBarLoading: '',
  hideNavigationBarLoading: '',
  hideHomeButton: '',
  setTabBarBadge: 'index:Number,text:String',
  removeTabBarBadge: 'index:Number',
  showTabBarRedDot: 'index:Number',
  hideTabBarRedDot: 'index:Number',
  setTabBarItem: 'index:Number',
  setTabBarStyle: '',
  showTabBar: '',
  hideTabBar: '',
  startPullDownRefresh: '',
  stopPullDownRefresh: '',
  pageScrollTo: 'scrollTop?:Number,selector?:String,duration?:Number',
  showShareMenu: '',
  hideShareMenu: '',
  // device
  setClipboardData: 'data:String',
  getClipboardData: '',
  makePhoneCall: 'phoneNumber:String',
  scanCode: '',
  getLocation: '',
  chooseLocation: '',
  openLocation: 'latitude:Number,longitude:Number',
  vibrateShort: '',
  vibrateLong: '',
  getNetworkType: '',
  setKeepScreenOn: 'keepScreenOn:Boolean',
  // media
  previewImage: 'urls:Array',
  chooseImage: '',
  chooseMedia: '',
  chooseMessageFile: 'count:Number',
  getImageInfo: 'src:String',
  compressImage: 'src:String',
  saveImageToPhotosAlbum: 'filePath:String',
  saveVideoToPhotosAlbum: 'filePath:String',
};

/** @type {Record<string, (o?: any) => any>} */
export const passthroughApis = {};
for (const name in SPECS) {
  passthroughApis[name] = (o) => invoke(name, o, (o) => hostCall(name, strip(o)), /** @type {any} */ (SPECS)[name]);
}
