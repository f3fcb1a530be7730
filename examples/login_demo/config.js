// Where this mini program's backend answers. On a real platform this is a registered https domain;
// the README's walkthrough runs the backend on loopback with the platform's domain check off.
module.exports = {
  backend: 'http://127.0.0.1:8090',
};
