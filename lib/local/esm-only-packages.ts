import { registerHooks } from 'node:module';

/**
 * Local mode runs the handlers' TypeScript as CommonJS (tsx), so their imports become require().
 * middy is published as ES modules only, with an `import`-only exports map that require() cannot
 * resolve, although Node loads such modules through require() fine. For middy alone, resolve as an
 * import would; Lambda runs the esbuild bundle, where the question does not arise.
 */
const ESM_ONLY = /^@middy\//;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (ESM_ONLY.test(specifier) && !context.conditions.includes('import')) {
      return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'import'] });
    }
    return nextResolve(specifier, context);
  },
});
