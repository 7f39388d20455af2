/** The admin's screens. */
export const en = {
  'admin.title': 'Admin',
} as const;

export const nl: Record<keyof typeof en, string> = {
  'admin.title': 'Admin',
};
