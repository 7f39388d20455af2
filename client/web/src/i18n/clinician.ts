/** The clinician's screens. */
export const en = {
  'clinician.title': 'Clinician',
} as const;

export const nl: Record<keyof typeof en, string> = {
  'clinician.title': 'Clinician',
};
