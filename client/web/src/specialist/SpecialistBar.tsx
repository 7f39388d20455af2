/** Availability and incoming offers, above every specialist screen. */
export function SpecialistBar() {
  return null;
}
