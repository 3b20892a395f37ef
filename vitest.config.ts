import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // the JSON report lets .ci/run print the plain "N passed, N failed" line
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
  },
});
