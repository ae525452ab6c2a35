// Conditional GET: whether the client's If-None-Match names this ETag (weak comparison, as
// RFC 9110 asks for If-None-Match), or is `*`.
export function ifNoneMatchHolds(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value.replace(/^W\//, '') === bare;
  });
}
