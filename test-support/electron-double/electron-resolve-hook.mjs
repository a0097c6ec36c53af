// A Node module-customisation hook (module.register): the bare specifier `electron` resolves to
// the shim that hands out the installed double. Everything else resolves as usual.
let shimUrl = '';

export function initialize(data) {
  shimUrl = data.shimUrl;
}

export function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: shimUrl, shortCircuit: true };
  return nextResolve(specifier, context);
}
