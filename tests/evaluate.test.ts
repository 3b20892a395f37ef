// The evaluation stage: a unit's review years, whatever order its tallies came in.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate/evaluate.js';
import { loadData } from '../src/pipeline.js';
import { loadRulesets } from '../src/rulesets/load.js';
import { tallyKey } from '../src/tally/tally.js';
import { tempFile } from './helpers.js';

describe('evaluate', () => {
  it("takes a unit's latest review year whatever order its rows came in, and years added to the tallies since", async () => {
    // summary rows of 2024, then 2022, then 2023: the tallies come in that order
    const data = await loadData([tempFile('years-out-of-order.csv', 'year,province,group,poor,poor_rate,standard\n2024,Tỉnh Thử,all,100,10,vn-2022-2025\n2022,Tỉnh Thử,all,300,30,vn-2022-2025\n2023,Tỉnh Thử,all,600,60,vn-2022-2025\n')], {});
    const yaml = 'id: thu\ndocument: { number: "Thử", issuer: Thử }\nscope: { province: Tỉnh Thử }\nstandard: vn-2022-2025\ntargets:\n  - id: below-50\n    quote: "dưới 50%"\n    rule: level\n    metric: poor_rate\n    year: 2030\n    below: 50\n';
    const { rulesets, errors } = await loadRulesets([tempFile('thu.yaml', yaml)]);
    expect(errors).toEqual([]);
    const figures = { tree: data.tallier.tree, tallies: data.tallies };
    const [first] = evaluate(rulesets, figures);
    expect([first.status, first.observedYear, first.observed]).toEqual(['pending', 2024, 10]);
    expect(first.series.map((p) => p.year)).toEqual([2022, 2023, 2024]);
    // a later year added to the same tallies is seen by the next evaluation
    const unit = data.tallier.tree.find({ province: 'Tỉnh Thử' })!;
    const t2024 = data.tallies.get(tallyKey(unit.id, 2024, 'all'))!;
    data.tallies.set(tallyKey(unit.id, 2025, 'all'), { ...t2024, year: 2025, poor: 700, poorRate: 70 });
    const [second] = evaluate(rulesets, figures);
    expect([second.status, second.observedYear, second.observed]).toEqual(['pending', 2025, 70]);
    expect(second.series.map((p) => p.year)).toEqual([2022, 2023, 2024, 2025]);
  });
});
