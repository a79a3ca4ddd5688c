import { defineConfig } from 'vitest/config';

// The package's own tests, when run from its folder (`npx vitest run` here); the workspace's config runs them too.
export default defineConfig({ test: { include: ['src/**/*.test.ts'] } });
