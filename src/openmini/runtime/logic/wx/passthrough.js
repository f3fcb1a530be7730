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
  previewMedia: 'sources:Array',
  // contacts, calendar, SMS (host/contact.js: a .vcf / .ics download, an sms: link)
  addPhoneContact: 'firstName:String',
  addPhoneCalendar: 'title:String,startTime:Number',
  addPhoneRepeatCalendar: 'title:String,startTime:Number',
  sendSms: '',
};

/** An API the host performs as it is: `spec` checked, then a `call` without the callbacks. @param {string} name @param {string} spec */
export const forward = (name, spec) => (/** @type {unknown} */ o) => invoke(name, o, (o) => hostCall(name, strip(o)), spec);

/** @type {Record<string, (o?: any) => any>} */
export const passthroughApis = {};
for (const name in SPECS) passthroughApis[name] = forward(name, /** @type {any} */ (SPECS)[name]);
