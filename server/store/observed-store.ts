import type { Store } from './store.js';

type RepositoryName = Exclude<keyof Store, 'kind' | 'isReady' | 'close'>;

// A record, so the compiler tells when a repository is added to Store and not here.
const REPOSITORIES: Record<RepositoryName, true> = {
  users: true,
  conversations: true,
  messages: true,
  mentorships: true,
  standings: true,
  reports: true,
  held: true,
  audit: true,
  escalations: true,
  onCall: true,
  shifts: true,
  contacts: true,
  outbox: true,
  policies: true,
  profiles: true,
  requests: true,
  safetyExamples: true,
  accessLog: true,
  personalData: true,
  retention: true,
};

export type StoreCallObserver = (repository: string, operation: string, seconds: number, failed: boolean) => void;

/** The same store, with every repository call's duration and outcome reported to `observe` (for /metrics). */
export function observeStore(store: Store, observe: StoreCallObserver): Store {
  const observed: Store = {
    kind: store.kind,
    isReady: () => store.isReady(),
    close: () => store.close(),
  } as Store;
  for (const name of Object.keys(REPOSITORIES) as RepositoryName[]) {
    (observed as unknown as Record<RepositoryName, object>)[name] = timed(store[name], name, observe);
  }
  return observed;
}

function timed<T extends object>(repository: T, name: string, observe: StoreCallObserver): T {
  const wrappers = new Map<PropertyKey, unknown>();
  return new Proxy(repository, {
    get(target, property, receiver) {
      const method = Reflect.get(target, property, receiver) as unknown;
      if (typeof method !== 'function') return method;
      let wrapper = wrappers.get(property);
      if (!wrapper) {
        const operation = String(property);
        wrapper = (...args: unknown[]) => {
          const started = performance.now();
          const done = (failed: boolean) => observe(name, operation, (performance.now() - started) / 1000, failed);
          return Promise.resolve(method.apply(target, args)).then(
            (value) => {
              done(false);
              return value;
            },
            (err: unknown) => {
              done(true);
              throw err;
            },
          );
        };
        wrappers.set(property, wrapper);
      }
      return wrapper;
    },
  });
}
