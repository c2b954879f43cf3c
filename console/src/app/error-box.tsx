import { ApiError, describeError } from '../api/client';

/** An error as people read it; a 403 says plainly that the role does not allow it. */
export function ErrorBox({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const denied = error instanceof ApiError && error.status === 403;
  return (
    <div className={denied ? 'error-box denied' : 'error-box'} role="alert">
      {title !== undefined && <strong>{title}: </strong>}
      {denied ? 'Your role does not allow this. ' : ''}
      {describeError(error)}
      {onRetry && (
        <button type="button" className="link-button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
