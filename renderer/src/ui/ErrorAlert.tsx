/** An error a person must notice: announced by screen readers, nothing rendered when there is none. */
export function ErrorAlert({ error, className = 'error' }: { error: string | null; className?: string }) {
  if (error === null) return null;
  return (
    <p className={className} role="alert">
      {error}
    </p>
  );
}
