/** The specialist's screens. */
export const en = {
  'specialist.title': 'Specialist',
} as const;

export const nl: Record<keyof typeof en, string> = {
  'specialist.title': 'Specialist',
};
