/**
 * The seeded Anaplan tenant: one workspace, one model "Revenue Forecast" with the module "Actuals"
 * (line items Hours, Cost, Billings, Collections by Project x Month x Currency), the file
 * "actuals.csv" and the import "Actuals Import" bound to it, with its column mapping.
 */
import { createRandom } from '../kit/random.js';

/** Which CSV header feeds which dimension or line item of the Actuals module. */
export interface ActualsColumnMapping {
  project: string;
  month: string;
  /** Optional column; rows without it use the module's default currency. */
  currency: string;
  lineItems: Record<ActualsLineItem, string>;
}

export const ACTUALS_LINE_ITEMS = ['Hours', 'Cost', 'Billings', 'Collections'] as const;
/** A line item of the Actuals module. */
export type ActualsLineItem = (typeof ACTUALS_LINE_ITEMS)[number];

/** Rules that decide which import rows are valid. */
export interface ActualsRules {
  /** A project code must match this (Anaplan list item code format). */
  projectPattern: RegExp;
  /** When set, only these projects exist in the Project list; otherwise valid codes are added. */
  knownProjects?: string[];
  /** First and last month of the model's timescale, `YYYY-MM`. */
  timescale: { from: string; to: string };
  currencies: string[];
  defaultCurrency: string;
}

/** Everything the list endpoints serve. */
export interface AnaplanCatalog {
  workspace: { id: string; name: string; active: boolean; sizeAllowance: number; currentSize: number };
  model: { id: string; name: string; activeState: string; currentWorkspaceId: string; currentWorkspaceName: string; modelUrl: string; categoryValues: unknown[] };
  module: { id: string; name: string; lineItems: { id: string; name: ActualsLineItem }[]; dimensions: string[] };
  file: { id: string; name: string; chunkCount: number; delimiter: string; encoding: string; firstDataRow: number; format: string; headerRow: number; separator: string };
  actualsImport: { id: string; name: string; importDataSourceId: string; importType: string };
  mapping: ActualsColumnMapping;
  rules: ActualsRules;
}

/** Default column mapping: header names equal the dimension and line item names. */
export const defaultActualsMapping: ActualsColumnMapping = {
  project: 'Project',
  month: 'Month',
  currency: 'Currency',
  lineItems: { Hours: 'Hours', Cost: 'Cost', Billings: 'Billings', Collections: 'Collections' },
};

/** Default validation rules. */
export const defaultActualsRules: ActualsRules = {
  projectPattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/,
  timescale: { from: '2024-01', to: '2028-12' },
  currencies: ['USD', 'GBP', 'EUR'],
  defaultCurrency: 'USD',
};

/** Builds the catalog; workspace and model ids are drawn from `seed`. */
export function createAnaplanCatalog(options: { seed: number; mapping?: ActualsColumnMapping; rules?: Partial<ActualsRules> }): AnaplanCatalog {
  const random = createRandom(options.seed);
  const hex = () => Array.from({ length: 32 }, () => random.int(0, 15).toString(16)).join('');
  const workspaceId = hex();
  const modelId = hex().toUpperCase();
  return {
    workspace: { id: workspaceId, name: 'Throughline Planning', active: true, sizeAllowance: 1_073_741_824, currentSize: 8_388_608 },
    model: {
      id: modelId,
      name: 'Revenue Forecast',
      activeState: 'UNLOCKED',
      currentWorkspaceId: workspaceId,
      currentWorkspaceName: 'Throughline Planning',
      modelUrl: `https://us1a.app.anaplan.com/core?selectedWorkspaceId=${workspaceId}&selectedModelId=${modelId}`,
      categoryValues: [],
    },
    module: {
      id: '102000000001',
      name: 'Actuals',
      lineItems: ACTUALS_LINE_ITEMS.map((name, i) => ({ id: `2110000000${String(i + 1).padStart(2, '0')}`, name })),
      dimensions: ['Project', 'Month', 'Currency'],
    },
    file: { id: '113000000000', name: 'actuals.csv', chunkCount: 0, delimiter: '"', encoding: 'UTF-8', firstDataRow: 2, format: 'txt', headerRow: 1, separator: ',' },
    actualsImport: { id: '112000000000', name: 'Actuals Import', importDataSourceId: '113000000000', importType: 'MODULE_DATA' },
    mapping: options.mapping ?? defaultActualsMapping,
    rules: { ...defaultActualsRules, ...options.rules },
  };
}
