'use strict';
// CommonJS entry: Node 20.19+ loads the ES module build synchronously (require(esm)).
module.exports = require('./index.js');
