export * from './errors.js';
export * from './ids.js';
export * from './models.js';
export * from './commands.js';
export * from './events.js';
