// Jest runs the longest suites first when it has timings from an earlier run; a clean checkout (CI) has none,
// and Jest would then start with the largest files. The grouped suites (test/suites) are the longest by far:
// start them first so both workers stay busy to the end.
const Sequencer = require('@jest/test-sequencer').default;

class SuitesFirst extends Sequencer {
  sort(tests) {
    const first = (t) => (t.path.includes('/test/suites/') ? 0 : t.path.endsWith('docs.test.ts') ? 1 : 2);
    return [...super.sort(tests)].sort((a, b) => first(a) - first(b));
  }
}

module.exports = SuitesFirst;
