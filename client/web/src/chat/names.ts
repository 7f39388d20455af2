import type { ConversationSummary } from '../../../index.js';
import { t } from '../i18n/index.js';

/** A conversation's title as the viewer sees it: the group's name, or the other participants. */
export function conversationTitle(summary: ConversationSummary, viewerId: string | undefined): string {
  if (summary.group) return summary.group.name;
  const others = summary.participants.filter((p) => p.userId !== viewerId).map((p) => p.name ?? p.userId);
  return `${t(`conv.kind.${summary.kind}`)} ${others.length > 0 ? t('conv.with', { names: others.join(', ') }) : ''}`.trim();
}
