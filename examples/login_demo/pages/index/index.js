// wx.login on load → the backend exchanges the code (code2Session) and answers the openid and a
// session of its own; the session_key never leaves the backend. The two buttons need a tap:
// WeChat lets getUserProfile and requestSubscribeMessage run only inside one.
const { backend } = require('../../config.js');

/** POST `data` as JSON to the backend; resolves with its JSON answer, rejects with the reason. */
function callBackend(path, data) {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${backend}${path}`,
      method: 'POST',
      header: { 'content-type': 'application/json' },
      data,
      success: (res) => {
        if (res.statusCode === 200) resolve(res.data);
        else reject(new Error((res.data && res.data.error) || `the backend answered ${res.statusCode}`));
      },
      fail: (e) => reject(new Error(e.errMsg)),
    });
  });
}

Page({
  data: { status: 'Logging in…', openid: '', session: '', templateId: '', nickname: '', notified: '' },

  onLoad() {
    wx.login({
      success: ({ code }) =>
        callBackend('/login', { code }).then(
          (answer) =>
            this.setData({
              status: 'Logged in',
              openid: answer.openid,
              session: answer.session,
              templateId: answer.templateId,
            }),
          (error) => this.setData({ status: `Login failed: ${error.message}` }),
        ),
      fail: (e) => this.setData({ status: `Login failed: ${e.errMsg}` }),
    });
  },

  showProfile() {
    wx.getUserProfile({
      desc: 'to greet you by name',
      success: ({ rawData, signature }) =>
        // The backend checks the signature with the session_key before trusting the profile.
        callBackend('/profile', { session: this.data.session, rawData, signature }).then(
          (answer) => this.setData({ nickname: `${answer.nickName} (signature checked)` }),
          (error) => this.setData({ nickname: error.message }),
        ),
      fail: (e) => this.setData({ nickname: e.errMsg }),
    });
  },

  notifyMe() {
    const tmplId = this.data.templateId;
    wx.requestSubscribeMessage({
      tmplIds: [tmplId],
      success: (choice) => {
        if (choice[tmplId] !== 'accept') {
          this.setData({ notified: `Not subscribed (${choice[tmplId]})` });
          return;
        }
        callBackend('/notify', { session: this.data.session }).then(
          () => this.setData({ notified: 'Sent: see Messages in the shell' }),
          (error) => this.setData({ notified: error.message }),
        );
      },
      fail: (e) => this.setData({ notified: e.errMsg }),
    });
  },
});
