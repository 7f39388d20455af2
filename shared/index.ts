export * from './errors.js';
export * from './ids.js';
export * from './models.js';
export * from './commands.js';
export * from './events.js';
export * from './text.js';
export * from './http.js';
