// An ESLint rule that enforces design.md's layer table (./layer-table.js) on parsed imports, in the
// manner of VS Code's layering check: static imports and re-exports, dynamic import(), require(),
// `import x = require()` and type-position `import('…')`. A specifier computed at run time cannot
// be checked, so in layered code it is refused rather than trusted.
import { dirname, relative, resolve, sep } from 'node:path';
import {
  LAYER_OF_PATH,
  LAYER_RULES,
  RENDERER_RUNTIME_FROM_SHARED,
  TEST_FILE,
} from './layer-table.js';

/** Layer of a repository-relative path (forward slashes), or null outside every layer. */
export function layerOfPath(path) {
  const found = LAYER_OF_PATH.find(([prefix]) =>
    prefix.endsWith('/') ? path.startsWith(prefix) || `${path}/` === prefix : path === prefix,
  );
  return found ? found[1] : null;
}

function packageAllowed(spec, patterns) {
  return patterns.some((pattern) => {
    if (pattern === 'node:*') return spec.startsWith('node:');
    if (pattern.endsWith('/*')) return spec.startsWith(pattern.slice(0, -1));
    return spec === pattern;
  });
}

const isElectron = (spec) => spec === 'electron' || spec.startsWith('electron/');

function toPosix(path) {
  return path.split(sep).join('/');
}

/** The literal text of a specifier node, or null when it is computed at run time. */
function literalSpecifier(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
    return node.quasis[0]?.value.cooked ?? null;
  }
  if (node.type === 'TSLiteralType') return literalSpecifier(node.literal);
  return null;
}

function isTypeOnlyImport(node) {
  if (node.type === 'ImportDeclaration') {
    if (node.importKind === 'type') return true;
    return (
      node.specifiers.length > 0 &&
      node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type')
    );
  }
  if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') {
    return node.exportKind === 'type';
  }
  return node.type === 'TSImportType';
}

/** @type {import('eslint').Rule.RuleModule} */
export const layerImportsRule = {
  meta: {
    type: 'problem',
    docs: { description: "Imports must respect design.md's layer table." },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' } },
        additionalProperties: false,
      },
    ],
    messages: {
      ourLayer:
        'The {{layer}} layer may not import {{target}} (the {{targetLayer}} layer); design.md allows it {{allowed}}.',
      npmPackage:
        "The {{layer}} layer may not use '{{spec}}'; it may use {{allowed}} (scripts/layers/layer-table.js).",
      rendererRuntime:
        'The renderer takes only types from src-shared ({{spec}}): use `import type`, or list a plain-data module in RENDERER_RUNTIME_FROM_SHARED.',
      computed:
        'A module specifier computed at run time cannot be checked against the layer table; use a literal.',
    },
  },
  create(context) {
    const root = resolve(context.options[0]?.root ?? context.cwd);
    const file = toPosix(relative(root, context.filename));
    const layer = layerOfPath(file);
    const rule = layer ? LAYER_RULES[layer] : undefined;
    if (!rule) return {};
    const testCode = TEST_FILE.test(file);

    function check(node, sourceNode) {
      const spec = literalSpecifier(sourceNode);
      if (spec === null) {
        context.report({ node: sourceNode ?? node, messageId: 'computed' });
        return;
      }
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = toPosix(relative(root, resolve(dirname(context.filename), spec)));
        const targetLayer = layerOfPath(target);
        if (!targetLayer) return;
        if (testCode) {
          // Tests may reach across layers, but only Electron's own tests touch Electron code.
          if (targetLayer === 'electron-main' && layer !== 'electron-main') {
            report(node, 'ourLayer', { target, targetLayer });
          }
          return;
        }
        if (!rule.ours.includes(targetLayer)) {
          report(node, 'ourLayer', { target, targetLayer });
        } else if (
          layer === 'renderer' &&
          targetLayer === 'shared' &&
          !isTypeOnlyImport(node) &&
          !RENDERER_RUNTIME_FROM_SHARED.some(
            (allowed) => target.replace(/\.[cm]?[jt]s$/, '') === allowed,
          )
        ) {
          context.report({ node, messageId: 'rendererRuntime', data: { spec } });
        }
        return;
      }
      if (testCode && !isElectron(spec)) return;
      if (testCode && layer === 'electron-main') return;
      if (!packageAllowed(spec, rule.packages)) {
        context.report({
          node,
          messageId: 'npmPackage',
          data: { layer, spec, allowed: rule.packages.map((p) => `'${p}'`).join(', ') },
        });
      }
    }

    function report(node, messageId, data) {
      context.report({
        node,
        messageId,
        data: { layer, allowed: `only ${rule.ours.join(', ')}`, ...data },
      });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.source ?? node.argument),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node, node.moduleReference.expression),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          check(node, node.arguments[0]);
        }
      },
    };
  },
};

export const layersPlugin = { rules: { imports: layerImportsRule } };
