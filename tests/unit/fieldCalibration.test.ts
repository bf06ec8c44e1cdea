// Reading the review service's calibration export for `eval:checks --field`: CSV that survives any
// unit text a booth sends, clear errors for a wrong or damaged file, and tasks that keep the
// direction of each rule's shipped threshold.
import { describe, expect, it } from 'vitest';
import { csvLine, parseCsv } from '../../shared/csv.ts';
import { fieldExportHeader, fieldExportLine, type FieldExportRow } from '../../shared/checks/fieldExport.ts';
import { fieldFileArgument, fieldSamples, fieldTasks, parseFieldExport } from '../../tools/fieldCalibration.ts';

const row = (sample: number, over: Partial<FieldExportRow>): FieldExportRow => ({
  sample, rule: 'hair.ears', value: 0.5, unit: 'ratio', threshold_min: 0.6, threshold_max: null, verdict: 'warn', overridden: false, outcome: 'approved', ...over,
});

describe('calibration export CSV', () => {
  it('round-trips cells with commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    const text = csvLine(['a,b', 'say "hi"', 'two\nlines', '=HYPERLINK("x")', -1.5, null]);
    expect(parseCsv(text)).toEqual([['a,b', 'say "hi"', 'two\nlines', '\'=HYPERLINK("x")', '-1.5', '']]);
    expect(() => parseCsv('"open')).toThrow(/inside a quoted field/);
  });

  it('refuses a file that is not an export, and names the line of a damaged record', () => {
    expect(() => parseFieldExport('file,Blurry\r\n1,0\r\n', 'labels.csv')).toThrow(/labels.csv: not a GradBooth calibration export/);
    const damaged = fieldExportHeader() + fieldExportLine(row(1, {})) + '2,hair.ears,abc,ratio,0.6,,warn,0,approved\r\n';
    expect(() => parseFieldExport(damaged, 'x.csv')).toThrow(/x.csv line 3: value: "abc" is not a number/);
    expect(() => fieldFileArgument(['--field'])).toThrow(/--field needs the calibration export file/);
    expect(fieldFileArgument(['--field', 'f.csv'])).toBe('f.csv');
    expect(fieldFileArgument([])).toBeNull();
  });

  it('turns rows into one sample per photo and tasks that flag beyond the shipped threshold\'s side', () => {
    const rows = parseFieldExport(fieldExportHeader() + [
      row(1, { value: 0.3, verdict: 'fail', overridden: true, outcome: 'rejected' }),
      row(1, { rule: 'light.balance', value: 0.3, unit: 'L*', threshold_min: null, threshold_max: 0.25, verdict: 'warn', outcome: 'other' }),
      row(2, { value: 0.9, verdict: 'pass' }),
      row(2, { rule: 'pose.yaw', value: -12, unit: '°', threshold_min: -8, threshold_max: 8, verdict: 'fail', outcome: 'flagged' }),
    ].map(fieldExportLine).join(''), 'mem');
    const samples = fieldSamples(rows);
    expect(samples.map((s) => [s.name, [...s.results.keys()], s.labels])).toEqual([
      ['1', ['hair.ears', 'light.balance'], { 'hair.ears': 'rejected', 'light.balance': 'other' }],
      ['2', ['hair.ears', 'pose.yaw'], { 'hair.ears': 'approved', 'pose.yaw': 'flagged' }],
    ]);
    const tasks = new Map(fieldTasks(samples).map((t) => [t.rule, t]));
    const [one, two] = samples as [typeof samples[0], typeof samples[0]];
    // min only: the score is the value's negative, so a higher score is worse and the threshold turns back into the unit
    const hair = tasks.get('hair.ears')!;
    expect([hair.score!(0.3), hair.unscore!(-0.6)]).toEqual([-0.3, 0.6]);
    expect([hair.truth(one), hair.truth(two)]).toEqual([true, false]);
    // max only: the value itself
    expect([tasks.get('light.balance')!.score, tasks.get('light.balance')!.rangeScore]).toEqual([undefined, undefined]);
    // a range: how far outside the photo's own range, 0 at its edges
    const yaw = tasks.get('pose.yaw')!;
    expect([yaw.rangeScore!(-12, { min: -8, max: 8, unit: '°' }), yaw.rangeScore!(8, { min: -8, max: 8, unit: '°' }), yaw.truth(two), yaw.truth(one)]).toEqual([4, 0, false, null]);
  });
});
