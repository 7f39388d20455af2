import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server as HttpServer } from 'node:http';
import { hostname } from 'node:os';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createCommandSchemas } from '../shared/commands.js';
import { AuditLog } from './audit/audit-log.js';
import { auditRoutes } from './audit/audit.routes.js';
import { GuestAccess } from './auth/guest-access.js';
import { authConfigRoutes, demoRoutes } from './auth/sign-in.routes.js';
import { createOidcVerifier } from './auth/oidc.js';
import { guestRoutes } from './auth/guest.routes.js';
import { resolveTokenKeys, type TokenKeys } from './auth/keys.js';
import { createTokenVerifier } from './auth/tokens.js';
import type { Config } from './config.js';
import { conversationHandlers } from './conversations/conversation.handlers.js';
import { ConversationService } from './conversations/conversation.service.js';
import { TypingService } from './conversations/typing.service.js';
import { systemClock, type Clock } from './core/clock.js';
import type { RateLimiter } from './core/rate-limiter.js';
import { escalationHandlers } from './escalation/escalation.handlers.js';
import { escalationRoutes } from './escalation/escalation.routes.js';
import { EscalationService } from './escalation/escalation.service.js';
import { EscalationSteps } from './escalation/escalation.steps.js';
import type { WebhookSender } from './escalation/webhook-target.js';
import { groupHandlers } from './groups/group.handlers.js';
import { GroupService } from './groups/group.service.js';
import { createHttpApp } from './infra/http-app.js';
import { createCommandLimiter } from './infra/command-limiter.js';
import { guardConnections, handshakeLimit } from './infra/connection-guard.js';
import { httpRouter } from './infra/http-routes.js';
import { InFlight } from './infra/in-flight.js';
import { createLogger } from './infra/logger.js';
import { Metrics } from './infra/metrics.js';
import { createMessageRateLimiter } from './infra/message-rate-limiter.js';
import { connectRedis, type RedisConnections } from './infra/redis.js';
import { createSlowModeGate, sharedLimiter } from './infra/shared-limiters.js';
import { CoalescingNotifier } from './infra/coalescing-notifier.js';
import { SocketNotifier } from './infra/socket-notifier.js';
import { createSocketServer, serveConnections } from './infra/socket-server.js';
import { rooms, type ChatServer } from './infra/socket-types.js';
import { createMailer, type Mailer } from './infra/mailer.js';
import { createWebhookSender } from './infra/webhook.js';
import { onCallRoutes } from './escalation/on-call.routes.js';
import { OnCallService } from './escalation/on-call.service.js';
import { OutOfBand } from './escalation/out-of-band.js';
import { matchingHandlers } from './matching/matching.handlers.js';
import { MatchingService } from './matching/matching.service.js';
import { OfferDispatcher } from './matching/offer-dispatcher.js';
import { specialistRoutes } from './matching/specialist.routes.js';
import { SpecialistService } from './matching/specialist.service.js';
import { mentorshipHandlers } from './mentorships/mentorship.handlers.js';
import { mentorshipRoutes } from './mentorships/mentorship.routes.js';
import { MentorshipService } from './mentorships/mentorship.service.js';
import { moderationHandlers } from './moderation/moderation.handlers.js';
import { ModerationService } from './moderation/moderation.service.js';
import { ReportService } from './moderation/report.service.js';
import { ReviewService } from './moderation/review.service.js';
import { PresenceService } from './presence/presence.service.js';
import { MemoryPresenceTracker, type PresenceTracker } from './presence/presence.tracker.js';
import { RedisPresenceTracker } from './presence/redis-presence.tracker.js';
import { CrisisResources } from './safety/crisis-resources.js';
import { loadRiskAssessor } from './safety/risk-assessor.js';
import { SafetyExamples } from './safety/safety-examples.js';
import { safetyHandlers } from './safety/safety.handlers.js';
import { SafetyScreen } from './safety/safety-screen.js';
import { safetyRoutes } from './safety/safety.routes.js';
import { SafetyService } from './safety/safety.service.js';
import { SessionLifecycle } from './sessions/session-lifecycle.js';
import { createMemoryStore } from './store/memory/memory-store.js';
import { connectMongoStore } from './store/mongo/mongo-store.js';
import { observeStore } from './store/observed-store.js';
import { AccessRecorder } from './privacy/access-log.js';
import { createFieldCipher } from './privacy/field-cipher.js';
import { privacyRoutes } from './privacy/privacy.routes.js';
import { Retention } from './privacy/retention.js';
import { PrivacyService, refuseErased } from './privacy/privacy.service.js';
import type { Store } from './store/store.js';
import { UserService } from './users/user.service.js';

/** Everything createApp builds for itself unless a test hands it in. */
export interface AppDeps {
  store?: Store;
  redis?: RedisConnections;
  presence?: PresenceTracker;
  clock?: Clock;
  logger?: Logger;
  tokenKeys?: TokenKeys;
  messageRateLimiter?: RateLimiter;
  webhook?: WebhookSender;
  /** Out-of-band e-mail (tests); otherwise built from SMTP_URL, or off without it. */
  mailer?: Mailer;
}

export interface App {
  readonly config: Config;
  readonly httpServer: HttpServer;
  readonly io: ChatServer;
  readonly store: Store;
  readonly log: Logger;
  readonly tokenKeys: TokenKeys;
  /** Names this process among the nodes. */
  readonly nodeId: string;
  /** Listens on config.port (0: any free port). */
  listen(): Promise<AddressInfo>;
  /** Graceful: refuse new connections, let in-flight acknowledgements finish, then close everything. */
  close(): Promise<void>;
}

/** The one composition root: every service, repository and transport is wired here. */
export async function createApp(config: Config, deps: AppDeps = {}): Promise<App> {
  const nodeId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const log = (deps.logger ?? createLogger(config.logLevel)).child({ node: nodeId });
  const clock = deps.clock ?? systemClock;
  const tokenKeys = deps.tokenKeys ?? (await resolveTokenKeys(config.jwt));
  // The organisation's provider, when configured: discovery now (a wrong issuer stops the start), keys as tokens need them.
  const oidc = config.oidc ? await createOidcVerifier(config.oidc) : undefined;
  const verifier = createTokenVerifier(tokenKeys, () => clock.now(), {
    maxTtlSec: config.jwtMaxTtlSec,
    ...(oidc ? { oidc, ownKeyForGuestsOnly: config.production } : {}),
  });
  // Anyone may be anyone in a demo: only on the embedded default with no provider.
  const demo = config.jwt.mode === 'embedded' && !config.oidc;
  // MongoDB holds history; Redis joins the nodes. Neither set: the embedded default.
  const rawStore =
    deps.store ??
    (config.mongodbUri
      ? await connectMongoStore({
          uri: config.mongodbUri,
          operationTimeoutMs: config.mongodbTimeoutMs,
          log,
          ...(config.encryptionKeys ? { cipher: createFieldCipher(config.encryptionKeys) } : {}),
        })
      : createMemoryStore());
  // An erased person's tokens are refused from here on, on every node.
  const admitted = refuseErased(verifier, rawStore.users);
  const redis = deps.redis ?? (config.redisUrl ? await connectRedis(config.redisUrl, log) : undefined);
  const tracker =
    deps.presence ??
    (redis
      ? new RedisPresenceTracker({ redis: redis.commands, nodeId, ttlMs: config.presenceTtlMs, clock, log })
      : new MemoryPresenceTracker());
  const messageRateLimiter = deps.messageRateLimiter ?? createMessageRateLimiter(config, redis?.commands);
  const slowMode = createSlowModeGate(redis?.commands);
  const inFlight = new InFlight();
  let draining = false;

  // Socket.IO takes over the server's request listener and hands it what is not its own;
  // Express is built further down, once the services it routes to exist.
  let http: RequestListener = (_req, res) => res.writeHead(503).end();
  const httpServer = createServer((req, res) => http(req, res));
  // Behind a trusted proxy every connection comes from the proxy: the cap is the proxy's to apply.
  guardConnections(httpServer, { maxPerAddress: config.trustProxy === false ? config.maxConnectionsPerAddress : 0 });
  const io = createSocketServer(httpServer, {
    corsOrigins: config.corsOrigins,
    maxMessageLength: config.maxMessageLength,
    verifier: admitted,
    clock,
    log,
    isDraining: () => draining,
    allowHandshake: handshakeLimit({ perMinute: config.handshakesPerMinutePerAddress, trustProxy: config.trustProxy }),
  });
  if (redis) {
    // Redis 7 sharded pub/sub. One channel per namespace ('static'): per-room channels would be
    // subscribed only after a socket joins, and a message sent in that gap would miss the node.
    io.adapter(createShardedAdapter(redis.pub, redis.sub, { subscriptionMode: 'static' }));
  }
  const notifier = new CoalescingNotifier(new SocketNotifier(io));
  const metrics = new Metrics({ io, store: rawStore });
  // MongoDB's call latency is worth a histogram; the in-memory store's would only cost time on every message.
  const store = rawStore.kind === 'mongodb' ? observeStore(rawStore, metrics.storeCall) : rawStore;

  const webhookRules = { allowPrivate: config.webhookAllowPrivate, requireHttps: config.production };
  const users = new UserService({ users: store.users, clock });
  const audit = new AuditLog({ repository: store.audit, clock, observe: (entry) => metrics.audited(entry) });

  // The checks a message passes come first: the conversation service cannot be built without them.
  const review = new ReviewService({ store, notifier, audit, clock });
  // Detection is not optional: a missing or malformed lexicon or model stops the start here, naming the file.
  const assessor = loadRiskAssessor({
    ...(config.riskLexiconFile ? { lexicon: config.riskLexiconFile } : {}),
    ...(config.riskModelFile ? { model: config.riskModelFile } : {}),
  });
  const crisisResources = new CrisisResources(config.defaultLocale, config.crisisResourcesFile);
  const webhook = deps.webhook ?? createWebhookSender(log, webhookRules);
  const leaseMs = Math.max(2000, config.escalationTickMs * 3);
  const outOfBand = new OutOfBand({
    store,
    audit,
    clock,
    log,
    mailer: deps.mailer ?? (config.smtpUrl ? createMailer(config.smtpUrl, config.mailFrom) : undefined),
    webhook,
    publicUrl: config.publicUrl,
    nodeId,
    leaseMs,
  });
  const escalationSteps = new EscalationSteps({ store, notifier, presence: tracker, audit, clock, webhook, outOfBand, nodeId, log, leaseMs });
  // Who read whose data (NEN 7513): staff reading history, escalations, audit trails and exports.
  const access = new AccessRecorder({ store, clock });
  const onCall = new OnCallService({ store, presence: tracker, audit, clock });
  const retention = new Retention({ store, audit, clock, log, nodeId, policy: config.retention });
  const privacy = new PrivacyService({ store, audit, access, clock, endSessions: (userId) => io.in(rooms.user(userId)).disconnectSockets(true) });
  const examples = new SafetyExamples({ repository: store.safetyExamples, clock });
  const escalations = new EscalationService({ store, notifier, audit, clock, resources: crisisResources, steps: escalationSteps, outOfBand, access, examples, webhookRules });
  const safetyScreen = new SafetyScreen({ store, assessor, escalations, notifier, audit, clock });
  const conversations = new ConversationService({ store, notifier, presence: tracker, messageRateLimiter, slowMode, clock, contacts: review, risk: safetyScreen, access });

  const typing = new TypingService({ conversations, notifier, timeoutMs: config.typingTimeoutMs });
  const presence = new PresenceService({ tracker, store, notifier, log });
  const dispatcher = new OfferDispatcher({
    store,
    notifier,
    clock,
    log,
    config: { offerTimeoutSec: config.offerTimeoutSec, ageingSec: config.supportAgeingSec, typicalMatchSec: 120 },
  });
  const mentorships = new MentorshipService({ store, conversations, notifier, clock, onEnded: () => void dispatcher.dispatch() });
  const specialists = new SpecialistService({ store, notifier, presence: tracker, clock, queue: dispatcher, availabilityGraceSec: config.availabilityGraceSec });
  const matching = new MatchingService({ store, notifier, clock, log, dispatcher, specialists, conversations, mentorships, escalations, assessor, resources: crisisResources });
  const groups = new GroupService({ store, conversations, notifier, audit, clock });
  const moderation = new ModerationService({ store, notifier, audit, clock });
  const reports = new ReportService({ store, notifier, audit, clock });
  const safety = new SafetyService({ store, assessor, screen: safetyScreen, escalations, examples });
  const guests = new GuestAccess({
    keys: tokenKeys,
    ttlSec: config.guestTokenTtlSec,
    limiter: sharedLimiter({ keyPrefix: 'guest', points: config.guestTokensPerHour, duration: 3600 }, redis?.commands),
    defaultLocale: config.defaultLocale,
  });

  http = createHttpApp({
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
    log,
    readiness: [
      { name: 'accepting', check: async () => !draining },
      { name: 'store', check: () => store.isReady() },
      // Without Redis a node still serves its own clients: reported, but not a reason to leave the rotation.
      ...(redis ? [{ name: 'redis', critical: false, check: async () => redis.isReady() }] : []),
    ],
    metrics: { registry: metrics.registry, ...(config.metricsToken ? { token: config.metricsToken } : {}) },
    webDir: config.webDir,
    // The web app signs in at the organisation's provider: its pages may call the provider (discovery, tokens).
    ...(config.oidc?.clientId ? { connectSrc: [new URL(config.oidc.issuer).origin] } : {}),
    api: httpRouter(
      [
        ...mentorshipRoutes(mentorships),
        ...auditRoutes(audit, access),
        ...privacyRoutes(privacy),
        ...escalationRoutes(escalations),
        ...onCallRoutes(onCall),
        ...safetyRoutes(safety, crisisResources),
        ...specialistRoutes(specialists),
        ...guestRoutes(guests),
        ...authConfigRoutes({ demo, ...(config.oidc?.clientId ? { oidc: { issuer: config.oidc.issuer, clientId: config.oidc.clientId, providerName: config.oidc.providerName, ...(config.oidc.scope ? { scope: config.oidc.scope } : {}) } } : {}) }),
        ...(demo ? demoRoutes(tokenKeys, config.defaultLocale) : []),
      ],
      admitted,
    ),
  });

  serveConnections(io, {
    handlers: {
      ...conversationHandlers({ conversations, typing }),
      ...groupHandlers(groups),
      ...moderationHandlers({ moderation, reports, review }),
      ...escalationHandlers(escalations),
      ...matchingHandlers({ matching, specialists }),
      ...mentorshipHandlers(mentorships),
      ...safetyHandlers(safety),
    },
    dispatch: {
      schemas: createCommandSchemas({ maxMessageLength: config.maxMessageLength }),
      inFlight,
      limiter: createCommandLimiter(config, redis?.commands),
      metrics,
      // The in-memory store answers at once: no deadline to share, and no AsyncLocalStorage cost on every promise.
      ...(store.kind === 'mongodb' ? { deadlineMs: config.mongodbTimeoutMs } : {}),
    },
    sessions: new SessionLifecycle({ users, presence, specialists, typing }),
    clock,
    log,
  });

  escalationSteps.start(config.escalationTickMs);
  // Each node looks hourly whether today's purge is due; one of them runs it.
  retention.start(3600_000);
  void retention.tick();
  matching.start(config.escalationTickMs);

  let closing: Promise<void> | undefined;
  const close = async () => {
    draining = true;
    httpServer.close();
    await inFlight.idle(config.shutdownGraceMs);
    // Closing the transport, not a protocol disconnect (which tells clients to stay away), makes
    // clients reconnect: to another node if there is one.
    for (const socket of io.of('/').sockets.values()) socket.conn.close();
    await inFlight.idle(config.shutdownGraceMs);
    typing.dispose();
    await escalationSteps.stop();
    await retention.stop();
    await matching.stop();
    await io.close();
    httpServer.closeAllConnections();
    notifier.close();
    await Promise.allSettled([tracker.close(), store.close(), redis?.close()]);
    log.info('closed');
  };

  return {
    config,
    httpServer,
    io,
    store,
    log,
    tokenKeys,
    nodeId,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          httpServer.off('error', reject);
          resolve(httpServer.address() as AddressInfo);
        });
      }),
    close: () => (closing ??= close()),
  };
}
