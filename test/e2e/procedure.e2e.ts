import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOTS, changeStoredRecord, openApp, screenshot, seriousAccessibilityViolations, storedTable, useBrowser, waitForSampleWorkspace } from './browser.ts';

const browser = useBrowser();

interface StoredSite {
  id: string;
  reference: string;
  status: string;
  kind: string;
  rangeMetres: number;
  bearingDegrees: number | null;
  statusHistory: { from: string; to: string; by: string; reason: string; date: string }[];
}
interface StoredVersion {
  versionId: string;
  recordId: string;
  kind: string;
  siteId: string | null;
  version: number;
  author: string;
  content: Record<string, unknown>;
  hash: string;
  previousHash: string | null;
}

const panel = (page: Page) => page.getByRole('complementary', { name: /BANES-/ });
const recordDialog = (page: Page, name: RegExp) => page.getByRole('dialog', { name });

async function site(page: Page, reference: string): Promise<StoredSite> {
  return (await storedTable<StoredSite>(page, 'sites')).find((candidate) => candidate.reference === reference)!;
}

async function selectSite(page: Page, search: string, reference: string): Promise<Locator> {
  await page.getByRole('searchbox', { name: /Search the register/ }).fill(search);
  await page.getByRole('row', { name: new RegExp(reference) }).click();
  await panel(page).getByRole('heading', { name: new RegExp(reference) }).waitFor();
  return panel(page);
}

/** Fills a record form's field by its label, exactly. */
const fill = (dialog: Locator, label: string, text: string) => dialog.getByLabel(label, { exact: true }).fill(text);

async function saveVersion(dialog: Locator, version: number): Promise<void> {
  await dialog.getByRole('button', { name: `Save version ${version}` }).click();
  await dialog.getByText(new RegExp(`^Version ${version}, saved by A\\. Analyst`)).waitFor();
}

async function close(dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Records the outcome of a decision or review through its button and the confirmation it asks for. */
async function recordOutcome(page: Page, dialog: Locator, label: string): Promise<void> {
  const button = dialog.getByRole('button', { name: label });
  await expect.poll(() => button.isEnabled()).toBe(true);
  await button.click();
  const confirm = page.getByRole('dialog', { name: label });
  await confirm.getByRole('button', { name: label }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Prints the page to PDF as Chromium's "Save as PDF" does, and turns each page into a PNG beside the screenshots. */
async function printedPages(page: Page, name: string): Promise<string[]> {
  const pdf = `${SCREENSHOTS}${name}.pdf`;
  writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true }));
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, `${SCREENSHOTS}${name}-page`]);
  return readdirSync(SCREENSHOTS).filter((file) => file.startsWith(`${name}-page`) && file.endsWith('.png'));
}

describe('the procedure as records', () => {
  it('walks a proposed site from the strategic assessment to its approval', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);

    // 1. The strategic assessment of the force area, with evidence: a note, a file and the register's figures.
    await page.getByRole('button', { name: 'New strategic assessment…' }).click();
    const assessment = recordDialog(page, /^Strategic assessment: Avon and Somerset/);
    await assessment.waitFor();
    await fill(assessment, 'National security and counter terrorism', 'Temple Meads and Bath Spa rail stations (CNI); crowded places in Bath city centre.');
    await fill(assessment, 'Serious, Organised and Major Crime', 'SOC teams advise the A4 and A36 corridors are used by travelling burglary groups.');
    await fill(assessment, 'Local Crime', 'Vehicle crime and burglary concentrated along the A4 between Bristol and Bath.');
    await fill(assessment, 'Community Confidence and Reassurance/ Crime Prevention and Reduction', 'Not relevant: no community-initiated proposals this year.');
    await assessment.getByLabel('Priority: Serious, Organised and Major Crime').selectOption({ label: 'High' });
    await assessment.getByLabel('Priority: Community Confidence and Reassurance/ Crime Prevention and Reduction').selectOption({ label: 'Not a priority' });
    await assessment.getByRole('button', { name: 'Add a note' }).click();
    await fill(assessment, 'What it shows', 'Burglary series 2026/14 used the A4 through Saltford.');
    await assessment.locator('input[type=file]').setInputFiles({ name: 'soc-advice.txt', mimeType: 'text/plain', buffer: Buffer.from('SOC advice: A4 corridor, 2026.\n') });
    await assessment.getByText('soc-advice.txt', { exact: true }).waitFor();
    const keepFigures = assessment.getByRole('button', { name: 'Keep the register’s figures' });
    await expect.poll(() => keepFigures.isEnabled(), { timeout: 60_000 }).toBe(true);
    await keepFigures.click();
    await assessment.getByRole('cell', { name: 'Crimes in the area' }).or(assessment.getByRole('rowheader', { name: 'Crimes in the area' })).first().waitFor();
    await fill(assessment, 'Retention: how long this record is kept, and why', 'Kept while any NRD it supports is in use, and six years after.');
    await assessment.getByLabel('Your name').fill('A. Analyst');
    expect(await assessment.getByText('Nothing: every step the procedure names is answered.').count()).toBe(1);
    await saveVersion(assessment, 1);
    // The saved record stays open as it was saved, ready for a second version.
    expect(await assessment.getByLabel('Local Crime', { exact: true }).inputValue()).toMatch(/^Vehicle crime and burglary/);
    expect(await assessment.getByText('Nothing: every step the procedure names is answered.').count()).toBe(1);
    // A second version says what changed; the first is kept beside it.
    await fill(assessment, 'Retention: how long this record is kept, and why', 'Kept while any NRD it supports is in use, and seven years after (force policy).');
    await assessment.getByRole('button', { name: 'Save version 2' }).click();
    await assessment.getByRole('alert').filter({ hasText: 'Say what changed and why' }).waitFor();
    await assessment.getByLabel('What changed, and why').fill('Retention period per force policy');
    await saveVersion(assessment, 2);
    expect(await assessment.getByRole('list', { name: 'Versions, newest first' }).getByRole('listitem').count()).toBe(2);
    await assessment.getByRole('button', { name: 'Version 1' }).click();
    expect(await assessment.getByLabel('Retention: how long this record is kept, and why', { exact: true }).inputValue()).toMatch(/six years/);
    await screenshot(page, 'procedure-strategic-assessment');
    expect(await seriousAccessibilityViolations(page), 'strategic assessment dialog').toEqual([]);
    await assessment.getByRole('button', { name: 'Back to the current version' }).click();
    await close(assessment);
    await page.getByRole('region', { name: 'Procedure records' }).getByRole('button', { name: /Avon and Somerset/ }).waitFor();

    // 2. The proposal: assessment started by hand, then its records in the procedure's order.
    const sitePanel = await selectSite(page, 'saltford', 'BANES-P01');
    expect(await sitePanel.getByRole('button', { name: 'Approve…' }).count()).toBe(0);
    await sitePanel.getByRole('button', { name: 'Start assessment…' }).click();
    const start = page.getByRole('dialog', { name: /^Start assessment: BANES-P01/ });
    await start.getByRole('textbox', { name: 'Reason' }).fill('Identified in the 2026 strategic assessment');
    await start.getByRole('button', { name: 'Start assessment', exact: true }).click();
    await start.waitFor({ state: 'detached' });

    await sitePanel.getByRole('button', { name: 'Assess the pressing social need…' }).click();
    const need = recordDialog(page, /^Pressing social need: BANES-P01/);
    await need.waitFor();
    // Prefilled from the evidence figures: the crimes in coverage and the residents.
    expect(await need.getByLabel('People affected', { exact: true }).inputValue()).toMatch(/\d+ crimes recorded within the coverage of this location \(layer "/);
    expect(await need.getByLabel('Scope of privacy intrusion', { exact: true }).inputValue()).toMatch(/resident/i);
    await fill(need, 'Damage or distress', 'Burglary causes lasting distress; vehicle crime costs victims.');
    await fill(need, 'Local views', 'Parish council asked for action on the A4 (minutes, March 2026).');
    await fill(need, 'Wider societal views', 'National surveys show support for ANPR against serious crime.');
    await fill(need, 'Alternative tactical responses', 'Patrols (less intrusive) tried in 2025 without effect; covert deployment more intrusive.');
    await fill(need, 'The factors weighed against each other', 'Serious and repeated harm outweighs a modest intrusion on one main road.');
    await need.getByRole('radio', { name: 'Yes' }).check();
    await saveVersion(need, 1);
    await close(need);

    await sitePanel.getByRole('button', { name: 'Assess the privacy impact…' }).click();
    const privacy = recordDialog(page, /^Privacy impact assessment: BANES-P01/);
    await privacy.waitFor();
    expect(await privacy.getByLabel('Technology', { exact: true }).inputValue()).toMatch(/^ANPR technology is established within the organisation/);
    await fill(privacy, 'Review of the strategic assessment', 'The 2026 assessment names the A4 corridor.');
    await fill(privacy, 'Review of the pressing social need', 'Need identified; see the pressing social need record.');
    await fill(privacy, 'a. The location', 'Main road, no school or place of worship within the coverage.');
    await fill(privacy, 'Stakeholder representatives', 'Saltford parish council; B&NES council highways; Independent Advisory Group.');
    await fill(privacy, 'Consultation: with whom, and how far', 'Independent Advisory Group, general area only.');
    await fill(privacy, 'Signs within the policing area', 'ANPR signs on the A4 approaches.');
    await fill(privacy, 'Entries on the organisation’s internet site', 'Force ANPR page updated.');
    await fill(privacy, 'Other publications', 'None.');
    await saveVersion(privacy, 1);
    await close(privacy);

    await sitePanel.getByRole('button', { name: 'Record a consultation…' }).click();
    const consultation = recordDialog(page, /^Consultation: BANES-P01/);
    await fill(consultation, 'Who was consulted', 'Independent Advisory Group');
    await fill(consultation, 'How (meeting, survey, consultation group…)', 'Meeting of the established consultation group');
    await fill(consultation, 'What was said', 'Members supported ANPR on the A4 given the burglary series; asked for signage.');
    await fill(consultation, 'Outcome', 'Supported, with signage.');
    await consultation.getByLabel('Location disclosed').selectOption('general-area');
    await saveVersion(consultation, 1);
    await close(consultation);

    // 3. The decision's four steps, ending in approval, which moves the site's lifecycle.
    await sitePanel.getByRole('button', { name: 'Decide on the new infrastructure…' }).click();
    const decision = recordDialog(page, /^New infrastructure decision: BANES-P01/);
    await decision.waitFor();
    expect(await decision.getByLabel('Strategic assessment').locator('option:checked').textContent()).toMatch(/Avon and Somerset/);
    expect(await decision.getByLabel('Privacy impact assessment').locator('option:checked').textContent()).toMatch(/Privacy impact assessment/);
    expect(await decision.getByLabel('Pressing social need').locator('option:checked').textContent()).toMatch(/^Pressing social need, \d{4}-\d{2}-\d{2} \(v1\): identified$/);
    await fill(decision, 'Locations identified', 'A4 Bath Road, Saltford, between the two existing NRDs.');
    await fill(decision, 'Review of existing locations and the fit with regional and national infrastructure', 'Closes the gap on the A4 between Bristol and Bath.');
    await fill(decision, 'Privacy and proportionality', 'Proportionate: main road, no sensitive places in coverage.');
    await decision.getByLabel('Decision', { exact: true }).selectOption('approve');
    await fill(decision, 'Justification', 'Pressing social need identified; privacy impact low; consultation supportive.');
    await decision.getByLabel('Your name').fill('A. Analyst');
    await screenshot(page, 'procedure-decision');
    await recordOutcome(page, decision, 'Record the decision: approve BANES-P01');

    await sitePanel.getByText('Approved', { exact: true }).waitFor();
    const approved = await site(page, 'BANES-P01');
    expect(approved.status).toBe('approved');
    expect(approved.statusHistory.map((change) => `${change.from}>${change.to}`)).toEqual(['proposed>under-assessment', 'under-assessment>approved']);
    expect(approved.statusHistory[1]!.reason).toBe('Pressing social need identified; privacy impact low; consultation supportive.');
    const versions = await storedTable<StoredVersion>(page, 'records');
    expect(versions.map((version) => `${version.kind} v${version.version}`).sort()).toEqual(['consultation v1', 'decision v1', 'pressing-social-need v1', 'privacy-impact v1', 'strategic-assessment v1', 'strategic-assessment v2']);
    // The decision cites the site's pressing social need and privacy assessment by their record ids.
    expect(versions.find((version) => version.kind === 'decision')!.content).toMatchObject({
      outcome: 'approve',
      concluded: true,
      pressingSocialNeedId: versions.find((version) => version.kind === 'pressing-social-need')!.recordId,
      privacyImpactId: versions.find((version) => version.kind === 'privacy-impact')!.recordId,
    });
    await screenshot(page, 'procedure-approved');
    // The concluded decision opens read-only.
    await sitePanel.getByRole('button', { name: /^Decision: approved/ }).click();
    const concluded = recordDialog(page, /^New infrastructure decision: BANES-P01/);
    await concluded.getByText(/The outcome is recorded/).waitFor();
    expect(await concluded.getByRole('button', { name: /Save version/ }).count()).toBe(0);
    await close(concluded);

    // The assessment's priorities weigh the crimes when placing the next NRDs.
    await page.getByRole('button', { name: 'Plan placements' }).click();
    const planner = page.getByRole('region', { name: 'Plan new placements' });
    await planner.getByText('Crime weights (from the strategic assessment)').click();
    await planner.getByText(/^From the strategic assessment for Avon and Somerset of \d{4}-\d{2}-\d{2}: Serious, Organised and Major Crime high \(3\); Local Crime not rated \(1\); Community Confidence .* not a priority \(0\)\.$/).waitFor();
    const weight = (crimeType: string) => planner.getByRole('spinbutton', { name: `Weight of ${crimeType}` }).inputValue();
    expect([await weight('Drugs'), await weight('Burglary'), await weight('Anti-social behaviour')]).toEqual(['3', '1', '0']);
    expect(problems).toEqual([]);
  });

  it('takes a live site through its first and second annual reviews to decommission, and verify finds a record altered in IndexedDB', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);

    // Reviews due: the sample's NRDs went live on illustrative dates; BANES-E02 on 2025-09-15.
    await page.getByRole('button', { name: 'Show reviews due…' }).click();
    const due = page.getByRole('dialog', { name: 'Annual reviews due' });
    const e02 = due.getByRole('row', { name: /BANES-E02/ });
    expect(await e02.innerText()).toMatch(/2026-09-15/);
    await due.getByRole('button', { name: 'Days left' }).click();
    await screenshot(page, 'procedure-reviews-due');
    expect(await seriousAccessibilityViolations(page), 'reviews due').toEqual([]);
    await e02.getByRole('button', { name: 'BANES-E02' }).click();
    await due.waitFor({ state: 'detached' });
    const sitePanel = panel(page);
    await sitePanel.getByRole('heading', { name: /BANES-E02/ }).waitFor();
    expect(await sitePanel.getByText(/Annual review due 2026-09-15/).count()).toBe(1);

    // The first review: no privacy impact assessment on record, so seven steps; it continues.
    await sitePanel.getByRole('button', { name: 'Start the first annual review…' }).click();
    const first = recordDialog(page, /^Annual review: BANES-E02/);
    await first.waitFor();
    expect(await first.getByText(/First review where no privacy impact assessment has been completed: the 7 steps/).count()).toBe(1);
    expect(await first.getByLabel('Location of ANPR NRD (ANPR Camera):').inputValue()).toMatch(/^BANES-E02 Swainswick/);
    await first.getByRole('group', { name: /^Is location relevant/ }).getByRole('radio', { name: 'Yes' }).check();
    await first.getByRole('group', { name: /^Has ANPR been successful/ }).getByRole('radio', { name: 'Yes' }).check();
    await fill(first, 'The location', 'A46 at Swainswick: main road, no sensitive places in coverage.');
    expect(await first.getByLabel('The resident population', { exact: true }).inputValue()).toMatch(/resident/i);
    await fill(first, 'The transient population', 'Through traffic on the A46; no DfT count point in the sample.');
    await first.getByRole('group', { name: /^Is continued deployment at location a proportionate/ }).getByRole('radio', { name: 'Yes' }).check();
    await first.getByRole('group', { name: /^Continued Operation of NRD/ }).getByRole('radio', { name: 'Yes' }).check();
    await fill(first, 'Reason for decommissioning or Justification for continued deployment', 'Still on the A46 route used by travelling criminals; 14 hits led to arrests.');
    await first.getByLabel('Your name').fill('A. Analyst');
    await screenshot(page, 'procedure-first-review');
    expect(await seriousAccessibilityViolations(page), 'annual review dialog').toEqual([]);
    // Saving the review's first version puts the NRD under review until the outcome is recorded.
    await saveVersion(first, 1);
    await expect.poll(async () => (await site(page, 'BANES-E02')).status).toBe('under-review');
    await recordOutcome(page, first, 'Record the review: continue BANES-E02');
    await sitePanel.getByText('Continued after review', { exact: true }).waitFor();

    // The second review: eight steps; the location is no longer relevant, so it is decommissioned.
    await sitePanel.getByRole('button', { name: 'Start the annual review…' }).click();
    const second = recordDialog(page, /^Annual review: BANES-E02/);
    await second.waitFor();
    expect(await second.getByText(/Second and subsequent review.*: the 8 steps/).count()).toBe(1);
    await second.getByRole('group', { name: /^Is location relevant/ }).getByRole('radio', { name: 'No' }).check();
    expect(await second.getByText('No – Cease data collection and decommission NRD', { exact: true }).first().isVisible()).toBe(true);
    // Answering "continue" against a "no" is refused: Appendix A leads to decommission.
    await second.getByRole('group', { name: /^Continued Operation of NRD/ }).getByRole('radio', { name: 'Yes' }).check();
    await fill(second, 'Reason for decommissioning or Justification for continued deployment', 'Route diverted by the A46 bypass; the strategic assessment no longer names it.');
    await second.getByText(/"Continued Operation of NRD" is Yes, but the answers above lead to decommissioning/).waitFor();
    expect(await second.getByRole('button', { name: 'Record the outcome' }).isEnabled()).toBe(false);
    await second.getByRole('group', { name: /^Continued Operation of NRD/ }).getByRole('radio', { name: 'No' }).check();
    await recordOutcome(page, second, 'Record the review: decommission BANES-E02');
    await sitePanel.getByText('Decommissioned', { exact: true }).waitFor();
    await screenshot(page, 'procedure-decommissioned');
    expect(await sitePanel.getByText(/is final/).count()).toBe(1);

    const stored = await site(page, 'BANES-E02');
    expect(stored.statusHistory.map((change) => `${change.from}>${change.to}`)).toEqual([
      'approved>live',
      'live>under-review',
      'under-review>continued',
      'continued>under-review',
      'under-review>decommissioned',
    ]);
    const reviews = (await storedTable<StoredVersion>(page, 'records')).filter((version) => version.kind === 'annual-review');
    expect(reviews.map((review) => [review.content.reviewKind, review.version, review.content.concluded]).sort()).toEqual([
      ['first', 1, false],
      ['first', 2, true],
      ['later', 1, true],
    ]);

    // The site's evidence pack, printed to PDF as the browser's "Save as PDF" does, and its pages looked at.
    // Turned towards Bath with a 3.5 km range, the sector reaches the city's crime, for the pack's charts.
    const bearing = sitePanel.getByRole('textbox', { name: 'Bearing' });
    await bearing.fill('200');
    await bearing.press('Enter');
    // Straight on to the next field: its save waits for the bearing's rather than being dropped.
    const range = sitePanel.getByRole('textbox', { name: 'Range' });
    await range.fill('3500');
    await range.press('Enter');
    await expect.poll(async () => { const stored = await site(page, 'BANES-E02'); return [stored.bearingDegrees, stored.rangeMetres]; }).toEqual([200, 3500]);
    await sitePanel.getByText(/^[1-9][\d,]* crimes, /).waitFor();
    await sitePanel.getByRole('button', { name: 'Evidence pack…' }).click();
    const pack = page.getByRole('region', { name: 'Evidence pack: BANES-E02 Swainswick' });
    await pack.getByText('Ready to print.').waitFor({ timeout: 60_000 });
    expect(await pack.getByText(/Verify history: all 3 record versions in the workspace match/).count()).toBe(1);
    expect(await pack.getByRole('img', { name: 'Map of BANES-E02 and its coverage' }).evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
    expect(await pack.getByText('Continued Operation of NRD', { exact: true }).count()).toBe(2);
    expect(await pack.getByText('Yes [ ] No [x]').count()).toBe(1);
    expect(await pack.getByRole('img', { name: /^Crime in coverage by type: / }).locator('svg rect').count()).toBeGreaterThan(0);
    expect(await pack.getByRole('img', { name: /^Crime in coverage by month: / }).locator('svg rect').count()).toBeGreaterThan(0);
    await screenshot(page, 'evidence-pack-screen');
    expect(await seriousAccessibilityViolations(page), 'evidence pack').toEqual([]);
    const pages = await printedPages(page, 'evidence-pack-BANES-E02');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    await pack.getByRole('button', { name: 'Close the evidence pack' }).click();
    await pack.waitFor({ state: 'detached' });

    // The round's pack: the reviews concluded this year, one section per NRD.
    const procedurePanel = page.getByRole('region', { name: 'Procedure records' });
    await procedurePanel.getByRole('button', { name: 'Evidence pack of the round…' }).click();
    const round = page.getByRole('region', { name: /^Evidence pack: annual reviews / });
    await round.getByText('Ready to print.').waitFor({ timeout: 60_000 });
    expect(await round.getByText('1 NRD reviewed in the round, each with its Appendix A record').count()).toBe(1);
    expect(await round.getByRole('heading', { name: /^Annual review of \d{4}-\d{2}-\d{2} · version/ }).count()).toBe(2);
    await round.getByRole('button', { name: 'Close the evidence pack' }).click();

    // Verify history: clean, then a version's author changed straight in IndexedDB is found.
    const procedure = page.getByRole('region', { name: 'Procedure records' });
    await procedure.getByRole('button', { name: 'Verify history' }).click();
    await procedure.getByText(/^All 3 versions of 2 records verified/).waitFor();
    const target = reviews.find((review) => review.content.reviewKind === 'first' && review.version === 1)!;
    await changeStoredRecord(page, 'records', target.versionId, { author: 'Someone else' });
    await procedure.getByRole('button', { name: 'Verify history' }).click();
    await procedure.getByText(/1 problem found/).waitFor();
    expect(await procedure.getByRole('listitem').filter({ hasText: /Annual review of BANES-E02/ }).innerText()).toMatch(/changed after it was saved/);
    await screenshot(page, 'procedure-verify-tampered');
    // The record's own history marks the altered version.
    await sitePanel.getByRole('button', { name: /^Annual review .*: continue/ }).click();
    const altered = recordDialog(page, /^Annual review: BANES-E02/);
    await altered.getByRole('alert').filter({ hasText: /changed after it was saved/ }).waitFor();
    await screenshot(page, 'procedure-record-history-tampered');
    await close(altered);

    // Decommissioned sites stay in the register, greyed, and a filter hides them from the table and the map.
    await sitePanel.getByRole('button', { name: 'Close site panel' }).click();
    await page.getByRole('searchbox', { name: /Search the register/ }).fill('');
    expect(await page.locator('.register__row--closed').count()).toBe(1);
    await page.getByLabel('Status').selectOption('in-use');
    await expect.poll(() => page.locator('.register__row').count()).toBe(12);
    const onMap = await page.evaluate(() => (window.nrdMap!.getStyle().sources['site-positions'] as { data: GeoJSON.FeatureCollection }).data.features.map((f) => f.properties!.reference));
    expect(onMap).not.toContain('BANES-E02');
    expect(problems).toEqual([]);
  });
});
