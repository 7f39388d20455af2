/** Someone as the admin screens show them: the name the server knows, with the id under it (or the id alone). */
export function Person({ name, id }: { name: string | undefined; id: string }) {
  return name ? (
    <>
      <bdi class="person">{name}</bdi>
      <br />
      <code class="muted small">{id}</code>
    </>
  ) : (
    <code>{id}</code>
  );
}
