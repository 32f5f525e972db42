// Types for `require('express-shop-privacy')`: the same module, loaded through require(esm).
export * from './index.js';
