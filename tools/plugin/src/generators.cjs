// Nx loads generator factories with require(). The generators are ESM TypeScript; tsx
// (a workspace devDependency) compiles them on load, so `nx g` needs no build step on
// any supported Node version (Node 20 has no TypeScript loader of its own).
const tsx = require('tsx/cjs/api');

const load = (file, name) =>
  function generator(tree, options) {
    return tsx.require(file, __filename)[name](tree, options);
  };

module.exports = {
  service: load('./generators/service/generator.ts', 'serviceGenerator'),
  dbModule: load('./generators/db-module/generator.ts', 'dbModuleGenerator'),
  lib: load('./generators/lib/generator.ts', 'libGenerator'),
};
