/**
 * System notifications through the service worker (public/sw.js): one per escalation (its tag),
 * staying until someone acts. Only severity, categories and tier: never message text.
 */

export type Permission = NotificationPermission | 'unsupported';

export function notificationPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Call from a click: asks once; the answer is remembered by the browser. */
export function askNotificationPermission(onAnswer: () => void): void {
  if (notificationPermission() !== 'default') return;
  try {
    void Notification.requestPermission().then(onAnswer, onAnswer);
  } catch {
    // Old browsers without the promise form: nothing to ask.
  }
}

const tagOf = (escalationId: string) => `escalation-${escalationId}`;

export function showEscalationNotification(escalationId: string, title: string, body: string): void {
  if (notificationPermission() !== 'granted' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.showNotification(title, { tag: tagOf(escalationId), requireInteraction: true, body, renotify: true } as NotificationOptions))
    .catch(() => {});
}

/** Taken, resolved: the notification has done its work. */
export function closeEscalationNotification(escalationId: string): void {
  if (notificationPermission() !== 'granted' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.getNotifications({ tag: tagOf(escalationId) }))
    .then((notifications) => notifications.forEach((n) => n.close()))
    .catch(() => {});
}
