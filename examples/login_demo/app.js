// Log in and notify: every answer comes from the developer's backend (examples/login_demo_backend),
// which alone talks to the platform with the appsecret.
App({});
