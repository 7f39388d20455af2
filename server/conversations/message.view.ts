import type { Message } from '../../shared/models.js';
import type { Identity } from '../auth/identity.js';
import { isStaff } from '../auth/roles.js';

/**
 * A message as `viewer` may see it: a redacted message keeps its body (and who redacted it, and
 * why) for clinicians and admins only; its author also sees why.
 */
export function viewMessage(message: Message, viewer: Identity): Message {
  if (!message.redaction || isStaff(viewer)) return message;
  const { at, reason } = message.redaction;
  return { ...message, body: '', redaction: viewer.userId === message.senderId ? { at, ...(reason ? { reason } : {}) } : { at } };
}
