// ESLint rule `throughline/layer-boundaries`: fails the lint when a file under src/<layer>/ imports
// (statically, dynamically or by re-export) a hub module from a layer it may not see.
import path from 'node:path';
import { allowedImports } from './layers.js';

const layerOf = (srcRoot, file) => {
  const rel = path.relative(srcRoot, file).split(path.sep);
  if (rel.length < 2 || rel[0] === '..') return undefined;
  // connectors/ports is a layer of its own so flows can depend on it alone.
  if (rel[0] === 'connectors' && rel[1] === 'ports') return 'connectors/ports';
  if (rel[0] === 'connectors' && rel[1] === 'ports.ts') return 'connectors/ports';
  return rel[0];
};

const permits = (fromLayer, toLayer) => {
  if (fromLayer === toLayer) return true;
  const base = fromLayer === 'connectors/ports' ? 'connectors' : fromLayer;
  if (base === toLayer) return true;
  const allowed = allowedImports[base];
  if (!allowed) return false;
  return allowed.includes('*') || allowed.includes(toLayer);
};

/** @type {import('eslint').Rule.RuleModule} */
export const layerBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer import rules of architecture.md §9' },
    schema: [{ type: 'object', properties: { srcRoot: { type: 'string' } }, additionalProperties: false }],
    messages: {
      forbidden: "'{{from}}' may not import from '{{to}}' ({{spec}}). Allowed: {{allowed}}.",
      escapes: "'{{from}}' may not import '{{spec}}': it resolves outside src/.",
    },
  },
  create(context) {
    const srcRoot = path.resolve(context.options[0]?.srcRoot ?? path.join(context.cwd, 'src'));
    const file = context.filename;
    const fromLayer = layerOf(srcRoot, file);
    if (!fromLayer) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), spec);
      const toLayer = layerOf(srcRoot, target);
      if (!toLayer) {
        context.report({ node, messageId: 'escapes', data: { from: fromLayer, spec } });
        return;
      }
      if (!permits(fromLayer, toLayer)) {
        const base = fromLayer === 'connectors/ports' ? 'connectors' : fromLayer;
        const allowed = (allowedImports[base] ?? []).join(', ') || 'nothing outside itself';
        context.report({ node, messageId: 'forbidden', data: { from: fromLayer, to: toLayer, spec, allowed } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export const throughlinePlugin = { rules: { 'layer-boundaries': layerBoundaries } };
