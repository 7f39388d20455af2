// Records are copied in and out so callers can never mutate what is stored. They hold at most
// one level of nested objects or arrays (a group's settings, a redaction, findings).
export const copy = <T extends object>(value: T): T => {
  const out = { ...value } as Record<string, unknown>;
  // for…in allocates nothing: this runs several times per message sent.
  for (const key in out) {
    const field = out[key];
    if (field !== null && typeof field === 'object') out[key] = Array.isArray(field) ? [...field] : { ...field };
  }
  return out as T;
};

export const pairKey = (a: string, b: string) => `${a}\u0000${b}`;
