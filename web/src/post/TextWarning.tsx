import { reveal } from './sensitive';

/** A content warning over text alone (a comment, a post without photos), with its "Show" button. */
export function TextWarning({ statusId, warning }: { statusId: string; warning: string }) {
  const warningId = `text-warning-${statusId}`;
  return (
    <span class="text-warning">
      <span id={warningId} class="text-warning-label">
        <span class="sr-only">Content warning: </span>
        {warning}
      </span>{' '}
      <button type="button" class="link-button strong" aria-describedby={warningId} onClick={() => reveal(statusId)}>
        Show
      </button>
    </span>
  );
}
