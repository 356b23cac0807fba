import type { IntakeTables } from './tables/intake.js';
import type { ScheduleTables } from './tables/schedules.js';
import type { OutboxTables } from './tables/outbox.js';
import type { GovernorTables } from './tables/governor.js';
import type { AuditTables } from './tables/audit.js';
import type { CrossReferenceTables } from './tables/cross-reference.js';
import type { EventLogTables } from './tables/event-log.js';
import type { RuntimeTables } from './tables/runtime.js';

/**
 * The whole schema as Kysely sees it. Each area declares its tables in `tables/<area>.ts` and is
 * added here; migrations in `migrations/` create them.
 */
export interface Database extends EventLogTables, CrossReferenceTables, AuditTables, RuntimeTables, GovernorTables, OutboxTables, ScheduleTables, IntakeTables {}
