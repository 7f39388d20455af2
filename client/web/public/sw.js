// Shows a clinician's alerts as system notifications (one per escalation, by tag) and brings the
// app to the front when one is clicked, on the escalation board. Nothing is cached: the app always loads fresh.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => 'focus' in w);
      if (!open) return self.clients.openWindow('/#/board');
      // The open tab shows the board itself (no reload: its sound and state stay).
      open.postMessage({ type: 'open-board', tag: event.notification.tag });
      return open.focus();
    }),
  );
});
