// Public surface of the configuration layer.
export { ConfigError, isConfigError } from './config-error.js';
export {
  configSchema,
  DEFAULT_POLL_CRON,
  DEFAULT_POLL_TIMEZONE,
  logLevels,
  type LogLevel,
  type ScheduleConfig,
  type ThroughlineConfig,
} from './config-schema.js';
export {
  connectionSchema,
  systemNames,
  netsuiteTiers,
  type ConnectionAuth,
  type ConnectionConfig,
  type ConnectionLimits,
  type SystemName,
} from './connection-schema.js';
export {
  anaplanSettingsOf,
  anaplanSettingsSchema,
  workdaySettingsOf,
  workdaySettingsSchema,
  type AnaplanSettings,
  type ConnectionSettings,
  type WorkdaySettings,
} from './connection-settings.js';
export { findEnvReferences, readSecret } from './env-references.js';
export { sinkSchema, webhookSinkSchema, type SinkConfig } from './sink-schema.js';
export { authTypeBySystem, hubConnectionsOf, pollerIdsOf } from './connection-roles.js';
export { pollerSchedulesOf, type PollerScheduleConfig } from './poller-schedules.js';
export {
  assertRunnableConfig,
  DEFAULT_CONFIG_FILE,
  loadConfig,
  parseConfig,
  parseConfigText,
  validateConfig,
  type LoadConfigOptions,
  type LoadedConfig,
} from './load-config.js';
