/**
 * The form's honeypot (`website`): a field people never see, so a value in it means a bot. Intake
 * stores such a submission as spam and never routes it; routing's simulate refuses to decide it.
 */

/** The honeypot counts as filled when it holds anything but blanks. */
export function honeypotFilled(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return typeof value !== 'string' || value.trim() !== '';
}
