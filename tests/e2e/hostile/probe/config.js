// Replaced by the test with the address of its request recorder.
module.exports = { rec: 'http://127.0.0.1:9', devOrigin: 'http://127.0.0.1:9' }
