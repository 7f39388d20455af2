import { useEffect, useRef } from 'preact/hooks';

/** A question ("End this mentorship?") in place of the button; the question gets focus, since the person just asked for it. */
export function Confirm(props: { id: string; question: string; yes: string; no: string; onYes: () => void; onNo: () => void; busy: boolean }) {
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => yes.current?.focus(), []);
  return (
    <div class="confirm" role="group" aria-labelledby={props.id}>
      <p id={props.id}>{props.question}</p>
      <button type="button" class="danger" ref={yes} disabled={props.busy} onClick={props.onYes}>
        {props.yes}
      </button>{' '}
      <button type="button" onClick={props.onNo}>
        {props.no}
      </button>
    </div>
  );
}
