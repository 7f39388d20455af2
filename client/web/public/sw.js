// Shows a clinician's alerts as system notifications (one per escalation, by tag) and brings the
// app to the front when one is clicked. Nothing is cached: the app always loads fresh.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => 'focus' in w);
      if (open) return open.focus();
      return self.clients.openWindow('/#/board');
    }),
  );
});
