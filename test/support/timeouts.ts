/**
 * Every time limit the tests set that is not what a test measures, in one place.
 *
 * These are ceilings on waiting for something that should happen; on an idle machine it happens in
 * milliseconds, so a generous ceiling costs nothing on a passing run and only makes a failing one
 * report later. CI machines are shared: the suite must pass with both cores busy with other work
 * (see STYLE.md, "Tests"). When a test measures a duration (a token that expires in 3 s, a store
 * that must fail fast), it keeps its own number beside the assertion.
 */

/** A server event or a state that should arrive: a broadcast, an alert, a reconnect, a lapse noticed. */
export const EVENT_TIMEOUT_MS = 15_000;

/** A command's acknowledgement (`emitWithAck`). */
export const ACK_TIMEOUT_MS = 15_000;

/**
 * How long one MongoDB call may take in a test before the server answers UNAVAILABLE
 * (MONGODB_TIMEOUT_MS; 5000 is the most the config accepts).
 */
export const STORE_TIMEOUT_MS = 5_000;

/** How long a server process may take to say it is listening (tsx compiles the server on start). */
export const PROCESS_START_TIMEOUT_MS = 60_000;

/**
 * PRESENCE_TTL_MS for test clusters: a node refreshes its users every third of it, so a busy
 * machine must stall a node's event loop for two thirds of it before a live user seems gone.
 */
export const PRESENCE_TTL_MS = 5_000;

/** Until the other nodes notice that a killed node's users are gone: the TTL, a sweep, and the event. */
export const NODE_GONE_TIMEOUT_MS = PRESENCE_TTL_MS + EVENT_TIMEOUT_MS;

/** Until clients have reconnected and caught up after a node or a dependency failed. */
export const RECOVERY_TIMEOUT_MS = 30_000;

/**
 * How long killing every node and starting a new one may take on a busy machine. A sanction that
 * must outlast a restart lasts this long, so a test of it waits this long: keep it in proportion.
 */
export const NODE_RESTART_MS = 15_000;

/** A test that starts real processes (a MongoDB test server, redis-server, several server nodes). */
export const SYSTEM_TEST_TIMEOUT_MS = 120_000;

/** How often `eventually` looks again. Not a limit: only how soon a condition is noticed. */
export const POLL_INTERVAL_MS = 20;
