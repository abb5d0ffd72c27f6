import type { Answer } from '../api';

/** The HTTP answer to the last action, as a learner would see it with curl. */
export function AnswerLine({ label, answer }: { label: string; answer?: Answer }) {
  if (!answer) return null;
  const message = (answer.body as { message?: unknown } | undefined)?.message;
  return (
    <p className={answer.ok ? 'answer ok' : 'answer failed'} role="status">
      {label}: <strong>{answer.status}</strong>
      {answer.retryAfter && ` (Retry-After: ${answer.retryAfter} s)`}
      {message !== undefined && ` — ${Array.isArray(message) ? message.join('; ') : String(message)}`}
    </p>
  );
}
