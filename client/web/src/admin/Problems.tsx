import type { Ref } from 'preact';
import type { FieldProblem } from './issues.js';

/**
 * What the server refused, as sentences beside the form. It takes focus only when the person's
 * own submit failed (`focusRef`), so a screen reader reads it at once; each sentence has an id
 * the field it concerns points to with aria-describedby.
 */
export function Problems({ id, title, problems, focusRef }: { id: string; title: string; problems: FieldProblem[]; focusRef?: Ref<HTMLDivElement> }) {
  if (problems.length === 0) return null;
  return (
    <div class="problems" id={id} tabIndex={-1} ref={focusRef} aria-labelledby={`${id}-title`} role="group">
      <p class="error" id={`${id}-title`}>
        {title}
      </p>
      <ul>
        {problems.map((p, i) => (
          <li id={`${id}-${i}`}>{p.text}</li>
        ))}
      </ul>
    </div>
  );
}

/** The ARIA attributes of a field that has a problem (none otherwise). */
export function invalidProps(listId: string, problems: FieldProblem[], fieldId: string): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
  const ids = problems.flatMap((p, i) => (p.fieldId === fieldId ? [`${listId}-${i}`] : []));
  return ids.length ? { 'aria-invalid': 'true', 'aria-describedby': ids.join(' ') } : {};
}
