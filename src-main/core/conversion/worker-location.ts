// Where the conversion worker's module is: beside the bundle in the built main process
// (dist/main/conversion-worker.cjs, see scripts/build-main.mjs), or the TypeScript source run
// through tsx under vitest and `npm run host`.
export interface ConversionWorkerSpec {
  url: URL | string;
  /** Node options for the worker thread (tsx's loader for the TypeScript source). */
  execArgv?: string[];
}

export const CONVERSION_WORKER_BUNDLE = 'conversion-worker.cjs';

export function defaultConversionWorker(): ConversionWorkerSpec {
  // In the bundle, build-main defines import.meta.url as the bundle's own file URL.
  const here = import.meta.url;
  if (here.endsWith('.cjs') || here.endsWith('.js')) return { url: new URL(`./${CONVERSION_WORKER_BUNDLE}`, here) };
  return { url: new URL('./worker.ts', here), execArgv: ['--import', 'tsx'] };
}
