import { describe, expect, it } from 'vitest';
import { bundledLibraryBuilds, developmentSources, RENDERER_DIST } from '../support/renderer-build';

/**
 * `npm test` builds the renderer with NODE_ENV=test (tests/support/run-all.ts), as anything started
 * from inside Vitest would: the build every browser test and benchmark then serves must still be
 * React's production build (vite.config.ts forces it).
 */
describe('the renderer build the browser tests serve', () => {
  it('bundles React and its scheduler as their production builds, whatever NODE_ENV the build ran under', () => {
    const builds = bundledLibraryBuilds(RENDERER_DIST);
    // The check can see React at all (the hidden source maps name its files)…
    expect(builds).toEqual(expect.arrayContaining(['react-dom/cjs/react-dom-client.production.js', 'react/cjs/react.production.js']));
    // …and none of them is a development build.
    expect(developmentSources(RENDERER_DIST)).toEqual([]);
  });
});
