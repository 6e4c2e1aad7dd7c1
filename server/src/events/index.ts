/** Stored facts other features react to (the lookup index, webhooks). */
export * from './evidence-events';
