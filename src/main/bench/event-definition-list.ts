import type { EventDefinition } from '../../canonical/define-event.js';
import { eventDefinitions } from '../../canonical/events/index.js';

/** Every canonical event definition, as the list intake takes. */
export const eventDefinitionList: ReadonlyArray<EventDefinition> = Object.values(eventDefinitions) as ReadonlyArray<EventDefinition>;
