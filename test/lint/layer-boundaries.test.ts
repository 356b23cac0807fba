import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: path.join(repoRoot, 'eslint.config.js') });

/** Lints `code` as if it lived at `file` (relative to the repo root); returns the layer-rule messages. */
async function layerViolations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  if (!result) throw new Error('ESLint returned no result');
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`parse error: ${fatal.map((m) => m.message).join('; ')}`);
  return result.messages.filter((m) => m.ruleId === 'throughline/layer-boundaries').map((m) => m.message);
}

const importing = (spec: string) => `import { thing } from '${spec}';\nexport const value = thing;\n`;

describe('layer-boundaries lint rule (architecture.md §9)', { timeout: 60_000 }, () => {
  it('canonical may not import persistence', async () => {
    const messages = await layerViolations('src/canonical/x.ts', importing('../persistence/database.js'));
    expect(messages).toEqual([expect.stringContaining("'canonical' may not import from 'persistence'")]);
  });

  it('a sandbox may not import the hub (runtime clock)', async () => {
    const messages = await layerViolations('src/sandboxes/x/y.ts', importing('../../runtime/clock.js'));
    expect(messages).toEqual([expect.stringContaining("'sandboxes' may not import from 'runtime'")]);
  });

  it('a flow may not see vendor shapes, but may use connector ports', async () => {
    expect(await layerViolations('src/flows/f/s.ts', importing('../../connectors/netsuite/schemas.js'))).toEqual([
      expect.stringContaining("'flows' may not import from 'connectors'"),
    ]);
    expect(await layerViolations('src/flows/f/s.ts', importing('../../connectors/ports/time.js'))).toEqual([]);
  });

  it('the api may not import connectors', async () => {
    const messages = await layerViolations('src/api/x.ts', importing('../connectors/salesforce/client.js'));
    expect(messages).toEqual([expect.stringContaining("'api' may not import from 'connectors'")]);
  });

  it('the api may not import persistence: it goes through intake and runtime services (issue 10 item 5)', async () => {
    expect(await layerViolations('src/api/x.ts', importing('../persistence/database.js'))).toEqual([
      expect.stringContaining("'api' may not import from 'persistence'"),
    ]);
    expect(await layerViolations('src/api/webhooks/x.ts', "import type { Database } from '../../persistence/schema.js';\nexport type D = Database;\n")).toEqual([
      expect.stringContaining("'api' may not import from 'persistence'"),
    ]);
    expect(await layerViolations('src/api/x.ts', importing('../intake/create-intake.js'))).toEqual([]);
  });

  it('flows and connectors may not import persistence: identity map, outcome events and event-log reads come through the runtime and ports (issue 10)', async () => {
    expect(await layerViolations('src/flows/time-to-ledger/steps/x.ts', importing('../../../persistence/queries/cross-references.js'))).toEqual([
      expect.stringContaining("'flows' may not import from 'persistence'"),
    ]);
    expect(await layerViolations('src/connectors/certinia/inbound/x.ts', importing('../../../persistence/schema.js'))).toEqual([
      expect.stringContaining("'connectors' may not import from 'persistence'"),
    ]);
    expect(await layerViolations('src/flows/x.ts', importing('../runtime/identity/identity-map.js'))).toEqual([]);
  });

  it('re-exports and dynamic imports are checked too', async () => {
    expect(await layerViolations('src/canonical/x.ts', "export { a } from '../runtime/clock.js';\n")).toHaveLength(1);
    expect(await layerViolations('src/canonical/x.ts', "export const m = () => import('../runtime/clock.js');\n")).toHaveLength(1);
  });

  it('allowed imports pass: runtime -> persistence, within a layer, and packages', async () => {
    expect(await layerViolations('src/runtime/x.ts', importing('../persistence/database.js'))).toEqual([]);
    expect(await layerViolations('src/canonical/events/x.ts', importing('../envelope.js'))).toEqual([]);
    expect(await layerViolations('src/canonical/x.ts', importing('zod'))).toEqual([]);
  });
});
