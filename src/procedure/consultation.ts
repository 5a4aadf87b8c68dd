import type { Consultation } from '../domain/procedure-record.ts';

/**
 * A new consultation, held today unless the user says otherwise. It starts from the general area: "The
 * exact locations for new ANPR infrastructure need not be disclosed".
 */
export function newConsultation(today: string): Consultation {
  return { consultees: '', heldOn: today, method: '', said: '', outcome: '', locationDisclosure: 'general-area', transparency: '' };
}

/** What the record of the consultation still lacks: who, when, how, what was said and the outcome. */
export function missingFromConsultation(c: Consultation): string[] {
  const missing: string[] = [];
  if (!c.consultees.trim()) missing.push('Say who was consulted: persons, organisations or consultation groups.');
  if (!c.heldOn) missing.push('Give the date of the consultation.');
  if (!c.method.trim()) missing.push('Say how the consultation was conducted.');
  if (!c.said.trim()) missing.push('Record what was said.');
  if (!c.outcome.trim()) missing.push('Record the outcome of the consultation.');
  return missing;
}
