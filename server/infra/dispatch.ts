import type { Logger } from 'pino';
import type { CommandName, CommandPayload, CommandResults, CommandSchemas } from '../../shared/commands.js';
import { ErrorCode, type ErrorPayload } from '../../shared/errors.js';
import type { AckResponse } from '../../shared/events.js';
import type { Identity } from '../auth/identity.js';
import { parseOrThrow } from '../core/validation.js';
import type { CommandLimiter } from './command-limiter.js';
import { withDeadline } from '../core/deadline.js';
import type { Metrics } from './metrics.js';
import type { InFlight } from './in-flight.js';
import { errorForLog, toErrorPayload } from './safe-error.js';
import type { ChatSocket } from './socket-types.js';

/** What a handler may do with its socket: subscribe it to rooms, nothing else. */
export interface SocketPort {
  readonly id: string;
  join(room: string): void;
  leave(room: string): void;
}

export interface HandlerContext {
  user: Identity;
  socket: SocketPort;
  log: Logger;
}

/** Receives a payload already validated against the command's schema. */
export type CommandHandler<C extends CommandName> = (payload: CommandPayload<C>, ctx: HandlerContext) => Promise<CommandResults[C]>;
export type CommandHandlers = { [C in CommandName]?: CommandHandler<C> };

export interface DispatchOptions {
  schemas: CommandSchemas;
  inFlight: InFlight;
  /** Every command's cost, taken before it runs. */
  limiter: CommandLimiter;
  /** Counts each command's outcome and latency. */
  metrics: Pick<Metrics, 'commandDone'>;
  /** Every store call a command makes shares this much time (MONGODB_TIMEOUT_MS); none for a store that cannot hang. */
  deadlineMs?: number;
}

type LooseListener = (...args: unknown[]) => void;

/**
 * The one wrapper every command goes through: picks out the acknowledgement, validates the
 * payload, runs the handler, and answers `{ ok: true, ...result }` or `{ ok: false, error }`.
 * Nothing a client sends can throw out of here or reach the client as a stack trace.
 */
export function bindCommands(socket: ChatSocket, handlers: CommandHandlers, ctx: HandlerContext, options: DispatchOptions): void {
  const loose = socket as unknown as { on(event: string, listener: LooseListener): void };
  for (const name of Object.keys(handlers) as CommandName[]) {
    // Tracked through the reply, so shutdown waits until the acknowledgement is written.
    loose.on(name, (...args) => void options.inFlight.track(run(name, args)));
  }
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && Object.hasOwn(handlers, event)) return;
    const ack = args.at(-1);
    ctx.log.debug({ event: String(event).slice(0, 64) }, 'unknown event');
    if (typeof ack === 'function') {
      reply(ack as LooseListener, {
        ok: false,
        error: { code: ErrorCode.VALIDATION_FAILED, message: `Unknown event "${String(event).slice(0, 64)}"`, details: { issues: [] } },
      });
    }
  });

  const debug = ctx.log.isLevelEnabled('debug');

  async function run(name: CommandName, args: unknown[]) {
    const last = args.at(-1);
    if (typeof last !== 'function') {
      // Every command is answered through its acknowledgement; one sent without is not carried out.
      ctx.log.debug({ event: name }, 'command without acknowledgement ignored');
      return;
    }
    const ack = last as LooseListener;
    const payload = args.length > 1 ? args[0] : {};
    const started = performance.now();
    try {
      await options.limiter.consume(ctx.user, name);
      const input = parseOrThrow(options.schemas[name], payload);
      const handler = handlers[name] as CommandHandler<CommandName>;
      const result = options.deadlineMs === undefined ? await handler(input as never, ctx) : await withDeadline(options.deadlineMs, () => handler(input as never, ctx));
      reply(ack, { ok: true, ...result });
      options.metrics.commandDone(name, 'ok', (performance.now() - started) / 1000, name === 'message:send' && (result as { status?: string }).status === 'sent');
      if (debug) ctx.log.debug({ event: name, ms: elapsed(started) }, 'command ok');
    } catch (err) {
      const error: ErrorPayload = toErrorPayload(err);
      if (error.code === ErrorCode.INTERNAL) ctx.log.error({ event: name, error: errorForLog(err) }, 'command failed');
      else if (debug) ctx.log.debug({ event: name, code: error.code, ms: elapsed(started) }, 'command refused');
      reply(ack, { ok: false, error });
      options.metrics.commandDone(name, error.code, (performance.now() - started) / 1000, false);
    }
  }

  function reply(ack: LooseListener, response: AckResponse<object>) {
    try {
      ack(response);
    } catch (err) {
      ctx.log.warn({ error: errorForLog(err) }, 'acknowledgement failed');
    }
  }
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;
