// Node's own import(), reached through require() so that vitest's module runner does not wrap
// it: the built app must be loaded by Node exactly as Electron would, with only `electron` swapped.
module.exports = (specifier) => import(specifier);
