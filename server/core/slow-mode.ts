/** One message per window per user and conversation; `pass` throws AppError SLOW_MODE when it is too soon. */
export interface SlowModeGate {
  pass(conversationId: string, userId: string, windowSec: number): Promise<void>;
}
